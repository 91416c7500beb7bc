package org.privet.he.ckks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.privet.he.ring.ModArith;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;

/**
 * The CKKS encoder (Cheon-Kim-Kim-Song 2017): maps {@code N/2} complex slot values {@code z} to the integer
 * polynomial {@code m = round(scale * tau^{-1}(z))}, where {@code tau} evaluates at the primitive {@code 2N}-th
 * roots {@code zeta^(5^j)} (the canonical embedding restricted to one root of each conjugate pair), with the
 * "special FFT" of HEAAN in {@code O(N log N)}. Slot {@code j} is rotated to slot {@code j - k} by
 * {@code X -> X^(5^k)} and conjugated by {@code X -> X^(-1)}.
 *
 * <p>Decoding lifts the coefficients from RNS to the centred integers by Garner's mixed-radix conversion
 * (exact) and converts to {@code double} from the top digit, so precision is that of {@code double} relative
 * to each coefficient, at any level.
 *
 * <p>Thread safe (tables are read-only; every call allocates its own buffers).
 */
public final class Encoder {
    private final CkksParameters params;
    private final Ring ring;
    private final int n;
    private final int slots;
    private final int m;
    private final int[] rotGroup;
    private final double[] ksiRe;
    private final double[] ksiIm;
    /** Per level l: Garner constants inv(q_j) mod q_i (j < i), their Shoup companions, and digits of floor(Q_l/2). */
    private final long[][][] garnerInv;
    private final long[][][] garnerInvShoup;
    private final long[][] halfDigits;

    /** An encoder for the given parameters. */
    public Encoder(CkksParameters params) {
        this.params = params;
        this.ring = params.rlwe().ring();
        this.n = ring.n();
        this.slots = n / 2;
        this.m = 2 * n;
        rotGroup = new int[slots];
        int five = 1;
        for (int j = 0; j < slots; j++) {
            rotGroup[j] = five;
            five = (int) ((five * 5L) % m);
        }
        ksiRe = new double[m + 1];
        ksiIm = new double[m + 1];
        for (int j = 0; j <= m; j++) {
            double a = 2 * Math.PI * j / m;
            ksiRe[j] = Math.cos(a);
            ksiIm[j] = Math.sin(a);
        }
        int levels = ring.maxLevel() + 1;
        garnerInv = new long[levels][][];
        garnerInvShoup = new long[levels][][];
        halfDigits = new long[levels][];
        for (int l = 0; l < levels; l++) {
            garnerInv[l] = new long[l + 1][];
            garnerInvShoup[l] = new long[l + 1][];
            for (int i = 0; i <= l; i++) {
                long qi = ring.q(i).value();
                garnerInv[l][i] = new long[i];
                garnerInvShoup[l][i] = new long[i];
                for (int j = 0; j < i; j++) {
                    long inv = ModArith.invMod(ring.q(j).value() % qi, qi);
                    garnerInv[l][i][j] = inv;
                    garnerInvShoup[l][i][j] = ModArith.shoup(inv, qi);
                }
            }
            BigInteger q = BigInteger.ONE;
            for (int i = 0; i <= l; i++) {
                q = q.multiply(BigInteger.valueOf(ring.q(i).value()));
            }
            BigInteger half = q.shiftRight(1);
            halfDigits[l] = new long[l + 1];
            for (int i = 0; i <= l; i++) {
                BigInteger[] qr = half.divideAndRemainder(BigInteger.valueOf(ring.q(i).value()));
                halfDigits[l][i] = qr[1].longValue();
                half = qr[0];
            }
        }
    }

    /** Number of slots, {@code N / 2}. */
    public int slots() {
        return slots;
    }

    /** Encodes real values (at most N/2; missing slots are 0) at the top level and default scale. */
    public Plaintext encode(double[] values) {
        return encode(values, null, params.maxLevel(), params.defaultScale());
    }

