package org.privet.dp.aggregate;

import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.PrivacyBudget;
import org.privet.dp.noise.Sensitivity;

/**
 * Differentially private approximate bounds of unbounded data (Google DP's {@code ApproximateBounds}): a noisy
 * histogram over logarithmic bins, and the range from the lowest to the highest bin whose noisy count clears a
 * threshold. Used to choose {@code [lower, upper]} for a bounded sum, mean or quantile when nobody knows them; its
 * budget composes with theirs (basic composition).
 *
 * <p>Bins, for a scale {@code s > 0} (default 1) and {@code B = 64} bins per sign: positive bin 0 is {@code [0, s]},
 * positive bin {@code j >= 1} is {@code (s 2^(j-1), s 2^j]} (the last one open above); negative bins mirror them.
 * Every bin count gets Laplace noise ({@link LaplaceMechanism}, pure epsilon-DP) calibrated to
 * {@code Sensitivity(maxPartitionsContributed, maxContributionsPerPartition)} (a unit adds at most Linf values,
 * so the count vector moves by at most Linf in L1 per partition). The threshold is {@code t = b ln(2B / (1 -
 * p))}, {@code b} the noise's effective scale and {@code p} the success probability (default {@code 1 - 10^-9}):
 * since the discrete Laplace tail is {@code P(noise >= t) <= e^(-t/b)}, the chance that any empty bin clears
 * it is at most {@code 1 - p} (union bound). The threshold affects only utility, never privacy.
 *
 * <p>Result: {@code lower} is the lower edge of the lowest bin over the threshold and {@code upper} the upper edge
 * of the highest; the bounds are powers of two times {@code s} (or 0), so true data near a bound's edge may be
 * clamped by up to a factor 2. One-shot. If no bin clears the threshold (too little data for epsilon),
 * {@link #computeResult()} throws {@link IllegalStateException} and the budget counts as spent. Not thread-safe.
 */
public final class ApproximateBounds {
    /** Bins per sign. */
    public static final int BINS_PER_SIGN = 64;
    /** Default success probability (Google's). */
    public static final double DEFAULT_SUCCESS_PROBABILITY = 1 - 1e-9;

    /** Released bounds with how they were found. */
    public record Bounds(double lower, double upper, double threshold, PrivacyBudget budget) {
    }

    private final double scale;
    private final long[] counts = new long[2 * BINS_PER_SIGN];
    private final LaplaceMechanism mechanism;
    private final double threshold;
    private final Release release = new Release("ApproximateBounds");

    private ApproximateBounds(double scale, LaplaceMechanism mechanism, double successProbability) {
        this.scale = scale;
        this.mechanism = mechanism;
        this.threshold = mechanism.scale() * Math.log(2.0 * BINS_PER_SIGN / (1 - successProbability));
    }

    /** A builder; set epsilon. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one value (finite). */
    public void addEntry(double value) {
        release.checkOpen();
        counts[binIndex(value)]++;
    }

