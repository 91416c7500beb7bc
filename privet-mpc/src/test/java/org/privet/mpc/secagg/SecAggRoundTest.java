package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.privet.mpc.secagg.InsecureRandom.insecureForTests;
import static org.privet.mpc.secagg.SecAggFixtures.inputs;
import static org.privet.mpc.secagg.SecAggFixtures.plainSum;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.privet.mpc.net.MpcException;

class SecAggRoundTest {
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 16, 20, 32, 33, 64})
    void sumIsExactForEveryElementWidth(int bits) {
        SecAggConfig c = new SecAggConfig(6, 4, 37, bits);
        long[][] x = inputs(c, bits);
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(bits));
        assertThat(r.included()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(r.sum()).containsExactly(plainSum(c, x, r.included()));
        assertThat(r.excluded()).isEmpty();
        assertThat(r.survivors()).containsExactly(6, 6, 6, 6);
    }

    @ParameterizedTest
    @EnumSource(value = SecAggPhase.class, names = {"ADVERTISE_KEYS", "SHARE_KEYS", "MASKED_INPUT_COLLECTION", "UNMASKING"})
    void thirtyPercentDropAtOnePhaseAndTheSumIsExact(SecAggPhase phase) {
        SecAggConfig c = new SecAggConfig(10, 6, 64, 32);
        long[][] x = inputs(c, phase.ordinal());
        int[] drop = {2, 5, 9}; // 30% of 10
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(5), new SecAggRound.Dropouts().before(phase, drop));
        int[] expected = phase == SecAggPhase.UNMASKING
                ? java.util.stream.IntStream.rangeClosed(1, 10).toArray() // their masked inputs are in
                : java.util.stream.IntStream.rangeClosed(1, 10).filter(v -> Arrays.binarySearch(drop, v) < 0).toArray();
        assertThat(r.included()).containsExactly(expected);
        assertThat(r.sum()).containsExactly(plainSum(c, x, expected));
        if (phase != SecAggPhase.UNMASKING) {
            assertThat(r.excluded()).containsOnlyKeys(2, 5, 9);
        }
    }

    @Test
    void dropoutsAtEveryBoundaryDownToTheThreshold() {
        SecAggConfig c = new SecAggConfig(20, 11, 100, 24);
        long[][] x = inputs(c, 99);
        SecAggRound.Dropouts d = new SecAggRound.Dropouts()
                .before(SecAggPhase.ADVERTISE_KEYS, 1, 2)
                .before(SecAggPhase.SHARE_KEYS, 10, 11)
                .before(SecAggPhase.MASKED_INPUT_COLLECTION, 15, 16)
                .before(SecAggPhase.UNMASKING, 18, 19, 4);
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(9), d);
        assertThat(r.survivors()).containsExactly(18, 16, 14, 11);
        assertThat(r.included()).hasSize(14).doesNotContain(1, 2, 10, 11, 15, 16).contains(18, 19, 4);
        assertThat(r.sum()).containsExactly(plainSum(c, x, r.included()));
        assertThat(r.excluded().get(16)).contains("dropped: no MaskedInputCollection message");
    }

    @ParameterizedTest
    @EnumSource(value = SecAggPhase.class, names = {"ADVERTISE_KEYS", "SHARE_KEYS", "MASKED_INPUT_COLLECTION", "UNMASKING"})
    void belowTheThresholdTheRoundAbortsAndSaysTheServerLearnedNothing(SecAggPhase phase) {
        SecAggConfig c = new SecAggConfig(10, 7, 8, 16);
        assertThatThrownBy(() -> SecAggRound.run(c, inputs(c, 1), insecureForTests(2),
                new SecAggRound.Dropouts().before(phase, 1, 2, 3, 4)))
                .isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("round aborted at")
                .hasMessageContaining("only 6 of 10 clients")
                .hasMessageContaining("below the threshold 7")
                .hasMessageContaining("learned nothing");
    }

    @Test
    void aWrongLengthOrOutOfRangeVectorIsRejectedAndTheRoundGoesOn() {
        SecAggConfig c = new SecAggConfig(8, 5, 10, 20); // 20 bits in 3 bytes: the top 4 bits must be 0
        long[][] x = inputs(c, 3);
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(4), SecAggFixtures.wrongLengthFrom3OutOfRangeFrom6());
        assertThat(r.included()).containsExactly(1, 2, 4, 5, 7, 8);
        SecAggFixtures.assertSumWithoutClients3And6(c, x, r);
    }

    @Test
    void aTamperedUnmaskingShareAbortsInsteadOfReturningAWrongSum() {
        SecAggConfig c = new SecAggConfig(6, 4, 5, 32);
        SecAggRound.ClientFilter tamper = (client, phase, m) -> {
            if (phase == SecAggPhase.UNMASKING && client == 1) {
                byte[] t = m.clone();
                t[t.length - 1] ^= 1; // last chunk of the last share (client 6's seed share)
                return t;
            }
            return m;
        };
        assertThatThrownBy(() -> SecAggRound.run(c, inputs(c, 6), insecureForTests(6), tamper))
                .isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("client 6's self-mask seed are inconsistent");
    }

    @Test
    void aTamperedMaskingKeyShareIsCaughtByThePublicKeyCheck() {
        SecAggConfig c = new SecAggConfig(5, 3, 5, 32);
        SecAggRound.Dropouts drop = new SecAggRound.Dropouts().before(SecAggPhase.MASKED_INPUT_COLLECTION, 5);
        SecAggRound.ClientFilter tamper = (client, phase, m) -> {
            byte[] out = drop.apply(client, phase, m);
            if (out != null && phase == SecAggPhase.UNMASKING && client == 1) {
                out = out.clone();
                out[out.length - 1] ^= 1; // client 5's masking-key share (the last owner)
            }
            return out;
        };
        assertThatThrownBy(() -> SecAggRound.run(c, inputs(c, 6), insecureForTests(6), tamper))
                .isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("client 5");
    }

    @Test
    void fixedPointFloatUpdatesSumWithinTheRoundingBound() {
        int n = 7;
        SecAggConfig c = new SecAggConfig(n, 5, 200, 32);
        FixedPointCodec codec = new FixedPointCodec(32, 16, n);
        Random r = new Random(8);
        float[][] updates = new float[n][200];
        double[] expected = new double[200];
        long[][] enc = new long[n][];
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < 200; i++) {
                updates[k][i] = (float) (r.nextGaussian() * 100);
                expected[i] += updates[k][i];
            }
            enc[k] = codec.encode(updates[k]);
        }
        double[] got = codec.decodeSum(SecAggRound.run(c, enc, new SecureRandom()).sum());
        for (int i = 0; i < 200; i++) {
            // rounding: at most 2^-17 per client
            assertThat(got[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(n * Math.scalb(1.0, -17) + 1e-9));
        }
        assertThatThrownBy(() -> codec.encode(new float[] {(float) (codec.maxAbsValue() * 1.01)}))
                .hasMessageContaining("cannot wrap around 2^32");
        assertThatThrownBy(() -> codec.encode(new float[] {Float.NaN})).hasMessageContaining("must be finite");
    }

    @Test
    void docExample() {
        // docs/secagg.md: three clients sum float updates, client 3 drops after sharing its keys
        SecAggConfig cfg = new SecAggConfig(3, 2, 4, 32);
        FixedPointCodec codec = new FixedPointCodec(32, 16, 3);
        long[][] in = {
            codec.encode(new float[] {0.5f, -1f, 2f, 0f}),
            codec.encode(new float[] {1.5f, 1f, 0.25f, -3f}),
            codec.encode(new float[] {100f, 100f, 100f, 100f})};
        SecAggResult r = SecAggRound.run(cfg, in, new SecureRandom(),
                new SecAggRound.Dropouts().before(SecAggPhase.MASKED_INPUT_COLLECTION, 3));
        assertThat(codec.decodeSum(r.sum())).containsExactly(2.0, 0.0, 2.25, -3.0);
        assertThat(r.included()).containsExactly(1, 2);
    }

    @Test
    void maskedInputsHideTheInputs() {
        // all-zero inputs: every masked vector must look uniform (a leaked input would be all zeros)
        SecAggConfig c = new SecAggConfig(4, 3, 4000, 8);
        long[][] zeros = new long[4][4000];
        long[] seen = new long[1];
        SecAggRound.ClientFilter spy = (client, phase, m) -> {
            if (phase == SecAggPhase.MASKED_INPUT_COLLECTION) {
                for (int i = 9; i < m.length; i++) {
                    seen[0] += m[i] & 0xFF;
                }
            }
            return m;
        };
        SecAggResult r = SecAggRound.run(c, zeros, insecureForTests(12), spy);
        assertThat(r.sum()).containsOnly(0L);
        // mean byte of 16000 uniform bytes: 127.5 +- 0.58 (1 sd); 127.5 +- 5 fails with probability < 1e-15
        assertThat(seen[0] / 16000.0).isBetween(122.5, 132.5);
    }

    @Test
    void configAndClientRejectBadArguments() {
        assertThatThrownBy(() -> new SecAggConfig(10, 5, 1, 8))
                .hasMessageContaining("threshold must be in (clients/2, clients] = (5, 10]");
        assertThatThrownBy(() -> new SecAggConfig(10, 7, 1, 65)).hasMessageContaining("bits must be in [1, 64]");
        SecAggConfig c = new SecAggConfig(3, 2, 2, 8);
        assertThatThrownBy(() -> new SecAggClient(c, 1, new long[] {1, 256}, new SecureRandom()))
                .hasMessageContaining("input element 1 must be in [0, 2^8). Provided value: 256");
        assertThatThrownBy(() -> new SecAggClient(c, 4, new long[2], new SecureRandom()))
                .hasMessageContaining("client id must be in [1, 3]");
        assertThat(SecAggConfig.withDefaultThreshold(100, 1, 16).threshold()).isEqualTo(67);
    }

    @Test
    void aClientRejectsAKeyListWithoutItselfAndAnAbortNotice() {
        SecAggConfig c = new SecAggConfig(3, 2, 2, 8);
        SecAggClient a = new SecAggClient(c, 1, new long[2], new SecureRandom());
        SecAggClient b = new SecAggClient(c, 2, new long[2], new SecureRandom());
        SecAggClient d = new SecAggClient(c, 3, new long[2], new SecureRandom());
        SecAggServer s = new SecAggServer(c);
        s.receive(2, b.advertiseKeys());
        s.receive(3, d.advertiseKeys());
        byte[] keys = s.advance().get(2);
        a.advertiseKeys();
        assertThatThrownBy(() -> a.respond(keys)).isInstanceOf(MpcException.class)
                .hasMessageContaining("the key list does not contain this client");
        assertThatThrownBy(() -> b.respond(SecAggServer.abortMessage("test stop")))
                .isInstanceOf(SecAggAbortedException.class).hasMessageContaining("the server aborted the round: test stop");
        assertThat(b.isDone()).isTrue();
    }
}