    /** Encodes real values at {@code level} with {@code scale}. */
    public Plaintext encode(double[] values, int level, double scale) {
        return encode(values, null, level, scale);
    }

    /**
     * Encodes complex values {@code re + i im} ({@code im} may be null; lengths at most N/2).
     *
     * @param level in {@code [0, L]}
     * @param scale {@code >= 1} and finite
     */
    public Plaintext encode(double[] re, double[] im, int level, double scale) {
        if (re.length > slots || (im != null && im.length > slots)) {
            throw new IllegalArgumentException("at most N/2 = " + slots + " values can be encoded. Provided: "
                    + Math.max(re.length, im == null ? 0 : im.length));
        }
        if (!(scale >= 1) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("scale must be >= 1 and finite. Provided value: " + scale);
        }
        if (level < 0 || level > params.maxLevel()) {
            throw new IllegalArgumentException("level must be in [0, " + params.maxLevel() + "]. Provided value: " + level);
        }
        double[] vr = new double[slots];
        double[] vi = new double[slots];
        for (int i = 0; i < re.length; i++) {
            if (!Double.isFinite(re[i])) {
                throw new IllegalArgumentException("values must be finite. Provided value at index " + i + ": " + re[i]);
            }
            vr[i] = re[i];
        }
        if (im != null) {
            for (int i = 0; i < im.length; i++) {
                if (!Double.isFinite(im[i])) {
                    throw new IllegalArgumentException("values must be finite. Provided imaginary part at index " + i + ": " + im[i]);
                }
                vi[i] = im[i];
            }
        }
        fftSpecialInv(vr, vi);
        double[] coeffs = new double[n];
        for (int i = 0; i < slots; i++) {
            coeffs[i] = vr[i] * scale;
            coeffs[i + slots] = vi[i] * scale;
        }
        RnsPoly p = ring.newPolyQ(level);
        setRounded(p, coeffs);
        p.nttInPlace();
        return new Plaintext(p, scale, params.fingerprint());
    }

    /** Writes {@code round(c)} reduced mod each prime into {@code p} (coefficient form). */
    static void setRounded(RnsPoly p, double[] c) {
        Modulus[] basis = p.basis();
        for (int j = 0; j < c.length; j++) {
            double x = Math.rint(c[j]);
            if (Math.abs(x) < 0x1p62) {
                long v = (long) x;
                for (int i = 0; i < basis.length; i++) {
                    p.row(i)[j] = basis[i].reduceSigned(v);
                }
            } else {
                BigInteger v = new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
                for (int i = 0; i < basis.length; i++) {
                    p.row(i)[j] = v.mod(BigInteger.valueOf(basis[i].value())).longValue();
                }
            }
        }
    }

    /** Decodes a plaintext to its N/2 complex slots: {@code {re, im}}. */
    public double[][] decodeComplex(Plaintext pt) {
        if (pt.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("plaintext was made for other parameters");
        }
        RnsPoly p = pt.poly.isNtt() ? pt.poly.copy().inttInPlace() : pt.poly;
        double[] coeffs = toCenteredDoubles(p);
        double[] vr = new double[slots];
        double[] vi = new double[slots];
        double inv = 1.0 / pt.scale;
        for (int i = 0; i < slots; i++) {
            vr[i] = coeffs[i] * inv;
            vi[i] = coeffs[i + slots] * inv;
        }
        fftSpecial(vr, vi);
        return new double[][] {vr, vi};
    }

    /** Decodes the real parts of the N/2 slots. */
    public double[] decode(Plaintext pt) {
        return decodeComplex(pt)[0];
    }

