package org.privet.he.ring;

import java.math.BigInteger;

/**
 * One NTT-friendly prime {@code q = 1 mod 2N} with the tables of the negacyclic number-theoretic transform
 * of length {@code N} (Longa-Naehrig ordering: forward Cooley-Tukey with powers of a primitive {@code 2N}-th
 * root {@code psi} in bit-reversed order, inverse Gentleman-Sande, Harvey's lazy butterflies with Shoup
 * constants) and the Montgomery and Barrett constants used elsewhere.
 *
 * <p>After {@link #forward}, slot {@code j} holds {@code a(psi^(2 * bitrev(j) + 1))}. Immutable and thread safe.
 */
public final class Modulus {
    final long q;
    final int n;
    final int logN;
    final long psi;
    final long[] psiRev;
    final long[] psiRevShoup;
    final long[] psiInvRev;
    final long[] psiInvRevShoup;
    final long nInv;
    final long nInvShoup;
    /** {@code psi^-bitrev(1) * N^-1 mod q}: the inverse transform's last twiddle with the scaling folded in. */
    final long lastInvTwiddle;
    final long lastInvTwiddleShoup;
    /** {@code -q^-1 mod 2^64}. */
    final long qNegInv;
    /** {@code 2^128 mod q}: Montgomery-multiplying by it converts into Montgomery form. */
    final long r2;
    /** {@code 2^64 mod q}. */
    final long r1;
    final long barrettRatio;

    /**
     * @param q a prime with {@code q = 1 mod 2n} and {@code q < 2^61}
     * @param n the ring degree, a power of two {@code >= 2}
     */
    public Modulus(long q, int n) {
        if (n < 2 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("ring degree must be a power of two >= 2. Provided value: " + n);
        }
        if (q < 3 || 64 - Long.numberOfLeadingZeros(q) > ModArith.MAX_MODULUS_BITS) {
            throw new IllegalArgumentException("modulus must be in [3, 2^61). Provided value: " + q);
        }
        if ((q - 1) % (2L * n) != 0) {
            throw new IllegalArgumentException("modulus must be 1 mod 2N = " + (2L * n) + ". Provided value: " + q);
        }
        if (!BigInteger.valueOf(q).isProbablePrime(64)) {
            throw new IllegalArgumentException("modulus must be prime. Provided value: " + q);
        }
        this.q = q;
        this.n = n;
        this.logN = Integer.numberOfTrailingZeros(n);
        this.psi = primitiveRoot2N(q, n);
        long psiInv = ModArith.invMod(psi, q);
        psiRev = new long[n];
        psiInvRev = new long[n];
        psiRevShoup = new long[n];
        psiInvRevShoup = new long[n];
        long p = 1;
        long pi = 1;
        for (int i = 0; i < n; i++) {
            int r = Integer.reverse(i) >>> (32 - logN);
            psiRev[r] = p;
            psiInvRev[r] = pi;
            p = ModArith.mulMod(p, psi, q);
            pi = ModArith.mulMod(pi, psiInv, q);
        }
        for (int i = 0; i < n; i++) {
            psiRevShoup[i] = ModArith.shoup(psiRev[i], q);
            psiInvRevShoup[i] = ModArith.shoup(psiInvRev[i], q);
        }
        nInv = ModArith.invMod(n, q);
        nInvShoup = ModArith.shoup(nInv, q);
        lastInvTwiddle = ModArith.mulMod(psiInvRev[1], nInv, q);
        lastInvTwiddleShoup = ModArith.shoup(lastInvTwiddle, q);
        qNegInv = ModArith.montgomeryNegInverse(q);
        BigInteger bq = BigInteger.valueOf(q);
        r1 = BigInteger.ONE.shiftLeft(64).mod(bq).longValue();
        r2 = BigInteger.ONE.shiftLeft(128).mod(bq).longValue();
        barrettRatio = ModArith.barrettRatio(q);
    }

    /** The prime. */
    public long value() {
        return q;
    }

    /** Ring degree N. */
    public int n() {
        return n;
    }

    /** Bit length of the prime. */
    public int bits() {
        return 64 - Long.numberOfLeadingZeros(q);
    }

    /** {@code 2^128 mod q}: {@code ModArith.montMul(x, montgomeryR2(), q, ...)} puts {@code x} in Montgomery form. */
    public long montgomeryR2() {
        return r2;
    }

    /** {@code floor(2^64 / q)}, the constant of {@link ModArith#barrett}. */
    public long barrettRatio() {
        return barrettRatio;
    }

    /** {@code -q^-1 mod 2^64}, the Montgomery constant. */
    public long montgomeryNegInverse() {
        return qNegInv;
    }

    /** The primitive {@code 2N}-th root of unity used by the transform. */
    public long psi() {
        return psi;
    }

    private static long primitiveRoot2N(long q, int n) {
        long m = 2L * n;
        long exp = (q - 1) / m;
        for (long g = 2; g < q; g++) {
            long cand = ModArith.powMod(g, exp, q);
            // cand has order dividing 2N; it is primitive iff cand^N = -1
            if (ModArith.powMod(cand, n, q) == q - 1) {
                return cand;
            }
        }
        throw new AssertionError("internal invariant: no primitive 2N-th root modulo " + q);
    }

    /** In-place forward negacyclic NTT of {@code a} (length N, entries in {@code [0, 4q)}); output in {@code [0, q)}. */
    public void forward(long[] a) {
        forward(a, VectorSupport.ENABLED);
    }

