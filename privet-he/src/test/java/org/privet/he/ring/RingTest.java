package org.privet.he.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Word arithmetic, primes, the negacyclic NTT and automorphisms against BigInteger and schoolbook references. */
class RingTest {
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    @Test
    void wordArithmeticMatchesBigInteger() {
        SplittableRandom r = new SplittableRandom(11);
        long[] qs = Primes.ntt(10, new int[] {30, 45, 55, 60, 61});
        for (long q : qs) {
            BigInteger bq = BigInteger.valueOf(q);
            long qi = ModArith.montgomeryNegInverse(q);
            assertThat(q * -qi).isEqualTo(1L);
            long ratio = ModArith.barrettRatio(q);
            for (int i = 0; i < 2000; i++) {
                long a = r.nextLong(q);
                long b = r.nextLong(q);
                long big = r.nextLong(Long.MAX_VALUE);
                BigInteger prod = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
                // Montgomery: a b 2^-64 mod q
                BigInteger mont = prod.multiply(TWO64.modInverse(bq)).mod(bq);
                assertThat(ModArith.montMul(a, b, q, qi)).isEqualTo(mont.longValue());
                // inputs up to 2q are allowed
                assertThat(ModArith.montMul(a + q, b, q, qi)).isEqualTo(mont.longValue());
                assertThat(ModArith.mulShoup(big & ((1L << 62) - 1), b, ModArith.shoup(b, q), q))
                        .isEqualTo(BigInteger.valueOf(big & ((1L << 62) - 1)).multiply(BigInteger.valueOf(b)).mod(bq).longValue());
                assertThat(ModArith.barrett(big, q, ratio)).isEqualTo(Long.remainderUnsigned(big, q));
                assertThat(ModArith.mulHighUnsigned(big * 3, big ^ a))
                        .isEqualTo(new BigInteger(Long.toUnsignedString(big * 3)).multiply(new BigInteger(Long.toUnsignedString(big ^ a)))
                                .shiftRight(64).longValue());
            }
        }
    }

    @Test
    void primesAreDistinctNttFriendlyAndBelowTheirBitSize() {
        long[] p = Primes.ntt(14, new int[] {40, 40, 40, 55, 60});
        for (int i = 0; i < p.length; i++) {
            assertThat(BigInteger.valueOf(p[i]).isProbablePrime(50)).isTrue();
            assertThat((p[i] - 1) % (1L << 15)).isZero();
            assertThat(p[i]).isLessThan(1L << new int[] {40, 40, 40, 55, 60}[i]);
        }
        assertThat(p).doesNotHaveDuplicates();
        assertThatThrownBy(() -> Primes.ntt(14, new int[] {62})).hasMessageContaining("Provided value: 62");
        assertThatThrownBy(() -> new Modulus(103, 16)).hasMessageContaining("1 mod 2N");
    }

