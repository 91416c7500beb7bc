package org.privet.he.ckks;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.privet.he.ring.ModArith;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Parallel;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;
import org.privet.he.rlwe.KeySwitcher;
import org.privet.he.rlwe.SwitchingKey;

/**
 * Homomorphic CKKS arithmetic on {@link Ciphertext}s: addition, subtraction, multiplication (by ciphertexts,
 * plaintexts and constants), relinearisation, rescaling, rotations, conjugation, level management and
 * polynomial evaluation. Results are new ciphertexts; inputs are never modified.
 *
 * <p>Levels and scales: binary operations bring both operands to the lower level first (dropping primes,
 * which keeps the scale); additions require equal scales (relative difference below {@code 1e-9}), since
 * adding values at different scales would silently corrupt them. {@link #rescale} divides by the top prime
 * {@code q_l} with rounding and lowers the level by one; it is refused at level 0 ("levels exhausted").
 * Rotations and relinearisation need the matching keys in {@link EvaluationKeys}.
 *
 * <p>Thread safe: holds only read-only keys and tables.
 */
public final class Evaluator {
    private static final double SCALE_TOLERANCE = 1e-9;
    private final CkksParameters params;
    private final Ring ring;
    private final EvaluationKeys keys;
    private final KeySwitcher switcher;
    private final long[][] qlInv;
    private final long[][] qlInvShoup;

    /** An evaluator with the given evaluation keys (may be null for key-free operations). */
    public Evaluator(CkksParameters params, EvaluationKeys keys) {
        this.params = params;
        this.ring = params.rlwe().ring();
        this.keys = keys;
        this.switcher = new KeySwitcher(params.rlwe());
        int levels = params.maxLevel() + 1;
        qlInv = new long[levels][];
        qlInvShoup = new long[levels][];
        for (int l = 1; l < levels; l++) {
            long ql = ring.q(l).value();
            qlInv[l] = new long[l];
            qlInvShoup[l] = new long[l];
            for (int i = 0; i < l; i++) {
                long qi = ring.q(i).value();
                qlInv[l][i] = ModArith.invMod(ql % qi, qi);
                qlInvShoup[l][i] = ModArith.shoup(qlInv[l][i], qi);
            }
        }
    }

    /** The parameters. */
    public CkksParameters params() {
        return params;
    }

    private void check(Ciphertext a) {
        if (a.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("ciphertext was made for other parameters (fingerprint "
                    + Long.toHexString(a.paramsFingerprint) + " != " + Long.toHexString(params.fingerprint()) + ")");
        }
    }

    private void check(Ciphertext a, Ciphertext b) {
        check(a);
        check(b);
        if (a.keyId != b.keyId) {
            throw new IllegalArgumentException("ciphertexts are encrypted under different keys (key ids "
                    + Long.toHexString(a.keyId) + " and " + Long.toHexString(b.keyId) + ")");
        }
    }

    private void check(Plaintext p) {
        if (p.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("plaintext was encoded for other parameters");
        }
    }

