package org.privet.attacks.extract;

import java.util.Arrays;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * What the attacker knows of the input space: a box {@code [lo_j, hi_j]} per feature (Tramer et al. assume
 * the feature ranges are public, e.g. from API documentation). Immutable.
 */
public final class InputDomain {
    private final float[] lo;
    private final float[] hi;

    /** @param lo lower bounds, @param hi upper bounds, same length, {@code lo[j] < hi[j]}, all finite */
    public InputDomain(float[] lo, float[] hi) {
        if (lo.length != hi.length || lo.length == 0) {
            throw new IllegalArgumentException("lo and hi must have the same non-zero length. Provided lengths: "
                    + lo.length + ", " + hi.length);
        }
        for (int j = 0; j < lo.length; j++) {
            if (!(Float.isFinite(lo[j]) && Float.isFinite(hi[j]) && lo[j] < hi[j])) {
                throw new IllegalArgumentException("feature " + j + ": bounds must be finite with lo < hi. Provided "
                        + "values: [" + lo[j] + ", " + hi[j] + "]");
            }
        }
        this.lo = lo.clone();
        this.hi = hi.clone();
    }

    /** The same box {@code [lo, hi]} for each of {@code d} features. */
    public static InputDomain cube(int d, float lo, float hi) {
        float[] l = new float[d];
        float[] h = new float[d];
        Arrays.fill(l, lo);
        Arrays.fill(h, hi);
        return new InputDomain(l, h);
    }

    /** The bounding box of the rows of {@code x} ([n, d]); a constant feature gets a width of 1. */
    public static InputDomain of(Tensor x) {
        int n = x.dim(0);
        int d = x.size() / n;
        float[] l = new float[d];
        float[] h = new float[d];
        Arrays.fill(l, Float.POSITIVE_INFINITY);
        Arrays.fill(h, Float.NEGATIVE_INFINITY);
        float[] v = x.data();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                l[j] = Math.min(l[j], v[i * d + j]);
                h[j] = Math.max(h[j], v[i * d + j]);
            }
        }
        for (int j = 0; j < d; j++) {
            if (!(h[j] > l[j])) {
                h[j] = l[j] + 1f;
            }
        }
        return new InputDomain(l, h);
    }

    public int dimension() {
        return lo.length;
    }

    public float lo(int j) {
        return lo[j];
    }

    public float hi(int j) {
        return hi[j];
    }

    /** {@code n} points drawn uniformly from the box, shape {@code [n, d]}. */
    public Tensor sample(int n, Rng rng) {
        int d = lo.length;
        float[] out = new float[n * d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                out[i * d + j] = lo[j] + (hi[j] - lo[j]) * rng.nextFloat();
            }
        }
        return Tensor.wrap(out, n, d);
    }

    /** Clamps {@code x[j]} into the box, in place. */
    public void clamp(float[] x, int off) {
        for (int j = 0; j < lo.length; j++) {
            x[off + j] = Math.max(lo[j], Math.min(hi[j], x[off + j]));
        }
    }
}
