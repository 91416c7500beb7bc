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
        if (key.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("switching key was made for other parameters");
        }
        if (!c.isNtt()) {
            throw new IllegalArgumentException("key switching needs its input in NTT form");
        }
        int level = c.limbs() - 1;
        int n = ring.n();
        int k = ring.specialCount();
        int maxLevel = ring.maxLevel();
        int alpha = params.alpha();
        int digits = (level + alpha) / alpha;
        RnsPoly cCoef = c.copy().inttInPlace();
        Modulus[] qp = ring.basisQP(level);
        int limbs = level + 1 + k;
        long[][] acc0 = new long[limbs][n];
        long[][] acc1 = new long[limbs][n];
        long[][] scratch = new long[alpha][n];
        long[][] convOut = new long[limbs][n];
        for (int j = 0; j < digits; j++) {
            int lo = j * alpha;
            int hi = Math.min(level + 1, lo + alpha);
            long[][] in = new long[hi - lo][];
            for (int i = lo; i < hi; i++) {
                in[i - lo] = cCoef.row(i);
            }
            BasisExtender be = modUpExtender(level, j);
            int others = limbs - (hi - lo);
            long[][] out = new long[others][];
            System.arraycopy(convOut, 0, out, 0, others);
            be.convert(in, out, scratch);
            final int flo = lo;
            final int fhi = hi;
            final RnsPoly kb = key.b[j];
            final RnsPoly ka = key.a[j];
            Parallel.forEach(limbs, i -> {
                long[] x;
                if (i >= flo && i < fhi) {
                    x = c.row(i);
                } else {
                    x = out[i < flo ? i : i - (fhi - flo)];
                    qp[i].forward(x);
                }
                int keyRow = i <= level ? i : maxLevel + 1 + (i - level - 1);
                long q = qp[i].value();
                long qi = qp[i].montgomeryNegInverse();
                long[] b = kb.row(keyRow);
                long[] a = ka.row(keyRow);
                long[] o0 = acc0[i];
                long[] o1 = acc1[i];
                for (int cc = 0; cc < n; cc++) {
                    long xv = x[cc];
                    long s0 = o0[cc] + ModArith.montMul(xv, b[cc], q, qi);
                    o0[cc] = s0 >= q ? s0 - q : s0;
                    long s1 = o1[cc] + ModArith.montMul(xv, a[cc], q, qi);
                    o1[cc] = s1 >= q ? s1 - q : s1;
                }
            });
        }
        return new RnsPoly[] {modDown(acc0, level), modDown(acc1, level)};
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
