package org.privet.he.rlwe;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Primes;

/** The lazy 128-bit key inner product against BigInteger, with worst-case residues and many digits. */
class KeySwitcherTest {
    private static final BigInteger TWO64 = BigInteger.ONE.shiftLeft(64);

    /**
     * 300 digits of residues {@code q - 1} (and random ones) for a 61-bit prime: without folding the high word,
     * the sum (300 products of almost {@code 2^122}) passes {@code 2^127} and the result is wrong.
     */
    @Test
    void innerProductMatchesBigIntegerWithWorstCaseResidues() {
        int n = 16;
        for (int bits : new int[] {61, 50, 30}) {
            long q = Primes.ntt(3, new int[] {bits})[0];
            Modulus m = new Modulus(q, 8);
            SplittableRandom r = new SplittableRandom(bits);
            int digits = 300;
            long[][] src = new long[digits][n];
            long[][] kb = new long[digits][n];
            long[][] ka = new long[digits][n];
            int[] idx = new int[n];
            for (int c = 0; c < n; c++) {
                idx[c] = (c * 5 + 3) % n;
            }
            for (int j = 0; j < digits; j++) {
                for (int c = 0; c < n; c++) {
                    boolean worst = c < n / 2;
                    src[j][c] = worst ? q - 1 : r.nextLong(q);
                    kb[j][c] = worst ? q - 1 : r.nextLong(q);
                    ka[j][c] = r.nextLong(q);
                }
            }
            for (int[] perm : new int[][] {null, idx}) {
                long[] out0 = new long[n];
                long[] out1 = new long[n];
                KeySwitcher.innerProduct(src, perm, kb, ka, m, out0, out1);
                BigInteger bq = BigInteger.valueOf(q);
                BigInteger rInv = TWO64.modInverse(bq);
                for (int c = 0; c < n; c++) {
                    int s = perm == null ? c : perm[c];
                    BigInteger e0 = BigInteger.ZERO;
                    BigInteger e1 = BigInteger.ZERO;
                    for (int j = 0; j < digits; j++) {
                        e0 = e0.add(BigInteger.valueOf(src[j][s]).multiply(BigInteger.valueOf(kb[j][c])));
                        e1 = e1.add(BigInteger.valueOf(src[j][s]).multiply(BigInteger.valueOf(ka[j][c])));
                    }
                    assertThat(out0[c]).as("bits %d coefficient %d", bits, c).isEqualTo(e0.multiply(rInv).mod(bq).longValue());
                    assertThat(out1[c]).as("bits %d coefficient %d", bits, c).isEqualTo(e1.multiply(rInv).mod(bq).longValue());
                }
            }
        }
    }
}
