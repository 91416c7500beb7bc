package org.privet.pprl.harden;

import java.security.SecureRandom;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * BLIP, Bloom-and-flip (Alaggan, Gambs and Kermarrec 2012; for PPRL, Schnell and Borgs 2016): randomised response
 * on every bit, each flipped independently with probability {@code p} in {@code (0, 0.5)}. For two inputs that
 * differ in at most {@code s} bits, any output is at most {@code e^epsilon} times likelier under one than the
 * other, {@code epsilon = s * ln((1 - p) / p)}: epsilon-differential privacy for the bits, at the cost of noise in
 * every Dice similarity. Noise comes from {@link SecureRandom} unless a seeded source is asked for by
 * {@link #insecureSeeded}. Not thread-safe (one per thread).
 */
public final class Blip {
    private final double p;
    private final RandomGenerator rng;
    private final double logQ;

    private Blip(double p, RandomGenerator rng) {
        if (!(p > 0 && p < 0.5)) {
            throw new IllegalArgumentException("BLIP flip probability must be in (0, 0.5). Provided value: " + p);
        }
        this.p = p;
        this.rng = rng;
        this.logQ = Math.log1p(-p);
    }

    /** BLIP with noise from a fresh {@link SecureRandom}. */
    public static Blip secure(double flipProbability) {
        return new Blip(flipProbability, new SecureRandom());
    }

    /** BLIP with reproducible, NOT secure noise from {@code seed}: tests and repeatable experiments only. */
    public static Blip insecureSeeded(double flipProbability, long seed) {
        return new Blip(flipProbability, new SplittableRandom(seed));
    }

    public double flipProbability() {
        return p;
    }

    /** {@code s * ln((1 - p) / p)} for inputs differing in at most {@code sensitivityBits} bits. */
    public double epsilon(int sensitivityBits) {
        return sensitivityBits * Math.log((1 - p) / p);
    }

    /**
     * Flips bits of the {@code bits}-bit vector at {@code w[off..]} in place. The positions to flip are drawn by
     * geometric skips ({@code floor(ln U / ln(1 - p))} unflipped bits before each flip), which gives each bit an
     * independent flip with probability {@code p} in O(p * bits) draws.
     */
    public void apply(long[] w, int off, int bits) {
        long i = -1;
        while (true) {
            double u = rng.nextDouble();
            // 1 - u is in (0, 1]: log is finite; skip >= 0 unflipped bits.
            long skip = (long) Math.floor(Math.log(1.0 - u) / logQ);
            i += skip + 1;
            if (i >= bits || skip < 0) {
                return;
            }
            w[off + (int) (i >>> 6)] ^= 1L << i;
        }
    }
}
