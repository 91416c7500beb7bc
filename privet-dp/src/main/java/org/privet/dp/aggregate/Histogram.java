package org.privet.dp.aggregate;

import java.util.Arrays;
import org.privet.dp.noise.ConfidenceInterval;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * A differentially private histogram over public, data-independent bins: {@code bins} equal-width bins over
 * {@code [lower, upper]} (values outside are clamped into the end bins), or explicit increasing edges. Each bin's
 * count gets independent noise of the chosen {@link NoiseKind}; every bin is released, empty or not, so no
 * partition selection is needed (the bins do not depend on the data). For bins that depend on the data (categories
 * seen in the data), use {@link PartitionedAggregation} with {@code COUNT} only: it adds private partition
 * selection.
 *
 * <p>Calibration: one privacy unit adds at most {@code maxContributionsPerPartition} (Linf) values to this
 * histogram, in any bins, and touches at most {@code maxPartitionsContributed} (L0) histograms; the vector of bin
 * counts then changes by at most Linf in L1 and in L2 per histogram, so the noise is calibrated to
 * {@code Sensitivity(L0, Linf)}, as a {@link Count} (the caller bounds contributions). Guarantee:
 * {@link #budget()}-DP for all bins together under adding or removing one unit. One-shot: {@link #computeResult()}
 * releases once. Released counts are not clamped at 0. Not thread-safe.
 */
public final class Histogram {
    private final double[] edges;
    private final boolean equalWidth;
    private final long[] counts;
    private final NoiseMechanism mechanism;
    private final Release release = new Release("Histogram");
    private double[] result;

    private Histogram(double[] edges, NoiseMechanism mechanism) {
        this.edges = edges;
        this.counts = new long[edges.length - 1];
        this.equalWidth = Arrays.equals(edges, equalWidthEdges(edges[0], edges[edges.length - 1], counts.length));
        this.mechanism = mechanism;
    }

    /** A builder; set epsilon and the bins ({@code lower}, {@code upper}, {@code bins}, or {@code edges}). */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one value to its bin ({@code [e_i, e_{i+1})}, the last bin closed); values outside go to the end bins. */
    public void addEntry(double value) {
        release.checkOpen();
        counts[binOf(value)]++;
    }

    /**
     * The bin of a value: {@code i} with {@code edges[i] <= x < edges[i+1]}, clamped to the first and last bins.
     *
     * @throws IllegalArgumentException for NaN
     */
    public int binOf(double value) {
        if (Double.isNaN(value)) {
            throw new IllegalArgumentException("Histogram: value must not be NaN");
        }
        int hi = counts.length - 1;
        if (value < edges[1]) {
            return 0;
        }
        if (value >= edges[hi]) {
            return hi;
        }
        if (equalWidth) {
            // direct index, then exact correction against the stored edges (rounding may put it one off)
            int i = (int) ((value - edges[0]) / (edges[hi + 1] - edges[0]) * counts.length);
            i = Math.min(hi, Math.max(0, i));
            while (i > 0 && value < edges[i]) {
                i--;
            }
            while (i < hi && value >= edges[i + 1]) {
                i++;
            }
            return i;
        }
        // invariant: edges[lo] <= value < edges[hi]
        int lo = 1;
        while (lo < hi - 1) {
            int m = (lo + hi) >>> 1;
            if (value >= edges[m]) {
                lo = m;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /**
     * Releases the noisy count of every bin.
     *
     * @return one count per bin, in bin order
     * @throws IllegalStateException when already released
     */
    public double[] computeResult() {
        release.release();
        result = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            result[i] = mechanism.addNoise((double) counts[i]);
            counts[i] = 0;
        }
        return result.clone();
    }

    /** Confidence intervals for the true counts around the released ones, per bin (no privacy cost). */
    public ConfidenceInterval[] confidenceIntervals(double confidenceLevel) {
        release.checkReleased();
        ConfidenceInterval[] ci = new ConfidenceInterval[result.length];
        for (int i = 0; i < ci.length; i++) {
            ci[i] = mechanism.confidenceInterval(result[i], confidenceLevel);
        }
        return ci;
    }

    /** The bin edges (public; {@code bins + 1} increasing values). */
    public double[] edges() {
        return edges.clone();
    }

    /** The number of bins. */
    public int bins() {
        return counts.length;
    }

    /** The per-bin noise mechanism. */
    public NoiseMechanism mechanism() {
        return mechanism;
    }

    /** The guarantee of the whole histogram. */
    public PrivacyBudget budget() {
        return mechanism.budget();
    }

    /** Equal-width edges over {@code [lower, upper]}; the last edge is exactly {@code upper}. */
    static double[] equalWidthEdges(double lower, double upper, int bins) {
        double[] e = new double[bins + 1];
        for (int i = 0; i < bins; i++) {
            e[i] = lower + (upper - lower) * i / bins;
        }
        e[bins] = upper;
        return e;
    }

    static void checkEdges(double[] edges) {
        if (edges == null || edges.length < 2) {
            throw new IllegalArgumentException("a histogram needs at least 2 edges (1 bin). Provided value: "
                    + (edges == null ? "null" : edges.length + " edge(s)"));
        }
        for (int i = 0; i < edges.length; i++) {
            if (!Double.isFinite(edges[i])) {
                throw new IllegalArgumentException("histogram edges must be finite. Provided value at index " + i + ": "
                        + edges[i]);
            }
            if (i > 0 && !(edges[i] > edges[i - 1])) {
                throw new IllegalArgumentException("histogram edges must be strictly increasing. Provided values at index "
                        + (i - 1) + " and " + i + ": " + edges[i - 1] + ", " + edges[i]);
            }
        }
    }

    /** Builder for {@link Histogram}. */
    public static final class Builder extends BoundedAggregationBuilder<Builder> {
        private int bins = -1;
        private double[] edges;

        private Builder() {
        }

        /** Number of equal-width bins over {@code [lower, upper]}, in {@code [1, 10^7]}. */
        public Builder bins(int bins) {
            this.bins = bins;
            return this;
        }

        /** Explicit strictly increasing finite edges (instead of lower, upper, bins); copied. */
        public Builder edges(double... edges) {
            this.edges = edges == null ? null : edges.clone();
            return this;
        }

        /** Validates every parameter and builds the histogram. */
        public Histogram build() {
            PrivacyBudget b = validatedBudget();
            double[] e;
            if (edges != null) {
                if (bins != -1 || !Double.isNaN(lower) || !Double.isNaN(upper)) {
                    throw new IllegalArgumentException("Histogram: give either edges or (lower, upper, bins), not both");
                }
                e = edges;
            } else {
                checkValueBounds(lower, upper);
                if (!(lower < upper) || !Double.isFinite(upper - lower)) {
                    throw new IllegalArgumentException("Histogram: lower must be < upper (and upper - lower finite). "
                            + "Provided values: lower=" + lower + ", upper=" + upper);
                }
                if (bins < 1 || bins > 10_000_000) {
                    throw new IllegalArgumentException("Histogram: bins must be in [1, 10^7]. Provided value: " + bins);
                }
                e = equalWidthEdges(lower, upper, bins);
            }
            checkEdges(e);
            Sensitivity s = new Sensitivity(maxPartitionsContributed, maxContributionsPerPartition);
            return new Histogram(e, noise.mechanism(b, s, randomOrDefault()));
        }
    }
}
