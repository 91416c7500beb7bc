package org.privet.he.rlwe;

import java.util.concurrent.ConcurrentHashMap;
import org.privet.he.ring.BasisExtender;
import org.privet.he.ring.ModArith;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Parallel;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;

/**
 * Hybrid key switching with special modulus {@code P} (Han-Ki 2020, as in Lattigo): given {@code c} over
 * {@code Q_l} and a key from {@code s'} to {@code s}, returns {@code (d0, d1)} over {@code Q_l} with
 * {@code d0 + d1 s = c s' + e_ks}, where {@code |e_ks| ~ dnum * alpha * N * sigma * max(digit) / P + k}.
 *
 * <p>Steps: split {@code c} into digits of {@code alpha} primes; ModUp each digit to {@code Q_l P} by fast
 * basis extension (its {@code u * D_j} error vanishes against the gadget, because {@code D_j g_j = 0 mod Q});
 * inner product with the key in NTT form; ModDown by {@code P}: {@code (x - Conv_{P->Q}([x]_P)) P^{-1}}.
 *
 * <p>Hoisting (Halevi-Shoup 2018): {@link #decompose} does the ModUp once; {@link #switchKey(Decomposition, int[],
 * SwitchingKey)} then switches any automorphic image of the same polynomial with the inner products and ModDown
 * only (the {@code (level + 1)^2}-odd NTTs of the ModUp are paid once).
 *
 * <p>Thread safe (basis extenders are cached in a concurrent map; every call allocates its own buffers).
 */
public final class KeySwitcher {
    private final RlweParameters params;
    private final Ring ring;
    private final ConcurrentHashMap<Long, BasisExtender> modUp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, BasisExtender> modDown = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, long[]> pInv = new ConcurrentHashMap<>();

    /** A key switcher for the given parameters. */
    public KeySwitcher(RlweParameters params) {
        this.params = params;
        this.ring = params.ring();
    }

    private BasisExtender modUpExtender(int level, int digit) {
        long key = ((long) level << 32) | digit;
        return modUp.computeIfAbsent(key, k -> {
            int alpha = params.alpha();
            int lo = digit * alpha;
            int hi = Math.min(level + 1, lo + alpha);
            Modulus[] from = new Modulus[hi - lo];
            for (int i = lo; i < hi; i++) {
                from[i - lo] = ring.q(i);
            }
            Modulus[] to = new Modulus[level + 1 - (hi - lo) + ring.specialCount()];
            int t = 0;
            for (int i = 0; i <= level; i++) {
                if (i < lo || i >= hi) {
                    to[t++] = ring.q(i);
                }
            }
            for (int i = 0; i < ring.specialCount(); i++) {
                to[t++] = ring.p(i);
            }
            return new BasisExtender(from, to);
        });
    }

    private BasisExtender modDownExtender(int level) {
        return modDown.computeIfAbsent(level, l -> new BasisExtender(ring.basisP(), ring.basisQ(l)));
    }

    private long[] pInverse(int level) {
        return pInv.computeIfAbsent(level, l -> {
            long[] r = new long[l + 1];
            for (int i = 0; i <= l; i++) {
                long qi = ring.q(i).value();
                long v = 1;
                for (int t = 0; t < ring.specialCount(); t++) {
                    v = ModArith.mulMod(v, ring.p(t).value() % qi, qi);
                }
                r[i] = ModArith.invMod(v, qi);
            }
            return r;
        });
    }

    /**
     * Switches {@code c} (NTT form over {@code Q_level}, not modified) under {@code key}.
     *
     * @return {@code {d0, d1}} in NTT form over {@code Q_level}
     */
    public RnsPoly[] switchKey(RnsPoly c, SwitchingKey key) {
        checkKey(key);
        if (!c.isNtt()) {
            throw new IllegalArgumentException("key switching needs its input in NTT form");
        }
        int level = c.limbs() - 1;
        int n = ring.n();
        int limbs = level + 1 + ring.specialCount();
        int digits = (level + params.alpha()) / params.alpha();
        RnsPoly cCoef = c.copy().inttInPlace();
        long[][] acc0 = new long[limbs][n];
        long[][] acc1 = new long[limbs][n];
        long[][] scratch = new long[params.alpha()][n];
        long[][] convOut = new long[limbs][n];
        for (int j = 0; j < digits; j++) {
            long[][] ext = modUpDigit(c, cCoef, level, j, convOut, scratch);
            multiplyAccumulate(ext, null, key, j, level, acc0, acc1);
        }
        return new RnsPoly[] {modDown(acc0, level), modDown(acc1, level)};
    }

