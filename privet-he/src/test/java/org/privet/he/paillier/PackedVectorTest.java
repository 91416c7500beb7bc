package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PackedVectorTest {
    private final PaillierPublicKey pk = TestKeys.k512().publicKey();
    private final PaillierPrivateKey sk = TestKeys.k512().privateKey();

    /** Random layouts and contributions, including values at +-bound: packed sums equal quantised sums exactly. */
    @net.jqwik.api.Property(tries = 25, seed = "4242")
    void packedSumsMatchForRandomLayouts(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 30) int f,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 20) int clients,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.DoubleRange(min = 0.01, max = 1000) double bound,
            @net.jqwik.api.ForAll long seed) {
        PackingLayout layout = PackingLayout.of(pk, bound, f, clients);
        Random rnd = new Random(seed);
        int length = 1 + rnd.nextInt(2 * layout.slots());
        long[] exact = new long[length];
        PackedVector sum = null;
        Obfuscator obf = sk.crtObfuscator();
        for (int c = 0; c < clients; c++) {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                int kind = rnd.nextInt(4);
                v[i] = kind == 0 ? bound : kind == 1 ? -bound : (rnd.nextDouble() * 2 - 1) * bound;
                exact[i] += (long) Math.rint(Math.scalb(v[i], f));
            }
            PackedVector pv = PackedVector.encrypt(pk, layout, v, obf);
            sum = sum == null ? pv : sum.add(pv);
        }
        double[] got = sum.decryptSum(sk);
        for (int i = 0; i < length; i++) {
            assertThat(got[i]).isEqualTo(Math.scalb((double) exact[i], -f));
        }
    }

    @Test
    void layoutArithmetic() {
        PackingLayout l = PackingLayout.of(pk, 1.0, 16, 10);
        assertThat(l.offset()).isEqualTo(65536);
        assertThat(l.slotBits()).isEqualTo(18 + 4); // 2*65536 = 2^17 needs 18 bits; 10 needs 4
        assertThat(l.slots()).isEqualTo(511 / 22);
        assertThat(l.ciphertextsFor(50)).isEqualTo(3);
        assertThatThrownBy(() -> PackingLayout.of(pk, 1.0, 40, 1 << 30)).hasMessageContaining("62 bits");
        assertThatThrownBy(() -> PackingLayout.of(pk, -1, 8, 2)).hasMessageContaining("bound");
        assertThatThrownBy(() -> new PackingLayout(512, 16, 1.0, 10, 65536, 22, 24)).hasMessageContaining("inconsistent");
    }

    @Test
    void packedSumsAreExactQuantisedSums() {
        int clients = 7;
        int length = 53; // spans three ciphertexts
        PackingLayout layout = PackingLayout.of(pk, 2.0, 20, clients);
        Random rnd = new Random(5);
        long[] exact = new long[length];
        PackedVector sum = null;
        for (int c = 0; c < clients; c++) {
            double[] v = new double[length];
            for (int i = 0; i < length; i++) {
                v[i] = (rnd.nextDouble() * 2 - 1) * 2.0;
                if (i == 0) {
                    v[i] = c % 2 == 0 ? 2.0 : -2.0; // the bounds themselves
                }
                exact[i] += Math.round(Math.scalb(v[i], 20));
            }
            PackedVector pv = PackedVector.encrypt(pk, layout, v, Obfuscators.crt(sk, rnd));
            sum = sum == null ? pv : sum.add(pv);
        }
        assertThat(sum.summands()).isEqualTo(clients);
        assertThat(sum.ciphertexts()).hasSize(3);
        double[] got = sum.decryptSum(sk);
        double[] mean = sum.rerandomize(pk.defaultObfuscator()).decryptMean(sk);
        for (int i = 0; i < length; i++) {
            assertThat(got[i]).isEqualTo(Math.scalb((double) exact[i], -20));
            assertThat(mean[i]).isEqualTo(got[i] / clients);
        }
        PackedVector full = sum;
        PackedVector one = PackedVector.encrypt(pk, layout, new double[length]);
        assertThatThrownBy(() -> full.add(one)).isInstanceOf(IllegalStateException.class).hasMessageContaining("maxSummands");
    }

    @Test
    void outOfRangeContributionIsDetectedAtDecryption() {
        PackingLayout layout = PackingLayout.of(pk, 1.0, 8, 4);
        // a forged contribution: slot 0 holds the largest slot value, far beyond 2 * offset
        java.math.BigInteger forged = java.math.BigInteger.ONE.shiftLeft(layout.slotBits()).subtract(java.math.BigInteger.ONE);
        PackedVector bad = PackedVector.of(pk, layout, 2, new java.math.BigInteger[] {pk.encrypt(forged).value()}, 1);
        assertThatThrownBy(() -> bad.decryptSum(sk)).isInstanceOf(ArithmeticException.class).hasMessageContaining("element 0")
                .hasMessageContaining("out of range");
        PackedVector wide = PackedVector.of(pk, layout, 2,
                new java.math.BigInteger[] {pk.encrypt(java.math.BigInteger.ONE.shiftLeft(3 * layout.slotBits())).value()}, 1);
        assertThatThrownBy(() -> wide.decryptSum(sk)).isInstanceOf(ArithmeticException.class).hasMessageContaining("beyond");
        assertThatThrownBy(() -> PackedVector.of(pk, layout, 2, new java.math.BigInteger[0], 1)).hasMessageContaining("needs 1");
        assertThatThrownBy(() -> PackedVector.of(pk, layout, 2, new java.math.BigInteger[] {java.math.BigInteger.TWO}, 5))
                .hasMessageContaining("summands");
    }

    @Test
    void aggregationUseCase() {
        PackingLayout layout = PackingLayout.of(pk, 1.0, 24, 16);
        EncryptedAggregation agg = new EncryptedAggregation(pk, layout);
        Random rnd = new Random(8);
        int d = 40;
        int clients = 5;
        double[] mean = new double[d];
        List<PackedVector> updates = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            double[] u = new double[d];
            for (int i = 0; i < d; i++) {
                u[i] = Math.max(-1, Math.min(1, rnd.nextGaussian() * 0.3));
                mean[i] += u[i] / clients;
            }
            updates.add(agg.encryptUpdate(u));
        }
        double[] got = EncryptedAggregation.decryptMean(sk, agg.sum(updates));
        for (int i = 0; i < d; i++) {
            // each value is rounded to a multiple of 2^-24: the mean is off by at most 2^-25
            assertThat(Math.abs(got[i] - mean[i])).isLessThanOrEqualTo(0x1p-25 + 1e-15);
        }
        assertThatThrownBy(() -> agg.encryptUpdate(new double[] {0.5, 1.5})).hasMessageContaining("element 1")
                .hasMessageContaining("1.5");
        assertThatThrownBy(() -> agg.sum(List.of())).hasMessageContaining("at least one");
        PackedVector other = PackedVector.encrypt(pk, PackingLayout.of(pk, 1.0, 23, 16), new double[d]);
        assertThatThrownBy(() -> agg.sum(List.of(updates.get(0), other))).hasMessageContaining("update 1")
                .hasMessageContaining("layouts differ");
    }
}
