package org.privet.core.rng;

import java.util.SplittableRandom;

/**
 * Seeded, splittable experiment random number generator.
 *
 * <p>For experiments only (weight init, shuffling, data generation, splits). Never use it for
 * privacy noise or keys: those come from {@link java.security.SecureRandom}.
 *
 * <p>Children are derived from the seed and a label, not from how many numbers the parent has
 * drawn, so {@code rng.child("shadow", 3)} is the same stream whatever else the program did
 * first. This is what makes the same seed give the same model bit for bit.
 *
 * <p>Not thread safe: give each thread its own child.
 */
public final class Rng {
    private final long seed;
    private final SplittableRandom random;
    private boolean haveSpareGaussian;
    private double spareGaussian;

    private Rng(long seed) {
        this.seed = seed;
        this.random = new SplittableRandom(mix(seed));
    }

    /** A generator for the given experiment seed. */
    public static Rng of(long seed) {
        return new Rng(seed);
    }

    /** The seed this generator was created from (written into reports). */
    public long seed() {
        return seed;
    }

    /** An independent child stream named by {@code label}; independent of draws made so far. */
    public Rng child(String label) {
        long h = seed;
        for (int i = 0; i < label.length(); i++) {
            h = mix(h ^ label.charAt(i)) + 0x9E3779B97F4A7C15L;
        }
        return new Rng(mix(h ^ label.length()));
    }

    /** An independent child stream named by {@code label} and {@code index}. */
    public Rng child(String label, long index) {
        return new Rng(mix(child(label).seed ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    public long nextLong() {
        return random.nextLong();
    }

    public int nextInt() {
        return random.nextInt();
    }

    /** Uniform in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
        }
        return random.nextInt(bound);
    }

    /** Uniform in [0, 1). */
    public double nextDouble() {
        return random.nextDouble();
    }

    /** Uniform in [0, 1). */
    public float nextFloat() {
        return (random.nextInt() >>> 8) * 0x1.0p-24f;
    }

    public boolean nextBoolean() {
        return random.nextBoolean();
    }

    /** Standard normal by the polar Marsaglia method (deterministic across JDK versions). */
    public double nextGaussian() {
        if (haveSpareGaussian) {
            haveSpareGaussian = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * random.nextDouble() - 1;
            v = 2 * random.nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double m = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * m;
        haveSpareGaussian = true;
        return u * m;
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /** Shuffles in place (Fisher-Yates). */
    public void shuffle(int[] a) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    /** Stafford variant 13 of the SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