    /**
     * The first half of key switching, shared by any number of keys (hoisting, Halevi-Shoup 2018): the digits
     * of {@code c} (NTT form over {@code Q_level}, not modified) raised to {@code Q_level P}, in NTT form.
     * Memory: {@code digits * (level + 1 + #P)} rows of N longs.
     */
    public Decomposition decompose(RnsPoly c) {
        if (!c.isNtt()) {
            throw new IllegalArgumentException("key switching needs its input in NTT form");
        }
        int level = c.limbs() - 1;
        int n = ring.n();
        int limbs = level + 1 + ring.specialCount();
        int digits = (level + params.alpha()) / params.alpha();
        RnsPoly cCoef = c.copy().inttInPlace();
        long[][] scratch = new long[params.alpha()][n];
        long[][][] rows = new long[digits][][];
        for (int j = 0; j < digits; j++) {
            long[][] ext = modUpDigit(c, cCoef, level, j, new long[limbs][n], scratch);
            int lo = j * params.alpha();
            int hi = Math.min(level + 1, lo + params.alpha());
            for (int i = lo; i < hi; i++) {
                ext[i] = ext[i].clone(); // c's own rows: copied so that the decomposition does not alias c
            }
            rows[j] = ext;
        }
        return new Decomposition(params.fingerprint(), level, rows);
    }

    /**
     * Switches {@code phi_g(c)} under {@code key}, where {@code d = decompose(c)} and {@code phi_g} is the
     * automorphism whose NTT permutation is {@code nttIndex} ({@link Ring#automorphismNttIndex}); with
     * {@code nttIndex == null}, switches {@code c} itself. The automorphism commutes with the digit
     * decomposition and the (odd-symmetric) basis extension, so this equals
     * {@code switchKey(phi_g(c), key)} bit for bit, at the cost of the inner products and ModDown only.
     *
     * @return {@code {d0, d1}} in NTT form over {@code Q_level}
     */
    public RnsPoly[] switchKey(Decomposition d, int[] nttIndex, SwitchingKey key) {
        checkKey(key);
        if (d.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("decomposition was made for other parameters");
        }
        int level = d.level;
        int n = ring.n();
        int limbs = level + 1 + ring.specialCount();
        long[][] acc0 = new long[limbs][n];
        long[][] acc1 = new long[limbs][n];
        for (int j = 0; j < d.rows.length; j++) {
            multiplyAccumulate(d.rows[j], nttIndex, key, j, level, acc0, acc1);
        }
        return new RnsPoly[] {modDown(acc0, level), modDown(acc1, level)};
    }

    private void checkKey(SwitchingKey key) {
        if (key.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("switching key was made for other parameters");
        }
    }

    /**
     * ModUp of digit {@code j}: rows over {@code Q_level P} in NTT form. Rows of the digit's own primes are
     * {@code c}'s rows (shared); the others are written into {@code convOut} (reused) and transformed.
     */
    private long[][] modUpDigit(RnsPoly c, RnsPoly cCoef, int level, int j, long[][] convOut, long[][] scratch) {
        int alpha = params.alpha();
        int limbs = level + 1 + ring.specialCount();
        int lo = j * alpha;
        int hi = Math.min(level + 1, lo + alpha);
        long[][] in = new long[hi - lo][];
        for (int i = lo; i < hi; i++) {
            in[i - lo] = cCoef.row(i);
        }
        int others = limbs - (hi - lo);
        long[][] out = new long[others][];
        System.arraycopy(convOut, 0, out, 0, others);
        modUpExtender(level, j).convert(in, out, scratch);
        Modulus[] qp = ring.basisQP(level);
        long[][] ext = new long[limbs][];
        for (int i = 0; i < limbs; i++) {
            ext[i] = i >= lo && i < hi ? c.row(i) : out[i < lo ? i : i - (hi - lo)];
        }
        Parallel.forEach(limbs, i -> {
            if (i < lo || i >= hi) {
                qp[i].forward(ext[i]);
            }
        });
        return ext;
    }

