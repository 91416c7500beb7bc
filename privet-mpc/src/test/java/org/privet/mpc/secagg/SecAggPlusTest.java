package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.privet.mpc.secagg.InsecureRandom.insecureForTests;
import static org.privet.mpc.secagg.SecAggFixtures.inputs;
import static org.privet.mpc.secagg.SecAggFixtures.plainSum;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** SecAgg+ (Bell et al. 2020): neighbourhood masking and sharing on a random k-regular graph. */
class SecAggPlusTest {
    /** 30% of the n clients, spread by a seeded shuffle. */
    private static int[] thirtyPercent(int n, long seed) {
        Random r = new Random(seed);
        int[] ids = IntStream.rangeClosed(1, n).toArray();
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = ids[i];
            ids[i] = ids[j];
            ids[j] = t;
        }
        int[] d = Arrays.copyOf(ids, (int) (0.3 * n));
        Arrays.sort(d);
        return d;
    }

    @ParameterizedTest
    @EnumSource(value = SecAggPhase.class, names = {"ADVERTISE_KEYS", "SHARE_KEYS", "MASKED_INPUT_COLLECTION", "UNMASKING"})
    void thirtyPercentDropAtOnePhaseAndTheSumIsExact(SecAggPhase phase) {
        // 40 clients, 16 neighbours each, 9 of a neighbourhood of 17 reconstruct; the seeds are fixed, and with
        // them every neighbourhood keeps >= 9 live members (the test fails, never flakes, if that changed)
        SecAggConfig c = SecAggConfig.secAggPlus(SecAggPlusParameters.insecureForTests(40, 16, 9), 50, 32);
        long[][] x = inputs(c, phase.ordinal());
        int[] drop = thirtyPercent(40, 3);
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(5), new SecAggRound.Dropouts().before(phase, drop));
        int[] expected = phase == SecAggPhase.UNMASKING
                ? IntStream.rangeClosed(1, 40).toArray() // their masked inputs are in
                : IntStream.rangeClosed(1, 40).filter(v -> Arrays.binarySearch(drop, v) < 0).toArray();
        assertThat(r.included()).containsExactly(expected);
        assertThat(r.sum()).containsExactly(plainSum(c, x, expected));
    }

    @Test
    void thirtyPercentDropAtEveryPhaseWithThePapersParameters() {
        // checked parameters for 60 clients, 5% corrupt, 30% dropping: k = 38, t = 20 (see SecAggPlusParameters)
        SecAggPlusParameters p = SecAggPlusParameters.choose(60, 0.05, 0.3);
        assertThat(p.degree()).isEqualTo(38);
        assertThat(p.threshold()).isEqualTo(20);
        SecAggConfig c = SecAggConfig.secAggPlus(p, 20, 24);
        long[][] x = inputs(c, 7);
        int[] drop = thirtyPercent(60, 11); // 18 clients: 5 + 5 + 4 + 4 over the four phases
        SecAggRound.Dropouts d = new SecAggRound.Dropouts()
                .before(SecAggPhase.ADVERTISE_KEYS, Arrays.copyOfRange(drop, 0, 5))
                .before(SecAggPhase.SHARE_KEYS, Arrays.copyOfRange(drop, 5, 10))
                .before(SecAggPhase.MASKED_INPUT_COLLECTION, Arrays.copyOfRange(drop, 10, 14))
                .before(SecAggPhase.UNMASKING, Arrays.copyOfRange(drop, 14, 18));
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(13), d);
        assertThat(r.survivors()).containsExactly(55, 50, 46, 42);
        assertThat(r.included()).hasSize(46);
        assertThat(r.sum()).containsExactly(plainSum(c, x, r.included()));
    }

    @Test
    void aNeighbourhoodBelowTheThresholdAbortsAndSaysTheServerLearnedNothing() {
        SecAggConfig c = SecAggConfig.secAggPlus(SecAggPlusParameters.insecureForTests(40, 16, 9), 8, 16);
        int[] half = IntStream.rangeClosed(1, 20).map(i -> 2 * i).toArray(); // 20 of 40: some neighbourhood loses 9 of 17
        assertThatThrownBy(() -> SecAggRound.run(c, inputs(c, 1), insecureForTests(2),
                new SecAggRound.Dropouts().before(SecAggPhase.MASKED_INPUT_COLLECTION, half)))
                .isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("round aborted at MaskedInputCollection: client")
                .hasMessageContaining("live share holders in its neighbourhood of 17, below the threshold 9")
                .hasMessageContaining("learned nothing");
        int[] most = IntStream.rangeClosed(1, 35).toArray();
        assertThatThrownBy(() -> SecAggRound.run(c, inputs(c, 1), insecureForTests(2),
                new SecAggRound.Dropouts().before(SecAggPhase.SHARE_KEYS, most)))
                .isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("only 5 of 40 clients sent their encrypted key shares, below the threshold 9");
    }

    @Test
    void aWrongLengthOrOutOfRangeVectorIsRejectedAndTheRoundGoesOn() {
        SecAggConfig c = SecAggConfig.secAggPlus(SecAggPlusParameters.insecureForTests(24, 12, 7), 10, 20);
        long[][] x = inputs(c, 3);
        SecAggResult r = SecAggRound.run(c, x, insecureForTests(4), SecAggFixtures.wrongLengthFrom3OutOfRangeFrom6());
        assertThat(r.included()).hasSize(22).doesNotContain(3, 6);
        SecAggFixtures.assertSumWithoutClients3And6(c, x, r);
    }

    @Test
    void eachClientGetsOnlyItsNeighbourhoodsKeysAndTheGraphFromTheSeed() {
        SecAggConfig c = SecAggConfig.secAggPlus(SecAggPlusParameters.insecureForTests(30, 8, 5), 4, 8);
        SecAggServer s = new SecAggServer(c, insecureForTests(21));
        SecAggClient[] cl = new SecAggClient[31];
        for (int id = 1; id <= 30; id++) {
            cl[id] = new SecAggClient(c, id, new long[4], insecureForTests(100 + id));
            s.receive(id, cl[id].advertiseKeys());
        }
        Map<Integer, byte[]> keys = s.advance();
        SecAggGraph g = SecAggGraph.harary(30, 8, s.graphSeed());
        for (int id = 1; id <= 30; id++) {
            assertThat(keys.get(id)).hasSize(1 + 32 + 4 + 9 * 68); // type, seed, count, 9 (id, c_pk, s_pk)
            assertThat(g.neighbours(id)).containsExactly(s.graph().neighbours(id));
            byte[] shares = cl[id].respond(keys.get(id));
            // ShareKeys: 8 ciphertexts, one per neighbour, addressed in order
            assertThat(s.receive(id, shares)).isTrue();
        }
        // a key list that names a non-neighbour is refused by the client
        SecAggClient fresh = new SecAggClient(c, 1, new long[4], insecureForTests(7));
        fresh.advertiseKeys();
        byte[] forged = keys.get(2).clone(); // client 2's list, handed to client 1
        assertThatThrownBy(() -> fresh.respond(forged))
                .hasMessageMatching("(?s).*(is not a neighbour of this client|does not contain this client|other keys).*");
    }

    @Test
    void parametersFollowThePapersConditionsAndRefuseWeakOnes() {
        // known answers (sigma = 40, eta = 20), also reproduced by an independent script while writing this
        SecAggPlusParameters p = SecAggPlusParameters.choose(1000, 0.1, 0.1);
        assertThat(p.degree()).isEqualTo(48);
        assertThat(p.threshold()).isEqualTo(27);
        assertThat(p.log2SecurityFailure()).isLessThanOrEqualTo(-40);
        assertThat(p.log2CorrectnessFailure()).isLessThanOrEqualTo(-20);
        assertThat(SecAggPlusParameters.choose(1000, 0.05, 0.05).degree()).isEqualTo(30);
        assertThat(SecAggPlusParameters.choose(1000, 0.1, 0.3).degree()).isEqualTo(174);
        assertThat(SecAggPlusParameters.choose(1_000_000, 0.1, 0.1).degree()).isEqualTo(64);
        assertThatThrownBy(() -> SecAggPlusParameters.of(1000, 48, 20, 0.1, 0.1))
                .hasMessageContaining("threshold must be in ((k+1)/2, k+1] = (24, 49]");
        assertThatThrownBy(() -> SecAggPlusParameters.of(1000, 10, 6, 0.0, 0.3))
                .hasMessageContaining("degree 10 is too low");
        assertThatThrownBy(() -> SecAggPlusParameters.of(1000, 48, 25, 0.3, 0.1))
                .hasMessageContaining("threshold 25 is too low for degree 48");
        assertThatThrownBy(() -> SecAggPlusParameters.of(1000, 48, 45, 0.1, 0.1))
                .hasMessageContaining("threshold 45 is too high for degree 48");
        assertThat(SecAggPlusParameters.of(1000, 48, 27, 0.1, 0.1)).isEqualTo(p);
        // small n: exact counts (here at most 2 corrupt and 6 dropped of 20) already allow a sparse graph
        assertThat(SecAggPlusParameters.choose(20, 0.1, 0.3).degree()).isEqualTo(14);
        assertThatThrownBy(() -> SecAggPlusParameters.choose(4, 0.0, 0.25)).hasMessageContaining("use the complete graph");
        assertThatThrownBy(() -> SecAggPlusParameters.insecureForTests(20, 7, 5)).hasMessageContaining("must be even");
        // the switch: the complete graph when no sparse one meets the bounds, SecAgg+ otherwise
        SecAggConfig small = SecAggConfig.choose(4, 10, 32, 0.0, 0.25);
        assertThat(small.completeGraph()).isTrue();
        assertThat(small.threshold()).isEqualTo(3);
        assertThatThrownBy(() -> SecAggConfig.choose(4, 10, 32, 0.0, 0.5)).hasMessageContaining("no threshold tolerates 2 dropouts");
        SecAggConfig large = SecAggConfig.choose(1000, 10, 32, 0.1, 0.1);
        assertThat(large.completeGraph()).isFalse();
        assertThat(large.degree()).isEqualTo(48);
        assertThatThrownBy(() -> new SecAggConfig(1000, 30, 10, 32, p))
                .hasMessageContaining("must match the SecAgg+ parameters");
    }
}
