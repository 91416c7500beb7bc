package org.privet.mpc.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShamirSharingTest {
    private static final Random SEEDED = new Random(42);

    @Test
    void fieldArithmeticAgreesWithBigInteger() {
        java.math.BigInteger p = java.math.BigInteger.valueOf(PrimeField61.P);
        Random r = new Random(1);
        for (int i = 0; i < 2000; i++) {
            long a = (r.nextLong() >>> 3) % PrimeField61.P;
            long b = i == 0 ? PrimeField61.P - 1 : (r.nextLong() >>> 3) % PrimeField61.P;
            java.math.BigInteger ba = java.math.BigInteger.valueOf(a);
            java.math.BigInteger bb = java.math.BigInteger.valueOf(b);
            assertThat(PrimeField61.mul(a, b)).isEqualTo(ba.multiply(bb).mod(p).longValueExact());
            assertThat(PrimeField61.add(a, b)).isEqualTo(ba.add(bb).mod(p).longValueExact());
            assertThat(PrimeField61.sub(a, b)).isEqualTo(ba.subtract(bb).mod(p).longValueExact());
            if (a != 0) {
                assertThat(PrimeField61.mul(a, PrimeField61.inv(a))).isEqualTo(1);
            }
        }
        assertThat(PrimeField61.reduce(-1L)).isEqualTo(java.math.BigInteger.ONE.shiftLeft(64).subtract(
                java.math.BigInteger.ONE).mod(p).longValueExact());
    }

    @Test
    void anyThresholdSubsetReconstructsA256BitSecret() {
        byte[] secret = new byte[32];
        new Random(7).nextBytes(secret);
        ShamirSharing s = new ShamirSharing(3);
        ShamirShare[] shares = s.split(secret, 5, new SecureRandom());
        assertThat(shares[0].y()).hasSize(5); // 32 bytes -> 5 chunks of 7 bytes
        for (int a = 0; a < 5; a++) {
            for (int b = a + 1; b < 5; b++) {
                for (int c = b + 1; c < 5; c++) {
                    assertThat(s.reconstruct(List.of(shares[c], shares[a], shares[b]))).isEqualTo(secret);
                }
            }
        }
        assertThat(s.reconstruct(Arrays.asList(shares))).isEqualTo(secret);
    }

    @Test
    void oddLengthsAndExtremeBytesRoundTrip() {
        ShamirSharing s = new ShamirSharing(2);
        for (int len = 1; len <= 20; len++) {
            byte[] secret = new byte[len];
            Arrays.fill(secret, (byte) 0xFF);
            ShamirShare[] sh = s.splitInsecureForTests(secret, new long[] {3, 1000, PrimeField61.P - 1}, SEEDED);
            assertThat(s.reconstruct(List.of(sh[2], sh[0]))).isEqualTo(secret);
            assertThat(ShamirShare.fromBytes(sh[1].toBytes())).isEqualTo(sh[1]);
        }
    }

    @Test
    void fewerThanThresholdSharesAreUniform() {
        // With t = 2 a single share of chunk 0 is uniform whatever the secret: the x=1 share of secret 0 and
        // of secret 0xFF..FF have the same distribution. Check that the low bit is balanced for both
        // (2000 draws each; |mean - 0.5| > 0.08 has probability < 1e-12 per secret for a fair bit).
        ShamirSharing s = new ShamirSharing(2);
        Random r = new Random(3);
        for (byte fill : new byte[] {0, (byte) 0xFF}) {
            byte[] secret = new byte[7];
            Arrays.fill(secret, fill);
            int ones = 0;
            for (int i = 0; i < 2000; i++) {
                ones += (int) (s.splitInsecureForTests(secret, new long[] {1, 2}, r)[0].y()[0] & 1);
            }
            assertThat(ones / 2000.0).isBetween(0.42, 0.58);
        }
    }

    @Test
    void rejectsTooFewDuplicateAndInconsistentShares() {
        ShamirSharing s = new ShamirSharing(3);
        byte[] secret = "attack at dawn".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ShamirShare[] sh = s.split(secret, 5, new SecureRandom());
        assertThatThrownBy(() -> s.reconstruct(List.of(sh[0], sh[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too few shares: 2 given, threshold 3");
        assertThatThrownBy(() -> s.reconstruct(List.of(sh[0], sh[1], sh[1])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate share x-coordinate: 2");
        long[] y = sh[4].y();
        y[0] = PrimeField61.add(y[0], 1);
        List<ShamirShare> bad = new ArrayList<>(List.of(sh[0], sh[1], sh[2], new ShamirShare(5, y, secret.length)));
        assertThatThrownBy(() -> s.reconstruct(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent shares: share 3 (x=5)");
        Collections.swap(bad, 0, 3);
        assertThatThrownBy(() -> s.reconstruct(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inconsistent shares");
        assertThatThrownBy(() -> s.split(secret, 2, new SecureRandom())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be >= threshold");
        assertThatThrownBy(() -> s.splitInsecureForTests(secret, new long[] {1, 2, 0}, SEEDED))
                .hasMessageContaining("x-coordinates must be in [1, 2^61 - 1). Provided value: 0");
        assertThatThrownBy(() -> new ShamirSharing(0)).hasMessageContaining("threshold must be >= 1. Provided value: 0");
        assertThatThrownBy(() -> ShamirShare.fromBytes(new byte[7])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void precomputedLagrangeCoefficientsReconstructManySecrets() {
        ShamirSharing s = new ShamirSharing(4);
        long[] xs = {2, 5, 9, 11};
        long[] lambda = ShamirSharing.lagrangeAtZero(xs);
        Random r = new Random(11);
        for (int i = 0; i < 20; i++) {
            byte[] secret = new byte[32];
            r.nextBytes(secret);
            ShamirShare[] all = s.splitInsecureForTests(secret, new long[] {1, 2, 5, 9, 11, 12}, r);
            ShamirShare[] four = {all[1], all[2], all[3], all[4]};
            assertThat(ShamirSharing.combine(four, lambda)).isEqualTo(secret);
            assertThat(ShamirSharing.consistent(four, ShamirSharing.lagrangeAt(xs, 12), all[5])).isTrue();
            assertThat(ShamirSharing.consistent(four, ShamirSharing.lagrangeAt(xs, 12), all[0])).isFalse();
        }
    }
}