    /** {@code acc0 += ext * b_j}, {@code acc1 += ext * a_j} row by row (with {@code ext} permuted by {@code idx} when not null). */
    private void multiplyAccumulate(long[][] ext, int[] idx, SwitchingKey key, int j, int level, long[][] acc0,
            long[][] acc1) {
        int n = ring.n();
        int maxLevel = ring.maxLevel();
        Modulus[] qp = ring.basisQP(level);
        RnsPoly kb = key.b[j];
        RnsPoly ka = key.a[j];
        Parallel.forEach(ext.length, i -> {
            long[] x = ext[i];
            int keyRow = i <= level ? i : maxLevel + 1 + (i - level - 1);
            long q = qp[i].value();
            long qi = qp[i].montgomeryNegInverse();
            long[] b = kb.row(keyRow);
            long[] a = ka.row(keyRow);
            long[] o0 = acc0[i];
            long[] o1 = acc1[i];
            if (idx == null) {
                for (int cc = 0; cc < n; cc++) {
                    long xv = x[cc];
                    long s0 = o0[cc] + ModArith.montMul(xv, b[cc], q, qi);
                    o0[cc] = s0 >= q ? s0 - q : s0;
                    long s1 = o1[cc] + ModArith.montMul(xv, a[cc], q, qi);
                    o1[cc] = s1 >= q ? s1 - q : s1;
                }
            } else {
                for (int cc = 0; cc < n; cc++) {
                    long xv = x[idx[cc]];
                    long s0 = o0[cc] + ModArith.montMul(xv, b[cc], q, qi);
                    o0[cc] = s0 >= q ? s0 - q : s0;
                    long s1 = o1[cc] + ModArith.montMul(xv, a[cc], q, qi);
                    o1[cc] = s1 >= q ? s1 - q : s1;
                }
            }
        });
    }

    /**
     * The digits of a polynomial raised to {@code Q_level P} in NTT form ({@link #decompose}), reusable for
     * any number of key switches of it or of its automorphic images. Immutable after construction; thread safe.
     */
    public static final class Decomposition {
        final long paramsFingerprint;
        final int level;
        final long[][][] rows;

        Decomposition(long paramsFingerprint, int level, long[][][] rows) {
            this.paramsFingerprint = paramsFingerprint;
            this.level = level;
            this.rows = rows;
        }

        /** The level of the decomposed polynomial. */
        public int level() {
            return level;
        }

        /** Number of digits. */
        public int digits() {
            return rows.length;
        }
    }

    /** {@code (x - Conv_{P->Q}([x]_P)) * P^{-1} mod Q_level}; {@code x} rows in NTT form over {@code Q_level P}. */
    private RnsPoly modDown(long[][] x, int level) {
        int k = ring.specialCount();
        int n = ring.n();
        long[][] pRows = new long[k][];
        for (int t = 0; t < k; t++) {
            pRows[t] = x[level + 1 + t];
        }
        Parallel.forEach(k, t -> ring.p(t).inverse(pRows[t]));
        long[][] conv = new long[level + 1][n];
        modDownExtender(level).convert(pRows, conv, new long[k][n]);
        long[] pinv = pInverse(level);
        long[][] res = new long[level + 1][];
        Parallel.forEach(level + 1, i -> {
            Modulus m = ring.q(i);
            long q = m.value();
            m.forward(conv[i]);
            long w = pinv[i];
            long ws = ModArith.shoup(w, q);
            long[] xi = x[i];
            long[] ci = conv[i];
            for (int c = 0; c < n; c++) {
                long d = xi[c] - ci[c];
                if (d < 0) {
                    d += q;
                }
                xi[c] = ModArith.mulShoup(d, w, ws, q);
            }
            res[i] = xi;
        });
        return new RnsPoly(ring.basisQ(level), res, true);
    }
}