    private static void checkScales(double a, double b, String op) {
        if (Math.abs(a - b) > SCALE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b))) {
            throw new IllegalArgumentException(op + " needs equal scales. Provided: 2^" + log2(a) + " and 2^" + log2(b)
                    + " (rescale, or encode the plaintext at the ciphertext's scale)");
        }
    }

    private static String log2(double x) {
        return String.format(java.util.Locale.ROOT, "%.6f", Math.log(x) / Math.log(2));
    }

    /** A copy of {@code a} with its primes above {@code level} dropped (same scale). */
    public Ciphertext dropLevel(Ciphertext a, int level) {
        check(a);
        if (level < 0 || level > a.level()) {
            throw new IllegalArgumentException("target level must be in [0, " + a.level() + "]. Provided value: " + level);
        }
        RnsPoly[] c = new RnsPoly[a.c.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a.c[i].copyPrefix(level + 1);
        }
        return new Ciphertext(c, a.scale, a.paramsFingerprint, a.keyId);
    }

    /** {@code a + b}. */
    public Ciphertext add(Ciphertext a, Ciphertext b) {
        check(a, b);
        checkScales(a.scale, b.scale, "add");
        return addSub(a, b, false);
    }

    /** {@code a - b}. */
    public Ciphertext sub(Ciphertext a, Ciphertext b) {
        check(a, b);
        checkScales(a.scale, b.scale, "sub");
        return addSub(a, b, true);
    }

    private Ciphertext addSub(Ciphertext a, Ciphertext b, boolean sub) {
        int level = Math.min(a.level(), b.level());
        int deg = Math.max(a.degree(), b.degree());
        RnsPoly[] c = new RnsPoly[deg + 1];
        for (int i = 0; i <= deg; i++) {
            if (i <= a.degree()) {
                c[i] = a.c[i].copyPrefix(level + 1);
                if (i <= b.degree()) {
                    if (sub) {
                        c[i].subInPlace(b.c[i]);
                    } else {
                        c[i].addInPlace(b.c[i]);
                    }
                }
            } else {
                c[i] = b.c[i].copyPrefix(level + 1);
                if (sub) {
                    c[i].negInPlace();
                }
            }
        }
        return new Ciphertext(c, a.scale, a.paramsFingerprint, a.keyId);
    }

    /** {@code -a}. */
    public Ciphertext negate(Ciphertext a) {
        check(a);
        RnsPoly[] c = new RnsPoly[a.c.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a.c[i].copy().negInPlace();
        }
        return new Ciphertext(c, a.scale, a.paramsFingerprint, a.keyId);
    }

    /** {@code a + p} (equal scales). */
    public Ciphertext addPlain(Ciphertext a, Plaintext p) {
        check(a);
        check(p);
        checkScales(a.scale, p.scale, "addPlain");
        int level = Math.min(a.level(), p.level());
        Ciphertext r = dropLevel(a, level);
        r.c[0].addInPlace(p.poly);
        return r;
    }

    /** {@code a * p}; the scale becomes the product of the scales. */
    public Ciphertext multiplyPlain(Ciphertext a, Plaintext p) {
        check(a);
        check(p);
        int level = Math.min(a.level(), p.level());
        Ciphertext r = dropLevel(a, level);
        for (RnsPoly c : r.c) {
            c.mulInPlace(p.poly);
        }
        return r.withScale(a.scale * p.scale);
    }

    /** {@code round(x)} reduced modulo each {@code q_0..q_level}. */
    private long[] constantRns(BigInteger x, int level) {
        long[] r = new long[level + 1];
        for (int i = 0; i <= level; i++) {
            r[i] = x.mod(BigInteger.valueOf(ring.q(i).value())).longValue();
        }
        return r;
    }

    private static BigInteger round(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("constant must be finite. Provided value: " + x);
        }
        return new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    /** {@code a + c} in every slot, for a real constant {@code c} (encoded exactly at the ciphertext's scale). */
    public Ciphertext addConstant(Ciphertext a, double c) {
        check(a);
        Ciphertext r = dropLevel(a, a.level());
        // the constant polynomial round(c * scale) is the same value at every NTT point
        long[] k = constantRns(round(c * a.scale), a.level());
        RnsPoly c0 = r.c[0];
        for (int i = 0; i < k.length; i++) {
            long q = c0.basis()[i].value();
            long[] row = c0.row(i);
            long v = k[i];
            for (int j = 0; j < row.length; j++) {
                long s = row[j] + v;
                row[j] = s >= q ? s - q : s;
            }
        }
        return r;
    }

    /**
     * {@code a * c} for a real constant {@code c}, encoded as the integer {@code round(c * constantScale)}; the
     * result's scale is {@code a.scale() * constantScale}. Typically {@code constantScale = q_level} followed by
     * {@link #rescale}, which restores the scale exactly.
     */
    public Ciphertext multiplyConstant(Ciphertext a, double c, double constantScale) {
        check(a);
        if (!(constantScale >= 1) || Double.isInfinite(constantScale)) {
            throw new IllegalArgumentException("constantScale must be >= 1 and finite. Provided value: " + constantScale);
        }
        BigInteger k = round(c * constantScale);
        return multiplyInteger(a, k, a.scale * constantScale);
    }

    private Ciphertext multiplyInteger(Ciphertext a, BigInteger k, double newScale) {
        long[] kr = constantRns(k, a.level());
        RnsPoly[] c = new RnsPoly[a.c.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a.c[i].copy().mulScalarInPlace(kr);
        }
        return new Ciphertext(c, newScale, a.paramsFingerprint, a.keyId);
    }

    /** {@code a * b} without relinearisation (degree 2); the scale is the product of the scales. */
    public Ciphertext multiply(Ciphertext a, Ciphertext b) {
        check(a, b);
        if (a.degree() != 1 || b.degree() != 1) {
            throw new IllegalArgumentException("multiply needs degree-1 ciphertexts; relinearize first. Provided degrees: "
                    + a.degree() + ", " + b.degree());
        }
        int level = Math.min(a.level(), b.level());
        Modulus[] basis = ring.basisQ(level);
        int n = ring.n();
        long[][] d0 = new long[level + 1][n];
        long[][] d1 = new long[level + 1][n];
        long[][] d2 = new long[level + 1][n];
        Parallel.forEach(level + 1, i -> {
            Modulus m = basis[i];
            long q = m.value();
            long qi = m.montgomeryNegInverse();
            long r2 = m.montgomeryR2();
            long[] a0 = a.c[0].row(i);
            long[] a1 = a.c[1].row(i);
            long[] b0 = b.c[0].row(i);
            long[] b1 = b.c[1].row(i);
            long[] o0 = d0[i];
            long[] o1 = d1[i];
            long[] o2 = d2[i];
            for (int j = 0; j < n; j++) {
                // b in Montgomery form once, then exact products
                long bm0 = ModArith.montMul(b0[j], r2, q, qi);
                long bm1 = ModArith.montMul(b1[j], r2, q, qi);
                long x0 = a0[j];
                long x1 = a1[j];
                o0[j] = ModArith.montMul(x0, bm0, q, qi);
                long s = ModArith.montMul(x0, bm1, q, qi) + ModArith.montMul(x1, bm0, q, qi);
                o1[j] = s >= q ? s - q : s;
                o2[j] = ModArith.montMul(x1, bm1, q, qi);
            }
        });
        return new Ciphertext(new RnsPoly[] {new RnsPoly(basis, d0, true), new RnsPoly(basis, d1, true),
            new RnsPoly(basis, d2, true)}, a.scale * b.scale, a.paramsFingerprint, a.keyId);
    }

    /** Relinearises a degree-2 ciphertext to degree 1 (needs the relinearisation key). */
    public Ciphertext relinearize(Ciphertext a) {
        check(a);
        if (a.degree() == 1) {
            return a;
        }
        if (a.degree() != 2) {
            throw new IllegalArgumentException("relinearize supports degree 2. Provided degree: " + a.degree());
        }
        SwitchingKey rk = keys == null ? null : keys.relin;
        if (rk == null) {
            throw new IllegalStateException("no relinearisation key: generate EvaluationKeys with one");
        }
        checkKey(a, rk);
        RnsPoly[] ks = switcher.switchKey(a.c[2], rk);
        ks[0].addInPlace(a.c[0]);
        ks[1].addInPlace(a.c[1]);
        return new Ciphertext(ks, a.scale, a.paramsFingerprint, a.keyId);
    }

    private static void checkKey(Ciphertext a, SwitchingKey k) {
        if (k.keyId() != a.keyId) {
            throw new IllegalArgumentException("evaluation key belongs to another secret key (key id "
                    + Long.toHexString(k.keyId()) + " != ciphertext's " + Long.toHexString(a.keyId) + ")");
        }
    }

    /** {@code relinearize(multiply(a, b))}. */
    public Ciphertext multiplyRelin(Ciphertext a, Ciphertext b) {
        return relinearize(multiply(a, b));
    }

    /**
     * Divides by the top prime {@code q_l} with rounding: level {@code l -> l - 1}, scale {@code s -> s / q_l}.
     *
     * @throws IllegalStateException at level 0 (levels exhausted)
     */
    public Ciphertext rescale(Ciphertext a) {
        check(a);
        int l = a.level();
        if (l == 0) {
            throw new IllegalStateException("cannot rescale: the ciphertext is at level 0 (levels exhausted; use larger"
                    + " parameters or fewer multiplications)");
        }
        int n = ring.n();
        Modulus ql = ring.q(l);
        long qlv = ql.value();
        long half = qlv >>> 1;
        Modulus[] basis = ring.basisQ(l - 1);
        RnsPoly[] out = new RnsPoly[a.c.length];
        for (int k = 0; k < a.c.length; k++) {
            long[] top = new long[n];
            System.arraycopy(a.c[k].row(l), 0, top, 0, n);
            ql.inverse(top);
            for (int j = 0; j < n; j++) {
                long s = top[j] + half;
                top[j] = s >= qlv ? s - qlv : s;
            }
            long[][] rows = new long[l][];
            final long[] topRow = top;
            final RnsPoly src = a.c[k];
            Parallel.forEach(l, i -> {
                Modulus mi = basis[i];
                long qi = mi.value();
                long ratio = mi.barrettRatio();
                long halfMod = half % qi;
                long[] t = new long[n];
                for (int j = 0; j < n; j++) {
                    long v = ModArith.barrett(topRow[j], qi, ratio) - halfMod;
                    t[j] = v < 0 ? v + qi : v;
                }
                mi.forward(t);
                long[] s = src.row(i);
                long w = qlInv[l][i];
                long ws = qlInvShoup[l][i];
                for (int j = 0; j < n; j++) {
                    long d = s[j] - t[j];
                    if (d < 0) {
                        d += qi;
                    }
                    t[j] = ModArith.mulShoup(d, w, ws, qi);
                }
                rows[i] = t;
            });
            out[k] = new RnsPoly(basis, rows, true);
        }
        return new Ciphertext(out, a.scale / qlv, a.paramsFingerprint, a.keyId);
    }

    /** {@code rescale(multiplyRelin(a, b))}. */
    public Ciphertext multiplyRelinRescale(Ciphertext a, Ciphertext b) {
        return rescale(multiplyRelin(a, b));
    }

    /**
     * Rotates the slots left by {@code k} (slot {@code j} receives slot {@code j + k mod N/2}); negative {@code k}
     * rotates right. Needs the Galois key for {@code 5^k mod 2N}.
     */
    public Ciphertext rotate(Ciphertext a, int k) {
        int g = ring.galoisElementForRotation(k);
        if (g == 1) {
            return dropLevel(a, a.level());
        }
        return automorphism(a, g, "rotation by " + k);
    }

    /** Complex conjugation of every slot (needs the conjugation key). */
    public Ciphertext conjugate(Ciphertext a) {
        return automorphism(a, ring.galoisElementForConjugation(), "conjugation");
    }

    private Ciphertext automorphism(Ciphertext a, int g, String what) {
        check(a);
        if (a.degree() != 1) {
            throw new IllegalArgumentException(what + " needs a degree-1 ciphertext; relinearize first");
        }
        SwitchingKey key = galoisKey(a, g, what);
        int[] idx = ring.automorphismNttIndex(g);
        RnsPoly c0 = new RnsPoly(a.c[0].basis());
        RnsPoly c1 = new RnsPoly(a.c[1].basis());
        a.c[0].automorphism(g, idx, c0);
        a.c[1].automorphism(g, idx, c1);
        RnsPoly[] ks = switcher.switchKey(c1, key);
        ks[0].addInPlace(c0);
        return new Ciphertext(ks, a.scale, a.paramsFingerprint, a.keyId);
    }

    private SwitchingKey galoisKey(Ciphertext a, int g, String what) {
        SwitchingKey key = keys == null ? null : keys.galois.get(g);
        if (key == null) {
            throw new IllegalStateException("no Galois key for " + what + " (Galois element " + g
                    + "): generate EvaluationKeys with it");
        }
        checkKey(a, key);
        return key;
    }

    /**
     * {@code rotate(a, ks[i])} for every {@code i}, with one key-switching decomposition of {@code a} shared by
     * all rotations (hoisting, Halevi and Shoup 2018): the basis extension and its
     * {@code ~(level + 1)^2} NTTs run once instead of once per rotation, each rotation then costs the key
     * inner products and the division by {@code P}. Results are bit-identical to {@link #rotate}. Extra
     * memory while it runs: {@code digits * (level + 1 + #P)} rows of N longs.
     *
     * @param ks rotation amounts (each needs its Galois key; 0 or a multiple of N/2 gives a copy)
     * @return one ciphertext per entry of {@code ks}, in the same order
     */
    public Ciphertext[] rotateHoisted(Ciphertext a, int[] ks) {
        check(a);
        if (a.degree() != 1) {
            throw new IllegalArgumentException("rotation needs a degree-1 ciphertext; relinearize first");
        }
        SwitchingKey[] key = new SwitchingKey[ks.length];
        int[] g = new int[ks.length];
        for (int i = 0; i < ks.length; i++) {
            g[i] = ring.galoisElementForRotation(ks[i]);
            if (g[i] != 1) {
                key[i] = galoisKey(a, g[i], "rotation by " + ks[i]);
            }
        }
        KeySwitcher.Decomposition d = null;
        Ciphertext[] out = new Ciphertext[ks.length];
        for (int i = 0; i < ks.length; i++) {
            if (g[i] == 1) {
                out[i] = dropLevel(a, a.level());
                continue;
            }
            if (d == null) {
                d = switcher.decompose(a.c[1]);
            }
            int[] idx = ring.automorphismNttIndex(g[i]);
            RnsPoly c0 = new RnsPoly(a.c[0].basis());
            a.c[0].automorphism(g[i], idx, c0);
            RnsPoly[] r = switcher.switchKey(d, idx, key[i]);
            r[0].addInPlace(c0);
            out[i] = new Ciphertext(r, a.scale, a.paramsFingerprint, a.keyId);
        }
        return out;
    }

    /**
     * Sums each block of {@code blockSize} consecutive slots into the block's first slot by
     * {@code log2(blockSize)} rotations (by 1, 2, 4, ...): slot {@code b * blockSize} of the result holds
     * {@code sum_{j < blockSize} a[b * blockSize + j]}; other slots hold partial sums.
     *
     * @param blockSize a power of two in {@code [1, N/2]}
     */
    public Ciphertext innerSum(Ciphertext a, int blockSize) {
        if (blockSize < 1 || blockSize > params.slots() || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSize must be a power of two in [1, " + params.slots()
                    + "]. Provided value: " + blockSize);
        }
        Ciphertext r = a;
        for (int k = 1; k < blockSize; k <<= 1) {
            r = add(r, rotate(r, k));
        }
        return r;
    }

    /**
     * Evaluates {@code p(x) = sum_k coeffs[k] x^k} slot-wise. Powers {@code x^k} are built by a product tree
     * (depth {@code ceil(log2 d)}); each term is then multiplied by the integer
     * {@code round(c_k * targetScale * q / scale(x^k))} at a common level and the sum rescaled by {@code q}, so
     * the result has scale {@code targetScale} exactly. Levels consumed: {@code ceil(log2 d) + 1}.
     *
     * @param coeffs monomial coefficients, degree {@code d = coeffs.length - 1 >= 1}
     * @param targetScale scale of the result, typically {@link CkksParameters#defaultScale()}
     */
    public Ciphertext evaluatePolynomial(Ciphertext x, double[] coeffs, double targetScale) {
        check(x);
        int d = coeffs.length - 1;
        if (d < 1) {
            throw new IllegalArgumentException("polynomial degree must be >= 1. Provided coefficients: " + coeffs.length);
        }
        int depth = 32 - Integer.numberOfLeadingZeros(d - 1) + 1;
        if (x.level() < depth) {
            throw new IllegalStateException("polynomial of degree " + d + " needs " + depth + " levels; the ciphertext has "
                    + x.level() + " (levels exhausted)");
        }
        Ciphertext[] pow = new Ciphertext[d + 1];
        pow[1] = x;
        for (int k = 2; k <= d; k++) {
            int hi = Integer.highestOneBit(k);
            int a = hi == k ? k / 2 : hi;
            int b = k - a;
            pow[k] = multiplyRelinRescale(pow[a], pow[b]);
        }
        int level = Integer.MAX_VALUE;
        for (int k = 1; k <= d; k++) {
            if (coeffs[k] != 0) {
                level = Math.min(level, pow[k].level());
            }
        }
        if (level == Integer.MAX_VALUE) {
            level = x.level();
        }
        double q = ring.q(level).value();
        Ciphertext acc = null;
        for (int k = 1; k <= d; k++) {
            if (coeffs[k] == 0) {
                continue;
            }
            Ciphertext t = dropLevel(pow[k], level);
            BigInteger mult = round(coeffs[k] * targetScale * q / t.scale);
            Ciphertext term = multiplyInteger(t, mult, targetScale * q);
            acc = acc == null ? term : add(acc, term);
        }
        if (acc == null) {
            acc = multiplyInteger(dropLevel(x, level), BigInteger.ZERO, targetScale * q);
        }
        acc = addConstant(acc, coeffs[0]);
        return rescale(acc);
    }
}
