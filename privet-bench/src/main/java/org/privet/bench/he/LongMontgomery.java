package org.privet.bench.he;

import java.math.BigInteger;

/**
 * Experiment for issue 5 (Paillier decryption): fixed-width Montgomery exponentiation on {@code long[]}
 * limbs (64-bit words, CIOS multiplication of Koc, Acar and Kaliski 1996; {@code Math.multiplyHigh} for the
 * high words, fixed sliding window of 5 bits), to compare with {@link BigInteger#modPow} (whose Montgomery
 * multiply and square are HotSpot intrinsics on x86-64) in {@link MontgomeryBench}. Kept in the benchmark
 * module because it lost that comparison (see docs/paillier.md); not constant time, not for production.
 *
 * <p>Immutable after construction and thread safe ({@link #modPow} allocates its own buffers).
 */
public final class LongMontgomery {
    private static final long MIN = Long.MIN_VALUE;
    private final BigInteger modulus;
    private final int s;
    private final long[] n;
    private final long n0;
    private final BigInteger r2;

    /** @param modulus an odd modulus {@code > 1} */
    public LongMontgomery(BigInteger modulus) {
        if (modulus.signum() <= 0 || !modulus.testBit(0) || modulus.equals(BigInteger.ONE)) {
            throw new IllegalArgumentException("Montgomery modulus must be odd and > 1. Provided bit length: "
                    + modulus.bitLength());
        }
        this.modulus = modulus;
        this.s = (modulus.bitLength() + 63) >>> 6;
        this.n = toLimbs(modulus, s);
        long inv = n[0];
        for (int i = 0; i < 6; i++) {
            inv *= 2 - n[0] * inv;
        }
        this.n0 = -inv;
        this.r2 = BigInteger.ONE.shiftLeft(128 * s).mod(modulus);
    }

    private static long[] toLimbs(BigInteger x, int s) {
        long[] r = new long[s];
        for (int i = 0; i < s; i++) {
            r[i] = x.shiftRight(64 * i).longValue();
        }
        return r;
    }

    private static BigInteger fromLimbs(long[] x, int s) {
        byte[] b = new byte[8 * s + 1];
        for (int i = 0; i < s; i++) {
            long v = x[i];
            for (int k = 0; k < 8; k++) {
                b[b.length - 1 - (8 * i + k)] = (byte) (v >>> (8 * k));
            }
        }
        return new BigInteger(b);
    }

    private static long mulHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    /** {@code out = a b R^-1 mod n} in {@code [0, n)}; {@code t} has {@code s + 2} words; out may alias a or b. */
    void mul(long[] a, long[] b, long[] out, long[] t) {
        final int s = this.s;
        final long[] n = this.n;
        java.util.Arrays.fill(t, 0);
        for (int i = 0; i < s; i++) {
            long bi = b[i];
            long c = 0;
            for (int j = 0; j < s; j++) {
                long aj = a[j];
                long lo = aj * bi;
                long hi = mulHigh(aj, bi);
                long x = t[j] + lo;
                hi += (x ^ MIN) < (lo ^ MIN) ? 1 : 0;
                x += c;
                hi += (x ^ MIN) < (c ^ MIN) ? 1 : 0;
                t[j] = x;
                c = hi;
            }
            long x = t[s] + c;
            t[s + 1] = (x ^ MIN) < (c ^ MIN) ? 1 : 0;
            t[s] = x;
            long m = t[0] * n0;
            long lo = m * n[0];
            x = t[0] + lo;
            c = mulHigh(m, n[0]) + ((x ^ MIN) < (lo ^ MIN) ? 1 : 0);
            for (int j = 1; j < s; j++) {
                long nj = n[j];
                lo = m * nj;
                long hi = mulHigh(m, nj);
                x = t[j] + lo;
                hi += (x ^ MIN) < (lo ^ MIN) ? 1 : 0;
                x += c;
                hi += (x ^ MIN) < (c ^ MIN) ? 1 : 0;
                t[j - 1] = x;
                c = hi;
            }
            x = t[s] + c;
            long carry = (x ^ MIN) < (c ^ MIN) ? 1 : 0;
            t[s - 1] = x;
            t[s] = t[s + 1] + carry;
        }
        // t < 2n: subtract n once if t >= n
        boolean ge = t[s] != 0;
        if (!ge) {
            ge = true;
            for (int j = s - 1; j >= 0; j--) {
                if (t[j] != n[j]) {
                    ge = (t[j] ^ MIN) > (n[j] ^ MIN);
                    break;
                }
            }
        }
        if (ge) {
            long borrow = 0;
            for (int j = 0; j < s; j++) {
                long d = t[j] - n[j] - borrow;
                borrow = ((t[j] ^ MIN) < (n[j] ^ MIN)) || (t[j] == n[j] && borrow != 0) ? 1 : 0;
                out[j] = d;
            }
        } else {
            System.arraycopy(t, 0, out, 0, s);
        }
    }

    /** {@code base^exp mod n} for {@code 0 <= base} and {@code exp >= 1}. */
    public BigInteger modPow(BigInteger base, BigInteger exp) {
        final int w = 5;
        long[] t = new long[s + 2];
        long[] b = toLimbs(base.mod(modulus), s);
        long[] rr = toLimbs(r2, s);
        long[] bm = new long[s];
        mul(b, rr, bm, t); // base in Montgomery form
        long[][] odd = new long[1 << (w - 1)][];
        odd[0] = bm;
        long[] b2 = new long[s];
        mul(bm, bm, b2, t);
        for (int i = 1; i < odd.length; i++) {
            odd[i] = new long[s];
            mul(odd[i - 1], b2, odd[i], t);
        }
        long[] acc = null;
        int i = exp.bitLength() - 1;
        while (i >= 0) {
            if (!exp.testBit(i)) {
                if (acc != null) {
                    mul(acc, acc, acc, t);
                }
                i--;
                continue;
            }
            int lo = Math.max(i - w + 1, 0);
            while (!exp.testBit(lo)) {
                lo++;
            }
            int val = 0;
            for (int k = i; k >= lo; k--) {
                val = (val << 1) | (exp.testBit(k) ? 1 : 0);
                if (acc != null) {
                    mul(acc, acc, acc, t);
                }
            }
            if (acc == null) {
                acc = odd[val >>> 1].clone();
            } else {
                mul(acc, odd[val >>> 1], acc, t);
            }
            i = lo - 1;
        }
        long[] one = new long[s];
        one[0] = 1;
        mul(acc, one, acc, t); // out of Montgomery form
        return fromLimbs(acc, s);
    }
}
