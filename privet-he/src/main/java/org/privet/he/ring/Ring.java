package org.privet.he.ring;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The RNS ring {@code Z_{QP}[X]/(X^N + 1)}: a chain of primes {@code q_0..q_L} (the ciphertext modulus
 * {@code Q_l = q_0 ... q_l} at level {@code l}) and special primes {@code p_0..p_{k-1}} (key switching).
 * All primes are distinct, NTT-friendly and below {@code 2^61}.
 *
 * <p>Immutable (a cache of automorphism tables is filled lazily and concurrently) and thread safe.
 */
public final class Ring {
    private final int n;
    private final int logN;
    private final Modulus[] q;
    private final Modulus[] p;
    private final ConcurrentHashMap<Integer, int[]> nttIndex = new ConcurrentHashMap<>();

    /**
     * @param logN ring degree exponent, {@code N = 2^logN}, in {@code [1, 17]}
     * @param qPrimes the chain {@code q_0..q_L} (at least one)
     * @param pPrimes the special primes (may be empty)
     */
    public Ring(int logN, long[] qPrimes, long[] pPrimes) {
        if (logN < 1 || logN > 17) {
            throw new IllegalArgumentException("logN must be in [1, 17]. Provided value: " + logN);
        }
        if (qPrimes.length == 0) {
            throw new IllegalArgumentException("the chain needs at least one prime");
        }
        this.logN = logN;
        this.n = 1 << logN;
        long[] all = new long[qPrimes.length + pPrimes.length];
        System.arraycopy(qPrimes, 0, all, 0, qPrimes.length);
        System.arraycopy(pPrimes, 0, all, qPrimes.length, pPrimes.length);
        long[] sorted = all.clone();
        Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("primes must be distinct. Repeated value: " + sorted[i]);
            }
        }
        this.q = new Modulus[qPrimes.length];
        for (int i = 0; i < qPrimes.length; i++) {
            q[i] = new Modulus(qPrimes[i], n);
        }
        this.p = new Modulus[pPrimes.length];
        for (int i = 0; i < pPrimes.length; i++) {
            p[i] = new Modulus(pPrimes[i], n);
        }
    }

    /** Ring degree N. */
    public int n() {
        return n;
    }

    /** {@code log2 N}. */
    public int logN() {
        return logN;
    }

    /** Highest level {@code L} (the chain has {@code L + 1} primes). */
    public int maxLevel() {
        return q.length - 1;
    }

    /** Number of special primes. */
    public int specialCount() {
        return p.length;
    }

    /** Chain prime {@code q_i}. */
    public Modulus q(int i) {
        return q[i];
    }

    /** Special prime {@code p_i}. */
    public Modulus p(int i) {
        return p[i];
    }

    /** The basis {@code q_0..q_level}. */
    public Modulus[] basisQ(int level) {
        checkLevel(level);
        return Arrays.copyOf(q, level + 1);
    }

    /** The special basis {@code p_0..p_{k-1}}. */
    public Modulus[] basisP() {
        return p.clone();
    }

    /** The basis {@code q_0..q_level, p_0..p_{k-1}}. */
    public Modulus[] basisQP(int level) {
        checkLevel(level);
        Modulus[] b = Arrays.copyOf(q, level + 1 + p.length);
        System.arraycopy(p, 0, b, level + 1, p.length);
        return b;
    }

    /** A zero polynomial at {@code level} over {@code Q_level}, in coefficient form. */
    public RnsPoly newPolyQ(int level) {
        return new RnsPoly(basisQ(level));
    }

    /** A zero polynomial over {@code Q_level P}, in coefficient form. */
    public RnsPoly newPolyQP(int level) {
        return new RnsPoly(basisQP(level));
    }

    private void checkLevel(int level) {
        if (level < 0 || level > maxLevel()) {
            throw new IllegalArgumentException("level must be in [0, " + maxLevel() + "]. Provided value: " + level);
        }
    }

    /** The Galois element {@code 5^k mod 2N} of a rotation by {@code k} slots (negative k rotates right). */
    public int galoisElementForRotation(int k) {
        int m = 2 * n;
        int slots = n / 2;
        int kk = Math.floorMod(k, slots);
        return (int) ModArith.powMod(5, kk, m);
    }

    /** The Galois element {@code 2N - 1} of complex conjugation of the slots. */
    public int galoisElementForConjugation() {
        return 2 * n - 1;
    }

    /**
     * The permutation that applies {@code X -> X^g} to a polynomial in NTT form: {@code out[j] = in[idx[j]]}.
     *
     * @param g odd, in {@code [1, 2N)}
     */
    public int[] automorphismNttIndex(int g) {
        if ((g & 1) == 0 || g < 1 || g >= 2 * n) {
            throw new IllegalArgumentException("Galois element must be odd and in [1, 2N). Provided value: " + g);
        }
        return nttIndex.computeIfAbsent(g, gg -> {
            int[] idx = new int[n];
            long mask = 2L * n - 1;
            for (int j = 0; j < n; j++) {
                long e = 2L * (Integer.reverse(j) >>> (32 - logN)) + 1;
                long eg = (e * gg) & mask;
                int r = (int) ((eg - 1) >>> 1);
                idx[j] = Integer.reverse(r) >>> (32 - logN);
            }
            return idx;
        });
    }

    @Override
    public String toString() {
        return "Ring[N=2^" + logN + ", Q: " + q.length + " primes, P: " + p.length + " primes]";
    }
}