    /** {@link #forward(long[])} with the stages on vectors or not (bit-identical results; for tests). */
    void forward(long[] a, boolean vector) {
        final long q = this.q;
        final long twoQ = q << 1;
        final long[] w = psiRev;
        final long[] ws = psiRevShoup;
        if (vector && n >= 2 * NttVector.LANES) {
            NttVector.forwardStages(a, n, q, w, ws); // down to span 8
            NttVector.forwardSpan4(a, n, q, w, ws);
            NttVector.forwardSpan2(a, n, q, w, ws);
            NttVector.forwardSpan1(a, n, q, w, ws); // with the final reduction to [0, q)
            return;
        }
        int t = n;
        for (int m = n / t; m < n >> 1; m <<= 1) {
            t >>= 1;
            for (int i = 0, j1 = 0; i < m; i++, j1 += t << 1) {
                long wi = w[m + i];
                long wis = ws[m + i];
                long corr = wis >> 63; // Shoup constants are unsigned: add y when the top bit is set
                int j2 = j1 + t;
                for (int j = j1; j < j2; j++) {
                    long x = a[j];
                    x -= twoQ & ((twoQ - 1 - x) >> 63); // [0, 4q) -> [0, 2q), branch-free
                    long y = a[j + t];
                    long hi = Math.multiplyHigh(y, wis) + (corr & y);
                    long v = y * wi - hi * q; // y * w mod q in [0, 2q)
                    a[j] = x + v;
                    a[j + t] = x - v + twoQ;
                }
            }
        }
        // last stage (t = 1) fused with the final reduction to [0, q)
        int m = n >> 1;
        for (int i = 0; i < m; i++) {
            int j = i << 1;
            long wi = w[m + i];
            long wis = ws[m + i];
            long x = a[j];
            x -= twoQ & ((twoQ - 1 - x) >> 63);
            long y = a[j + 1];
            long hi = Math.multiplyHigh(y, wis) + ((wis >> 63) & y);
            long v = y * wi - hi * q;
            long u0 = x + v; // [0, 4q)
            long u1 = x - v + twoQ;
            u0 -= twoQ & ((twoQ - 1 - u0) >> 63);
            u0 -= q & ((q - 1 - u0) >> 63);
            u1 -= twoQ & ((twoQ - 1 - u1) >> 63);
            u1 -= q & ((q - 1 - u1) >> 63);
            a[j] = u0;
            a[j + 1] = u1;
        }
    }

    /** In-place inverse of {@link #forward} (entries in {@code [0, 2q)}); output in {@code [0, q)}. */
    public void inverse(long[] a) {
        inverse(a, VectorSupport.ENABLED);
    }

    /** {@link #inverse(long[])} with the stages on vectors or not (bit-identical results; for tests). */
    void inverse(long[] a, boolean vector) {
        final long q = this.q;
        final long twoQ = q << 1;
        final long[] w = psiInvRev;
        final long[] ws = psiInvRevShoup;
        if (vector && n >= 2 * NttVector.LANES) {
            NttVector.inverseSpan1(a, n, q, w, ws);
            NttVector.inverseSpan2(a, n, q, w, ws);
            NttVector.inverseSpan4(a, n, q, w, ws);
            NttVector.inverseStages(a, n, NttVector.LANES, q, w, ws);
            NttVector.inverseLastStage(a, n >> 1, q, nInv, nInvShoup, lastInvTwiddle, lastInvTwiddleShoup);
            return;
        }
        int t = 1;
        if (n > 2) {
            // first stage (t = 1) without the inner loop
            int h = n >> 1;
            for (int i = 0; i < h; i++) {
                int j = i << 1;
                long wi = w[h + i];
                long wis = ws[h + i];
                long x = a[j];
                long y = a[j + 1];
                long s = x + y;
                s -= twoQ & ((twoQ - 1 - s) >> 63);
                long d = x - y + twoQ;
                a[j] = s;
                long hi = Math.multiplyHigh(d, wis) + ((wis >> 63) & d);
                a[j + 1] = d * wi - hi * q;
            }
            t = 2;
        }
        for (int m = n >> 1; m > 2; m >>= 1) {
            int h = m >> 1;
            int j1 = 0;
            for (int i = 0; i < h; i++) {
                long wi = w[h + i];
                long wis = ws[h + i];
                long corr = wis >> 63;
                int j2 = j1 + t;
                for (int j = j1; j < j2; j++) {
                    long x = a[j];
                    long y = a[j + t];
                    long s = x + y;
                    s -= twoQ & ((twoQ - 1 - s) >> 63);
                    long d = x - y + twoQ;
                    a[j] = s;
                    long hi = Math.multiplyHigh(d, wis) + (corr & d);
                    a[j + t] = d * wi - hi * q;
                }
                j1 += t << 1;
            }
            t <<= 1;
        }
        // last stage (m = 2, t = N/2) fused with the multiplication by N^-1
        final long ni = nInv;
        final long nis = nInvShoup;
        final long wn = lastInvTwiddle;
        final long wns = lastInvTwiddleShoup;
        for (int j = 0; j < t; j++) {
            long x = a[j];
            long y = a[j + t];
            long s = x + y; // [0, 4q)
            long d = x - y + twoQ; // (0, 4q)
            long hs = Math.multiplyHigh(s, nis) + ((nis >> 63) & s);
            long r0 = s * ni - hs * q;
            long hd = Math.multiplyHigh(d, wns) + ((wns >> 63) & d);
            long r1 = d * wn - hd * q;
            a[j] = r0 - (q & ((q - 1 - r0) >> 63));
            a[j + t] = r1 - (q & ((q - 1 - r1) >> 63));
        }
    }

    /** {@code a mod q} in {@code [0, q)} for any signed {@code a}. */
    public long reduceSigned(long a) {
        long r = a % q;
        return r < 0 ? r + q : r;
    }

    @Override
    public String toString() {
        return "Modulus[" + q + " (" + bits() + " bits), N=" + n + "]";
    }
}
