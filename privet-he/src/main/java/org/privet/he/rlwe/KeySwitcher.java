package org.privet.he.rlwe;

import java.util.concurrent.ConcurrentHashMap;
import org.privet.he.ring.BasisExtender;
import org.privet.he.ring.LazyMac;
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
 * <p>Thread safe: basis extenders are cached in a concurrent map; each thread that switches keys keeps one
 * buffer of {@code dnum} rows of N longs (a {@link ThreadLocal}, reused by its later calls); everything
 * else is allocated per call.
 */
public final class KeySwitcher {
    private final RlweParameters params;
    private final Ring ring;
    private final ConcurrentHashMap<Long, BasisExtender> modUp = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, BasisExtender> modDown = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, long[]> pInv = new ConcurrentHashMap<>();
    /** Per-thread buffers for one limb's raised digits (reused across calls; at most dnum rows of N). */
    private final ThreadLocal<long[][]> buffers = new ThreadLocal<>();

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
     * <p>Limb by limb of {@code Q_level P}: the digits are raised to that prime and transformed, then the
     * inner product with the key runs over all digits at once with 128-bit lazy accumulation (one reduction
     * per coefficient instead of one per digit), while the limb's rows are still in cache.
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
        int alpha = params.alpha();
        int limbs = level + 1 + ring.specialCount();
        int digits = (level + alpha) / alpha;
        RnsPoly cCoef = c.copy().inttInPlace();
        long[][][] in = new long[digits][][];
        long[][][] prepared = new long[digits][][];
        for (int j = 0; j < digits; j++) {
            int lo = j * alpha;
            int hi = Math.min(level + 1, lo + alpha);
            in[j] = new long[hi - lo][];
            for (int i = lo; i < hi; i++) {
                in[j][i - lo] = cCoef.row(i);
            }
            prepared[j] = hi - lo == 1 ? null : new long[hi - lo][n];
            modUpExtender(level, j).prepare(in[j], prepared[j]);
        }
        Modulus[] qp = ring.basisQP(level);
        long[][] acc0 = new long[limbs][];
        long[][] acc1 = new long[limbs][];
        Parallel.forEach(limbs, i -> {
            long[][] rows = digitBuffers(digits, n);
            long[][] src = new long[digits][];
            for (int j = 0; j < digits; j++) {
                int lo = j * alpha;
                int hi = Math.min(level + 1, lo + alpha);
                if (i >= lo && i < hi) {
                    src[j] = c.row(i);
                } else {
                    modUpExtender(level, j).convertOne(i < lo ? i : i - (hi - lo), in[j], prepared[j], rows[j]);
                    qp[i].forward(rows[j]);
                    src[j] = rows[j];
                }
            }
            acc0[i] = new long[n];
            acc1[i] = new long[n];
            innerProduct(src, null, key, i, level, acc0[i], acc1[i]);
        });
        return new RnsPoly[] {modDown(acc0, level), modDown(acc1, level)};
    }

    private long[][] digitBuffers(int digits, int n) {
        long[][] b = buffers.get();
        if (b == null || b.length < digits) {
            b = new long[digits][n];
            buffers.set(b);
        }
        return b;
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
        int alpha = params.alpha();
        int limbs = level + 1 + ring.specialCount();
        int digits = (level + alpha) / alpha;
        RnsPoly cCoef = c.copy().inttInPlace();
        Modulus[] qp = ring.basisQP(level);
        long[][][] rows = new long[digits][limbs][];
        for (int j = 0; j < digits; j++) {
            int lo = j * alpha;
            int hi = Math.min(level + 1, lo + alpha);
            long[][] in = new long[hi - lo][];
            for (int i = lo; i < hi; i++) {
                in[i - lo] = cCoef.row(i);
            }
            long[][] prepared = hi - lo == 1 ? null : new long[hi - lo][n];
            BasisExtender be = modUpExtender(level, j);
            be.prepare(in, prepared);
            long[][] r = rows[j];
            Parallel.forEach(limbs, i -> {
                if (i >= lo && i < hi) {
                    r[i] = c.row(i).clone(); // copied so that the decomposition does not alias c
                } else {
                    r[i] = new long[n];
                    be.convertOne(i < lo ? i : i - (hi - lo), in, prepared, r[i]);
                    qp[i].forward(r[i]);
                }
            });
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
        int digits = d.rows.length;
        long[][] acc0 = new long[limbs][];
        long[][] acc1 = new long[limbs][];
        Parallel.forEach(limbs, i -> {
            long[][] src = new long[digits][];
            for (int j = 0; j < digits; j++) {
                src[j] = d.rows[j][i];
            }
            acc0[i] = new long[n];
            acc1[i] = new long[n];
            innerProduct(src, nttIndex, key, i, level, acc0[i], acc1[i]);
        });
        return new RnsPoly[] {modDown(acc0, level), modDown(acc1, level)};
    }

    private void checkKey(SwitchingKey key) {
        if (key.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("switching key was made for other parameters");
        }
    }

    private static final int BLOCK = 256;
    private static final long MIN = Long.MIN_VALUE;

    /**
     * Limb {@code i} of the key inner product: {@code out0 = sum_j src_j * b_j}, {@code out1 = sum_j src_j * a_j}
     * mod the limb's prime, with {@code src_j} permuted by {@code idx} when not null. Products of residues
     * ({@code < 2^61} each, the key in Montgomery form) are summed exactly in 128 bits, {@code BLOCK}
     * coefficients at a time in L1-resident accumulators; the high word is folded mod q whenever more terms
     * could overflow 127 bits, and one Montgomery reduction per coefficient ends it.
     */
    private void innerProduct(long[][] src, int[] idx, SwitchingKey key, int i, int level, long[] out0, long[] out1) {
        int digits = src.length;
        int keyRow = i <= level ? i : ring.maxLevel() + 1 + (i - level - 1);
        long[][] kb = new long[digits][];
        long[][] ka = new long[digits][];
        for (int j = 0; j < digits; j++) {
            kb[j] = key.b[j].row(keyRow);
            ka[j] = key.a[j].row(keyRow);
        }
        innerProduct(src, idx, kb, ka, ring.basisQP(level)[i], out0, out1);
    }

    /**
     * {@code out0[c] = sum_j src_j[c'] kb_j[c] 2^-64}, {@code out1[c] = sum_j src_j[c'] ka_j[c] 2^-64} mod
     * {@code m}, where {@code c' = idx[c]} (or {@code c} when {@code idx} is null); all residues in
     * {@code [0, q)}, outputs in {@code [0, q)}, any number of digits.
     */
    static void innerProduct(long[][] src, int[] idx, long[][] kb, long[][] ka, Modulus m, long[] out0, long[] out1) {
        int n = out0.length;
        int digits = src.length;
        long q = m.value();
        long qi = m.montgomeryNegInverse();
        long ratio = m.barrettRatio();
        // terms of < 2^(2 bits) each that fit below 2^127 on top of a folded high word (< q)
        int bits = m.bits();
        int fold = 2 * bits >= 126 ? 1 : (int) Math.min(1 << 20, 1L << (126 - 2 * bits));
        long[] lo0 = new long[BLOCK];
        long[] hi0 = new long[BLOCK];
        long[] lo1 = new long[BLOCK];
        long[] hi1 = new long[BLOCK];
        for (int c0 = 0; c0 < n; c0 += BLOCK) {
            int len = Math.min(BLOCK, n - c0);
            java.util.Arrays.fill(lo0, 0);
            java.util.Arrays.fill(hi0, 0);
            java.util.Arrays.fill(lo1, 0);
            java.util.Arrays.fill(hi1, 0);
            for (int j = 0; j < digits; j++) {
                long[] x = src[j];
                long[] b = kb[j];
                long[] a = ka[j];
                if (idx == null) {
                    LazyMac.accumulate(x, b, a, c0, len, lo0, hi0, lo1, hi1);
                } else {
                    for (int k = 0; k < len; k++) {
                        int cc = c0 + k;
                        long xv = x[idx[cc]];
                        long bv = b[cc];
                        long l = xv * bv;
                        long s = lo0[k] + l;
                        hi0[k] += Math.multiplyHigh(xv, bv) + ((s ^ MIN) < (l ^ MIN) ? 1 : 0);
                        lo0[k] = s;
                        long av = a[cc];
                        l = xv * av;
                        s = lo1[k] + l;
                        hi1[k] += Math.multiplyHigh(xv, av) + ((s ^ MIN) < (l ^ MIN) ? 1 : 0);
                        lo1[k] = s;
                    }
                }
                if ((j + 1) % fold == 0 && j + 1 < digits) {
                    for (int k = 0; k < len; k++) {
                        hi0[k] = ModArith.barrett(hi0[k], q, ratio);
                        hi1[k] = ModArith.barrett(hi1[k], q, ratio);
                    }
                }
            }
            for (int k = 0; k < len; k++) {
                out0[c0 + k] = redc(ModArith.barrett(hi0[k], q, ratio), lo0[k], q, qi);
                out1[c0 + k] = redc(ModArith.barrett(hi1[k], q, ratio), lo1[k], q, qi);
            }
        }
    }

    /** Montgomery reduction of {@code hi 2^64 + lo} for {@code hi < q}: {@code (hi 2^64 + lo) 2^-64 mod q} in {@code [0, q)}. */
    private static long redc(long hi, long lo, long q, long qNegInv) {
        long m = lo * qNegInv;
        long r = hi + ModArith.mulHighUnsigned(m, q) + (lo != 0 ? 1 : 0);
        return r >= q ? r - q : r;
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
