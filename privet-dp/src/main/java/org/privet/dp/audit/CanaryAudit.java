package org.privet.dp.audit;

import java.util.Locale;

/**
 * Runs a canary membership experiment and reports the empirical epsilon lower bound beside the claimed epsilon
 * (Jagielski et al. 2020; Nasr et al. 2021). Each trial runs the whole mechanism (e.g. trains a model with DP-SGD)
 * on a dataset with the canary ({@code canaryIn = true}) or without it, and returns a score that is larger when the
 * canary looks present (e.g. minus the canary's loss, or the released value). {@code trialsPerSide} trials of each
 * kind are run, interleaved, with seeds derived from the audit's seed (SplitMix64), so an audit is reproducible.
 * The seeds drive only the trial's experiment randomness: the mechanism's privacy noise is whatever the trial
 * uses (an audit of test builds may seed it; production noise stays SecureRandom).
 *
 * <p>Reading the result: {@link Result#epsilonLowerBound()} holds with the stated confidence if the mechanism
 * really is (epsilon, delta)-DP for the claimed delta. A bound above the claimed epsilon ({@link
 * Result#refutesClaim()}) means the claim or the implementation is wrong (with probability at least the
 * confidence). A bound below it is consistent with the claim; how far below depends on the canary and the score
 * (the audit is only as strong as its distinguisher) and on the number of trials (at {@code n} evaluation trials
 * per side the bound cannot exceed about {@code ln(n / 3.7)} at 95% confidence). Thread-safe if the trial is.
 */
public final class CanaryAudit {

    /** One run of the mechanism: the canary's score (finite) on a dataset with or without it. */
    @FunctionalInterface
    public interface Trial {
        /**
         * @param canaryIn whether the canary is in the dataset
         * @param seed the trial's seed
         * @return the score, larger when the canary looks present
         */
        double score(boolean canaryIn, long seed);
    }

    /**
     * An audit's outcome.
     *
     * @param bound the lower bound and its statistics
     * @param claimedEpsilon the epsilon the mechanism claims (its accountant's upper bound)
     * @param trialsPerSide trials run with and without the canary
     * @param description what was audited
     */
    public record Result(EpsilonLowerBound.Bound bound, double claimedEpsilon, int trialsPerSide, String description) {
        /** The empirical lower bound. */
        public double epsilonLowerBound() {
            return bound.epsilonLowerBound();
        }

        /** True when the lower bound exceeds the claimed epsilon: the claim is refuted at the bound's confidence. */
        public boolean refutesClaim() {
            return bound.epsilonLowerBound() > claimedEpsilon;
        }

        /** A plain-language summary. */
        public String statement() {
            return String.format(Locale.ROOT, "%s: claimed epsilon %.4f (delta=%s); empirical lower bound %s. %s",
                    description, claimedEpsilon, bound.delta(), bound.describe(),
                    refutesClaim() ? "The lower bound EXCEEDS the claim: the mechanism is not as private as claimed."
                            : "Consistent with the claim (an audit can refute a claim, never prove it).");
        }
    }

    private final int trialsPerSide;
    private final long seed;
    private final double claimedEpsilon;
    private final double delta;
    private final double confidence;
    private final String description;

    private CanaryAudit(Builder b) {
        this.trialsPerSide = b.trialsPerSide;
        this.seed = b.seed;
        this.claimedEpsilon = b.claimedEpsilon;
        this.delta = b.delta;
        this.confidence = b.confidence;
        this.description = b.description;
    }

    /** A builder; set the claimed epsilon and the number of trials. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs {@code 2 * trialsPerSide} trials (in, out, in, out, ...) and computes the bound. */
    public Result run(Trial trial) {
        if (trial == null) {
            throw new IllegalArgumentException("trial must not be null");
        }
        double[] in = new double[trialsPerSide];
        double[] out = new double[trialsPerSide];
        for (int i = 0; i < trialsPerSide; i++) {
            in[i] = checked(trial.score(true, mix(seed, 2L * i)), true, i);
            out[i] = checked(trial.score(false, mix(seed, 2L * i + 1)), false, i);
        }
        return new Result(EpsilonLowerBound.compute(in, out, delta, confidence), claimedEpsilon, trialsPerSide, description);
    }

    private static double checked(double s, boolean in, int i) {
        if (!Double.isFinite(s)) {
            throw new IllegalStateException("trial " + i + " (canary " + (in ? "in" : "out") + ") returned a non-finite "
                    + "score: " + s);
        }
        return s;
    }

    /** SplitMix64 of {@code seed + (i + 1) * golden}: independent-looking seeds per trial. */
    static long mix(long seed, long i) {
        long z = seed + (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builder for {@link CanaryAudit}; {@code build()} validates. */
    public static final class Builder {
        private int trialsPerSide = -1;
        private long seed;
        private double claimedEpsilon = Double.NaN;
        private double delta;
        private double confidence = 0.95;
        private String description = "mechanism";

        private Builder() {
        }

        /** Trials with and without the canary each, {@code >= 8} (half choose the threshold, half evaluate it). */
        public Builder trialsPerSide(int n) {
            this.trialsPerSide = n;
            return this;
        }

        /** The seed the trial seeds derive from (default 0). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The epsilon the mechanism claims, {@code > 0} (may be infinite for an unprotected baseline). */
        public Builder claimedEpsilon(double eps) {
            this.claimedEpsilon = eps;
            return this;
        }

        /** The delta of the claim, in {@code [0, 1)} (default 0). */
        public Builder delta(double delta) {
            this.delta = delta;
            return this;
        }

        /** Confidence of the bound, in {@code (0, 1)} (default 0.95). */
        public Builder confidence(double c) {
            this.confidence = c;
            return this;
        }

        /** Words naming the audited mechanism, for the statement. */
        public Builder description(String words) {
            this.description = words;
            return this;
        }

        /** Validates every parameter. */
        public CanaryAudit build() {
            if (trialsPerSide < 8) {
                throw new IllegalArgumentException("trials per side must be >= 8. Provided value: " + trialsPerSide);
            }
            if (!(claimedEpsilon > 0)) {
                throw new IllegalArgumentException("claimed epsilon must be > 0. Provided value: " + claimedEpsilon);
            }
            if (!(delta >= 0 && delta < 1)) {
                throw new IllegalArgumentException("delta must be in [0, 1). Provided value: " + delta);
            }
            if (!(confidence > 0 && confidence < 1)) {
                throw new IllegalArgumentException("confidence must be in (0, 1). Provided value: " + confidence);
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("description must be non-blank");
            }
            return new CanaryAudit(this);
        }
    }
}