    /**
     * The centred integer value (in {@code (-Q/2, Q/2]}) of each coefficient of {@code p} (coefficient form)
     * as a double, by Garner's algorithm.
     */
    double[] toCenteredDoubles(RnsPoly p) {
        int level = p.limbs() - 1;
        double[] out = new double[n];
        long[] q = new long[level + 1];
        long[] ratio = new long[level + 1];
        for (int i = 0; i <= level; i++) {
            q[i] = ring.q(i).value();
            ratio[i] = ring.q(i).barrettRatio();
        }
        long[][] inv = garnerInv[level];
        long[][] invS = garnerInvShoup[level];
        long[] half = halfDigits[level];
        long[] v = new long[level + 1];
        for (int c = 0; c < n; c++) {
            for (int i = 0; i <= level; i++) {
                long t = p.row(i)[c];
                long qi = q[i];
                for (int j = 0; j < i; j++) {
                    long vj = v[j] >= qi ? ModArith.barrett(v[j], qi, ratio[i]) : v[j];
                    t -= vj;
                    if (t < 0) {
                        t += qi;
                    }
                    t = ModArith.mulShoup(t, inv[i][j], invS[i][j], qi);
                }
                v[i] = t;
            }
            // compare with floor(Q/2) from the top digit
            int cmp = 0;
            for (int i = level; i >= 0 && cmp == 0; i--) {
                cmp = Long.compare(v[i], half[i]);
            }
            if (cmp <= 0) {
                double val = v[level];
                for (int i = level - 1; i >= 0; i--) {
                    val = val * q[i] + v[i];
                }
                out[c] = val;
            } else {
                double val = q[level] - 1 - v[level];
                for (int i = level - 1; i >= 0; i--) {
                    val = val * q[i] + (q[i] - 1 - v[i]);
                }
                out[c] = -(val + 1);
            }
        }
        return out;
    }

    private void bitReverse(double[] re, double[] im) {
        int size = re.length;
        for (int i = 1, j = 0; i < size; i++) {
            int bit = size >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
    }

    /** Evaluation: coefficients (packed as N/2 complex numbers) to slot values. */
    void fftSpecial(double[] re, double[] im) {
        int size = re.length;
        bitReverse(re, im);
        for (int len = 2; len <= size; len <<= 1) {
            int lenh = len >> 1;
            int lenq = len << 2;
            int step = m / lenq;
            for (int i = 0; i < size; i += len) {
                for (int j = 0; j < lenh; j++) {
                    int idx = (rotGroup[j] % lenq) * step;
                    double wr = ksiRe[idx];
                    double wi = ksiIm[idx];
                    int a = i + j;
                    int b = a + lenh;
                    double vr = re[b] * wr - im[b] * wi;
                    double vi = re[b] * wi + im[b] * wr;
                    double ur = re[a];
                    double ui = im[a];
                    re[a] = ur + vr;
                    im[a] = ui + vi;
                    re[b] = ur - vr;
                    im[b] = ui - vi;
                }
            }
        }
    }

    /** Inverse of {@link #fftSpecial}: slot values to packed coefficients. */
    void fftSpecialInv(double[] re, double[] im) {
        int size = re.length;
        for (int len = size; len >= 1; len >>= 1) {
            int lenh = len >> 1;
            int lenq = len << 2;
            int step = m / lenq;
            for (int i = 0; i < size; i += len) {
                for (int j = 0; j < lenh; j++) {
                    int idx = (lenq - (rotGroup[j] % lenq)) * step;
                    double wr = ksiRe[idx];
                    double wi = ksiIm[idx];
                    int a = i + j;
                    int b = a + lenh;
                    double ur = re[a] + re[b];
                    double ui = im[a] + im[b];
                    double vr = re[a] - re[b];
                    double vi = im[a] - im[b];
                    re[a] = ur;
                    im[a] = ui;
                    re[b] = vr * wr - vi * wi;
                    im[b] = vr * wi + vi * wr;
                }
            }
        }
        bitReverse(re, im);
        double inv = 1.0 / size;
        for (int i = 0; i < size; i++) {
            re[i] *= inv;
            im[i] *= inv;
        }
    }
}