    /** Schoolbook negacyclic product mod q. */
    static long[] schoolbook(long[] a, long[] b, long q) {
        int n = a.length;
        BigInteger bq = BigInteger.valueOf(q);
        BigInteger[] acc = new BigInteger[n];
        java.util.Arrays.fill(acc, BigInteger.ZERO);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                BigInteger t = BigInteger.valueOf(a[i]).multiply(BigInteger.valueOf(b[j]));
                int k = i + j;
                if (k < n) {
                    acc[k] = acc[k].add(t);
                } else {
                    acc[k - n] = acc[k - n].subtract(t);
                }
            }
        }
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = acc[i].mod(bq).longValue();
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({"1, 20", "3, 30", "6, 50", "8, 61", "10, 45"})
    void nttProductEqualsSchoolbookNegacyclicProduct(int logN, int bits) {
        int n = 1 << logN;
        long q = Primes.ntt(logN, new int[] {bits})[0];
        Modulus m = new Modulus(q, n);
        SplittableRandom r = new SplittableRandom(logN * 31L + bits);
        long[] a = new long[n];
        long[] b = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextLong(q);
            b[i] = r.nextLong(q);
        }
        long[] expected = schoolbook(a, b, q);
        long[] fa = a.clone();
        long[] fb = b.clone();
        m.forward(fa);
        m.forward(fb);
        long qi = ModArith.montgomeryNegInverse(q);
        long r2 = BigInteger.ONE.shiftLeft(128).mod(BigInteger.valueOf(q)).longValue();
        for (int i = 0; i < n; i++) {
            fa[i] = ModArith.montMul(ModArith.montMul(fa[i], fb[i], q, qi), r2, q, qi);
        }
        m.inverse(fa);
        assertThat(fa).containsExactly(expected);
        long[] back = a.clone();
        m.forward(back);
        m.inverse(back);
        assertThat(back).containsExactly(a);
    }

    /**
     * The vector NTT stages ({@link NttVector}, used on AVX-512 machines with the incubator module: the wide
     * stages and the in-register tail of spans 4, 2, 1) give bit-identical outputs to the scalar code, for
     * every supported N from 2 to 2^15 and primes of 20 to 61 bits, at the lazy input bounds ([0, 4q)
     * forward, [0, 2q) inverse: all entries at the maximum, all zero, extremes mixed with random values).
     * Skipped where the vector path is unavailable (then only the scalar code runs anywhere).
     */
    @ParameterizedTest
    @MethodSource("vectorNttCases")
    void vectorNttStagesMatchScalarBitForBit(int logN, int bits) {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.ENABLED, "vector NTT unavailable on this JVM/CPU");
        int n = 1 << logN;
        long q = Primes.ntt(logN, new int[] {bits})[0];
        Modulus m = new Modulus(q, n);
        SplittableRandom r = new SplittableRandom(logN * 131L + bits);
        for (int rep = 0; rep < 4; rep++) {
            long[] a = new long[n];
            long[] b = new long[n];
            for (int i = 0; i < n; i++) {
                switch (rep) {
                    case 0 -> { // every entry at the lazy bound
                        a[i] = 4 * q - 1;
                        b[i] = 2 * q - 1;
                    }
                    case 1 -> { // zero (b = 0 stays 0; a mixes the bound in to exercise the corrections)
                        a[i] = (i & 1) == 0 ? 0 : 4 * q - 1;
                        b[i] = 0;
                    }
                    default -> {
                        a[i] = i == 0 ? 4 * q - 1 : i == 1 ? 0 : r.nextInt(8) == 0 ? 4 * q - 1 - r.nextInt(3) : r.nextLong(4 * q);
                        b[i] = i == 0 ? 2 * q - 1 : r.nextInt(8) == 0 ? 2 * q - 1 - r.nextInt(3) : r.nextLong(2 * q);
                    }
                }
            }
            long[] s = a.clone();
            long[] v = a.clone();
            m.forward(s, false);
            m.forward(v, true);
            assertThat(v).as("forward, N = 2^%d, %d-bit q, input %d", logN, bits, rep).containsExactly(s);
            long[] si = b.clone();
            long[] vi = b.clone();
            m.inverse(si, false);
            m.inverse(vi, true);
            assertThat(vi).as("inverse, N = 2^%d, %d-bit q, input %d", logN, bits, rep).containsExactly(si);
            for (long x : vi) {
                assertThat(x).isBetween(0L, q - 1);
            }
        }
    }

    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> vectorNttCases() {
        java.util.stream.Stream.Builder<org.junit.jupiter.params.provider.Arguments> b = java.util.stream.Stream.builder();
        int[] sizes = {20, 30, 40, 50, 55, 61};
        for (int logN = 1; logN <= 15; logN++) {
            for (int k = 0; k < sizes.length; k++) {
                // all prime sizes up to 2^13; above, two sizes per N (table setup is slow at 2^14, 2^15)
                if (logN <= 13 || k == logN % sizes.length || k == sizes.length - 1) {
                    b.add(org.junit.jupiter.params.provider.Arguments.of(logN, sizes[k]));
                }
            }
        }
        return b.build();
    }

    /** The vector lazy multiply-accumulate equals the scalar one bit for bit, also at the input bound 2^61 - 1. */
    @Test
    void vectorLazyMacMatchesScalarBitForBit() {
        org.junit.jupiter.api.Assumptions.assumeTrue(VectorSupport.ENABLED, "vector kernels unavailable on this JVM/CPU");
        SplittableRandom r = new SplittableRandom(5);
        int n = 64;
        long max = (1L << 61) - 1;
        long[] sl0 = new long[n];
        long[] sh0 = new long[n];
        long[] sl1 = new long[n];
        long[] sh1 = new long[n];
        long[] vl0 = new long[n];
        long[] vh0 = new long[n];
        long[] vl1 = new long[n];
        long[] vh1 = new long[n];
        BigInteger exact = BigInteger.ZERO;
        for (int rep = 0; rep < 20; rep++) {
            long[] x = new long[n + 8];
            long[] b = new long[n + 8];
            long[] a = new long[n + 8];
            for (int i = 0; i < x.length; i++) {
                x[i] = i % 3 == 0 ? max : r.nextLong(max + 1);
                b[i] = i % 5 == 0 ? max : r.nextLong(max + 1);
                a[i] = r.nextLong(max + 1);
            }
            exact = exact.add(BigInteger.valueOf(x[8]).multiply(BigInteger.valueOf(b[8])));
            LazyMac.accumulate(x, b, a, 8, n, sl0, sh0, sl1, sh1, false);
            LazyMac.accumulate(x, b, a, 8, n, vl0, vh0, vl1, vh1, true);
        }
        assertThat(vl0).containsExactly(sl0);
        assertThat(vh0).containsExactly(sh0);
        assertThat(vl1).containsExactly(sl1);
        assertThat(vh1).containsExactly(sh1);
        // and the sums are exact: coefficient 0 holds the 128-bit sum of its 20 products
        assertThat(new BigInteger(Long.toUnsignedString(sh0[0])).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(sl0[0]))))
                .isEqualTo(exact);
    }

    @Test
    void nttSlotsAreEvaluationsAtOddPowersOfPsi() {
        int logN = 4;
        int n = 1 << logN;
        long q = Primes.ntt(logN, new int[] {30})[0];
        Modulus m = new Modulus(q, n);
        long[] a = new long[n];
        for (int i = 0; i < n; i++) {
            a[i] = (i * 7919L + 3) % q;
        }
        long[] f = a.clone();
        m.forward(f);
        for (int j = 0; j < n; j++) {
            long e = 2L * (Integer.reverse(j) >>> (32 - logN)) + 1;
            long x = ModArith.powMod(m.psi(), e, q);
            long v = 0;
            for (int i = n - 1; i >= 0; i--) {
                v = (ModArith.mulMod(v, x, q) + a[i]) % q;
            }
            assertThat(f[j]).as("slot %d", j).isEqualTo(v);
        }
    }

    @Test
    void automorphismInNttFormMatchesCoefficientForm() {
        int logN = 6;
        long[] q = Primes.ntt(logN, new int[] {40, 41});
        Ring ring = new Ring(logN, new long[] {q[0]}, new long[] {q[1]});
        SplittableRandom r = new SplittableRandom(5);
        long[] c = new long[ring.n()];
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextLong(-1000, 1000);
        }
        for (int g : new int[] {5, 25, ring.galoisElementForRotation(-1), ring.galoisElementForConjugation()}) {
            RnsPoly a = ring.newPolyQP(0).setSigned(c);
            RnsPoly coef = new RnsPoly(a.basis());
            a.automorphism(g, null, coef);
            RnsPoly viaNtt = new RnsPoly(a.basis());
            a.nttInPlace().automorphism(g, ring.automorphismNttIndex(g), viaNtt);
            assertThat(viaNtt.inttInPlace().sameValue(coef)).as("g=%d", g).isTrue();
        }
        assertThatThrownBy(() -> ring.automorphismNttIndex(4)).hasMessageContaining("Provided value: 4");
    }

    @Test
    void basisExtensionIsExactUpToAMultipleOfTheSourceModulus() {
        int logN = 3;
        long[] a = Primes.ntt(logN, new int[] {40, 45, 50});
        long[] b = Primes.ntt(logN, new int[] {55, 60}, a);
        Modulus[] from = {new Modulus(a[0], 8), new Modulus(a[1], 8), new Modulus(a[2], 8)};
        Modulus[] to = {new Modulus(b[0], 8), new Modulus(b[1], 8)};
        BigInteger bigA = BigInteger.valueOf(a[0]).multiply(BigInteger.valueOf(a[1])).multiply(BigInteger.valueOf(a[2]));
        BasisExtender ext = new BasisExtender(from, to);
        SplittableRandom r = new SplittableRandom(9);
        BigInteger[] x = new BigInteger[8];
        long[][] in = new long[3][8];
        for (int c = 0; c < 8; c++) {
            x[c] = new BigInteger(bigA.bitLength() + 8, new java.util.Random(r.nextLong())).mod(bigA);
            for (int i = 0; i < 3; i++) {
                in[i][c] = x[c].mod(BigInteger.valueOf(a[i])).longValue();
            }
        }
        long[][] out = new long[2][8];
        ext.convert(in, out, new long[3][8]);
        for (int c = 0; c < 8; c++) {
            boolean found = false;
            // the centred representative of x plus u A, |u| <= k/2 = 1
            BigInteger centred = x[c].compareTo(bigA.shiftRight(1)) > 0 ? x[c].subtract(bigA) : x[c];
            for (int u = -1; u <= 1 && !found; u++) {
                BigInteger v = centred.add(bigA.multiply(BigInteger.valueOf(u)));
                found = v.mod(BigInteger.valueOf(b[0])).longValue() == out[0][c]
                        && v.mod(BigInteger.valueOf(b[1])).longValue() == out[1][c];
            }
            assertThat(found).as("coefficient %d is x' + u A with |u| <= 1", c).isTrue();
        }
    }

    @Test
    void basisExtensionFromOnePrimeIsTheExactCentredResidue() {
        long[] a = Primes.ntt(3, new int[] {50});
        long[] b = Primes.ntt(3, new int[] {40, 61}, a);
        BasisExtender ext = new BasisExtender(new Modulus[] {new Modulus(a[0], 8)},
                new Modulus[] {new Modulus(b[0], 8), new Modulus(b[1], 8)});
        long[] x = {0, 1, a[0] / 2, a[0] / 2 + 1, a[0] - 1, 12345, a[0] - 12345, 7};
        long[][] out = new long[2][8];
        ext.convert(new long[][] {x}, out, new long[1][8]);
        for (int c = 0; c < 8; c++) {
            long centred = x[c] > a[0] / 2 ? x[c] - a[0] : x[c];
            assertThat(out[0][c]).isEqualTo(Math.floorMod(centred, b[0]));
            assertThat(out[1][c]).isEqualTo(Math.floorMod(centred, b[1]));
        }
    }

    @Test
    void samplersHaveTheirSupportAndMoments() {
        Prng p = Prng.insecureSeededForTests(3);
        long[] t = new long[30000];
        p.ternary(t);
        long[] counts = new long[3];
        for (long v : t) {
            counts[(int) v + 1]++;
        }
        // each count ~ Binomial(30000, 1/3): sd ~ 82; 600 is > 7 sd (false failure < 1e-11)
        for (long c : counts) {
            assertThat(c).isBetween(10000L - 600, 10000L + 600);
        }
        long[] e = new long[30000];
        p.gaussian(3.2, 19.2, e);
        double s2 = 0;
        for (long v : e) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo(19);
            s2 += v * v;
        }
        // rounded Gaussian variance is sigma^2 + 1/12 = 10.32; its estimate has sd ~ 0.085 here: 0.6 is > 7 sd
        assertThat(s2 / e.length).isBetween(10.32 - 0.6, 10.32 + 0.6);
        long q = (1L << 40) - 87;
        for (int i = 0; i < 1000; i++) {
            assertThat(p.uniform(q)).isBetween(0L, q - 1);
        }
        assertThat(Prng.insecureSeededForTests(1).nextLong()).isEqualTo(Prng.insecureSeededForTests(1).nextLong());
        assertThat(Prng.secure().nextLong()).isNotEqualTo(Prng.secure().nextLong());
    }
}