    /** The index of a value's bin in {@code [0, 2B)}: {@code B-1-j} for negative bin j, {@code B + j} for positive. */
    int binIndex(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("ApproximateBounds: value must be finite. Provided value: " + value);
        }
        int j = magnitudeBin(Math.abs(value));
        return value < 0 ? BINS_PER_SIGN - 1 - j : BINS_PER_SIGN + j;
    }

    /** The smallest {@code j} in {@code [0, B)} with {@code a <= s 2^j}, or {@code B - 1}. */
    int magnitudeBin(double a) {
        if (a <= scale) {
            return 0;
        }
        // a / scale > 1; a first guess from the exponent, then exact comparisons with s 2^j (exact in double)
        int j = Math.min(BINS_PER_SIGN - 1, Math.max(1, Math.getExponent(a / scale)));
        while (j > 1 && a <= Math.scalb(scale, j - 1)) {
            j--;
        }
        while (j < BINS_PER_SIGN - 1 && a > Math.scalb(scale, j)) {
            j++;
        }
        return j;
    }

    /** Lower edge of the bin at combined index {@code i}. */
    double lowerEdge(int i) {
        if (i < BINS_PER_SIGN) {
            int j = BINS_PER_SIGN - 1 - i;
            return j == BINS_PER_SIGN - 1 ? -Double.MAX_VALUE : -Math.scalb(scale, j);
        }
        int j = i - BINS_PER_SIGN;
        return j == 0 ? 0.0 : Math.scalb(scale, j - 1);
    }

    /** Upper edge of the bin at combined index {@code i}. */
    double upperEdge(int i) {
        if (i < BINS_PER_SIGN) {
            int j = BINS_PER_SIGN - 1 - i;
            return j == 0 ? 0.0 : -Math.scalb(scale, j - 1);
        }
        int j = i - BINS_PER_SIGN;
        return j == BINS_PER_SIGN - 1 ? Double.MAX_VALUE : Math.scalb(scale, j);
    }

    /**
     * Releases the bounds.
     *
     * @throws IllegalStateException when already released, or when no bin's noisy count clears the threshold
     */
    public Bounds computeResult() {
        release.release();
        int lo = -1;
        int hi = -1;
        for (int i = 0; i < counts.length; i++) {
            double n = mechanism.addNoise((double) counts[i]);
            counts[i] = 0;
            if (n > threshold) {
                if (lo < 0) {
                    lo = i;
                }
                hi = i;
            }
        }
        if (lo < 0) {
            throw new IllegalStateException(String.format(java.util.Locale.ROOT,
                    "ApproximateBounds: no bin's noisy count exceeded the threshold %.1f (noise scale %.3g): too little "
                            + "data for epsilon %s; give the bounds explicitly or raise epsilon (the budget is spent)",
                    threshold, mechanism.scale(), mechanism.budget().epsilon()));
        }
        return new Bounds(lowerEdge(lo), upperEdge(hi), threshold, mechanism.budget());
    }

    /** The threshold a bin's noisy count must exceed. */
    public double threshold() {
        return threshold;
    }

    /** The per-bin noise. */
    public LaplaceMechanism mechanism() {
        return mechanism;
    }

    /** The guarantee of the release. */
    public PrivacyBudget budget() {
        return mechanism.budget();
    }

    /** Builder for {@link ApproximateBounds} (Laplace noise only: the noise kind setter must stay LAPLACE). */
    public static final class Builder extends AggregationBuilder<Builder> {
        private double scale = 1.0;
        private double successProbability = DEFAULT_SUCCESS_PROBABILITY;

        private Builder() {
        }

        /** The scale {@code s} of the bins, {@code > 0} and finite, with {@code s 2^63} finite (default 1). */
        public Builder scale(double s) {
            this.scale = s;
            return this;
        }

        /** The probability that no empty bin clears the threshold, in {@code (0, 1)} (default {@code 1 - 1e-9}). */
        public Builder successProbability(double p) {
            this.successProbability = p;
            return this;
        }

        /** Validates every parameter and builds. */
        public ApproximateBounds build() {
            if (noise != NoiseKind.LAPLACE) {
                throw new IllegalArgumentException("ApproximateBounds uses Laplace noise only. Provided value: " + noise);
            }
            PrivacyBudget b = validatedBudget();
            if (!(scale > 0) || !Double.isFinite(Math.scalb(scale, BINS_PER_SIGN))) {
                throw new IllegalArgumentException("ApproximateBounds: scale must be > 0 with scale * 2^64 finite. "
                        + "Provided value: " + scale);
            }
            if (!(successProbability > 0 && successProbability < 1)) {
                throw new IllegalArgumentException("ApproximateBounds: success probability must be in (0, 1). Provided value: "
                        + successProbability);
            }
            Sensitivity s = new Sensitivity(maxPartitionsContributed, maxContributionsPerPartition);
            LaplaceMechanism m = LaplaceMechanism.builder().epsilon(b.epsilon()).sensitivity(s)
                    .secureRandom(randomOrDefault()).build();
            return new ApproximateBounds(scale, m, successProbability);
        }
    }
}
