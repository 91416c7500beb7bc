package org.privet.mpc.arith;

/**
 * Fixed-point encoding of reals into the ring Z_2^64: {@code x -> round(x * 2^f)} as a two's-complement
 * {@code long}, with {@code f = fracBits} fractional bits. Representable values are {@code |x| <
 * 2^(63 - f)} with resolution {@code 2^-f}; {@link #encode} rejects values outside {@link #maxAbs()}.
 *
 * <p>A product of two encoded values carries {@code 2f} fractional bits and must be truncated by {@code f}
 * bits (see {@code MpcSession.truncate}); probabilistic truncation of a product {@code z} fails with
 * probability at most {@code |z| / 2^63}, so keep {@code |x * y| * 2^(2f)} far below {@code 2^63}: with the
 * default {@code f = 16}, products of magnitude below {@code 2^10} fail with probability below {@code
 * 2^-21} per element.
 *
 * <p>Immutable and thread-safe.
 */
public final class FixedPoint {
    /** The default number of fractional bits (as CrypTen). */
    public static final int DEFAULT_FRAC_BITS = 16;

    private final int fracBits;
    private final double scale;
    private final double maxAbs;

    private FixedPoint(int fracBits) {
        if (fracBits < 1 || fracBits > 30) {
            throw new IllegalArgumentException("fracBits must be in [1, 30]. Provided value: " + fracBits);
        }
        this.fracBits = fracBits;
        this.scale = Math.scalb(1.0, fracBits);
        // leave room for one product of two such values before truncation only when small; encoding bound:
        this.maxAbs = Math.scalb(1.0, 62 - fracBits);
    }

    /** An encoding with {@code fracBits} in [1, 30] fractional bits. */
    public static FixedPoint of(int fracBits) {
        return new FixedPoint(fracBits);
    }

    /** The default encoding: {@value #DEFAULT_FRAC_BITS} fractional bits. */
    public static FixedPoint defaults() {
        return new FixedPoint(DEFAULT_FRAC_BITS);
    }

    public int fracBits() {
        return fracBits;
    }

    /** {@code 2^fracBits}: the ring value of 1.0. */
    public long one() {
        return 1L << fracBits;
    }

    /** The largest magnitude {@link #encode} accepts: {@code 2^(62 - fracBits)}. */
    public double maxAbs() {
        return maxAbs;
    }

    /** The resolution {@code 2^-fracBits}. */
    public double resolution() {
        return 1.0 / scale;
    }

    /**
     * {@code round(x * 2^f)}.
     *
     * @throws IllegalArgumentException if {@code x} is not finite or {@code |x| >= maxAbs()}
     */
    public long encode(double x) {
        if (!(Math.abs(x) < maxAbs)) {
            throw new IllegalArgumentException("fixed-point value must be finite with |x| < " + maxAbs
                    + " (fracBits " + fracBits + "). Provided value: " + x);
        }
        return Math.round(x * scale);
    }

    /** Encodes every element (see {@link #encode(double)}). */
    public long[] encode(double[] x) {
        long[] out = new long[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (!(Math.abs(v) < maxAbs)) {
                throw new IllegalArgumentException("fixed-point value must be finite with |x| < " + maxAbs
                        + " (fracBits " + fracBits + "). Provided value at index " + i + ": " + v);
            }
            out[i] = Math.round(v * scale);
        }
        return out;
    }

    /** The real number a ring element stands for (two's complement, divided by {@code 2^f}). */
    public double decode(long v) {
        return v / scale;
    }

    /** Decodes every element. */
    public double[] decode(long[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / scale;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixedPoint f && f.fracBits == fracBits;
    }

    @Override
    public int hashCode() {
        return fracBits;
    }

    @Override
    public String toString() {
        return "FixedPoint[fracBits=" + fracBits + "]";
    }
}
