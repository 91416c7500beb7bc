package org.privet.serve.defence;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.privet.dp.noise.GaussianMechanism;
import org.privet.dp.noise.LaplaceMechanism;
import org.privet.dp.noise.NoiseMechanism;
import org.privet.dp.noise.Sensitivity;

/**
 * The output defences of one deployment, applied to each prediction before it leaves the server.
 *
 * <p>Stages run in a fixed order, whatever order they were configured in, because each later stage
 * only coarsens what the earlier ones produced:
 * <ol>
 *   <li><b>label</b>: the model's own arg-max (ties: lowest class index). The released label is always
 *       the model's decision: the stages below perturb and coarsen the confidences, never the decision
 *       (so top-k entries of a noised row may disagree with the label; that is the noise doing its job).</li>
 *   <li><b>reverse sigmoid</b> (Lee et al. 2019, "Defending against NN model stealing attacks using
 *       deceptive perturbations"): {@code r_j = beta (sigmoid(gamma logit(p_j)) - 1/2)}, {@code q_j =
 *       clip(p_j - r_j, 0, 1)}, renormalised to sum 1: confidences are pulled away from the model's
 *       (non-monotonically near 0 and 1), which misleads extraction that fits the confidences.</li>
 *   <li><b>noise</b>: each class probability gets noise from privet-dp's secure Laplace or Gaussian
 *       mechanism (snapped, exact discrete samplers from {@link SecureRandom}; never naive floats),
 *       then is clamped to {@code [0, 1]} and the row renormalised (post-processing). The mechanism is
 *       calibrated to the diameter of the probability simplex: L1 2 and L2 {@code sqrt 2}, i.e.
 *       {@code Sensitivity(l0 = 2, lInf = 1)}. One released row is then {@code epsilon}- (Laplace) or
 *       {@code (epsilon, delta)}- (Gaussian) indistinguishable from any other probability row: the
 *       guarantee protects the model's answer to that query, not (by itself) the training set.</li>
 *   <li><b>rounding</b> to {@code d} decimals (Fredrikson et al. 2015; Tramer et al. 2016).</li>
 *   <li><b>release</b>: all probabilities, only the top {@code k} (Shokri et al. 2017), or only the
 *       label ({@link Release}).</li>
 * </ol>
 *
 * <p>Immutable after {@link Builder#build()}; {@link #apply} is thread safe (the noise mechanisms
 * draw from a thread-safe {@code SecureRandom}, or from a seeded source only when a test asked for
 * {@link Builder#insecureSeededForTests}).
 */
public final class OutputDefence {
    /** What a response carries for each instance besides its label. */
    public enum Release {
        /** Every class probability. */
        PROBABILITIES,
        /** The {@code k} largest probabilities with their classes. */
        TOP_K,
        /** The label only. */
        LABEL
    }

    /** Which noise mechanism perturbs the probabilities. */
    public enum Noise {
        /** No noise. */
        NONE,
        /** privet-dp's {@link LaplaceMechanism} (pure epsilon). */
        LAPLACE,
        /** privet-dp's {@link GaussianMechanism} ((epsilon, delta)). */
        GAUSSIAN
    }

    /** The L1 / L2 diameter of the probability simplex, as privet-dp expresses it. */
    static final Sensitivity SIMPLEX = new Sensitivity(2, 1.0);

    private final double rsBeta;
    private final double rsGamma;
    private final Noise noiseKind;
    private final double epsilon;
    private final double delta;
    private final NoiseMechanism noise;
    private final int decimals;
    private final double scale;
    private final Release release;
    private final int topK;

    private OutputDefence(Builder b, NoiseMechanism noise) {
        this.rsBeta = b.rsBeta;
        this.rsGamma = b.rsGamma;
        this.noiseKind = b.noise;
        this.epsilon = b.epsilon;
        this.delta = b.delta;
        this.noise = noise;
        this.decimals = b.decimals;
        this.scale = decimals < 0 ? 1 : Math.pow(10, decimals);
        this.release = b.release;
        this.topK = b.topK;
    }

    /** No defence: full probabilities, unchanged. */
    public static OutputDefence none() {
        return builder().build();
    }

    /** A builder with no defence configured. */
    public static Builder builder() {
        return new Builder();
    }

    /** What each response carries. */
    public Release release() {
        return release;
    }

    /** {@code k} of the top-k release (meaningful only when {@link #release()} is {@link Release#TOP_K}). */
    public int topK() {
        return topK;
    }

    /** Decimals kept, or -1 when probabilities are not rounded. */
    public int decimals() {
        return decimals;
    }

    /** True when no stage changes or hides anything. */
    public boolean isNone() {
        return rsBeta == 0 && noiseKind == Noise.NONE && decimals < 0 && release == Release.PROBABILITIES;
    }

    /**
     * Applies the perturbing stages to one row of class probabilities, in place, and returns the label.
     * After the call {@code row} holds what may be released (rounded when rounding is on); which of its
     * entries are released is {@link #release()}'s business.
     *
     * @param row class probabilities of one instance, each in [0, 1], summing to 1 (a model output)
     * @return the released label: the arg-max of {@code row} as given, in {@code [0, row.length)}
     */
    public int apply(double[] row) {
        int c = row.length;
        int label = argmax(row);
        if (rsBeta > 0) {
            reverseSigmoid(row, rsBeta, rsGamma);
        }
        if (noise != null) {
            double sum = 0;
            for (int j = 0; j < c; j++) {
                double v = noise.addNoise(row[j]);
                v = v < 0 ? 0 : Math.min(v, 1);
                row[j] = v;
                sum += v;
            }
            normalise(row, sum);
        }
        if (decimals >= 0) {
            for (int j = 0; j < c; j++) {
                row[j] = Math.round(row[j] * scale) / scale;
            }
        }
        return label;
    }

    /**
     * The reverse-sigmoid perturbation of Lee et al. (2019), in place: {@code q_j = clip(p_j - beta
     * (sigmoid(gamma log(p_j / (1 - p_j))) - 1/2), 0, 1)}, then renormalised; {@code p_j} is first
     * clipped to {@code [1e-9, 1 - 1e-9]} so that the logit is finite.
     */
    static void reverseSigmoid(double[] row, double beta, double gamma) {
        double sum = 0;
        for (int j = 0; j < row.length; j++) {
            double p = Math.min(Math.max(row[j], 1e-9), 1 - 1e-9);
            double z = gamma * Math.log(p / (1 - p));
            double r = beta * (1 / (1 + Math.exp(-z)) - 0.5);
            double q = row[j] - r;
            q = q < 0 ? 0 : Math.min(q, 1);
            row[j] = q;
            sum += q;
        }
        normalise(row, sum);
    }

    private static void normalise(double[] row, double sum) {
        if (sum > 0) {
            double inv = 1 / sum;
            for (int j = 0; j < row.length; j++) {
                row[j] *= inv;
            }
        } else {
            java.util.Arrays.fill(row, 1.0 / row.length);
        }
    }

    /** Index of the largest entry; ties go to the lowest index. */
    public static int argmax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /**
     * The indices of the {@code k} largest entries of {@code row}, largest first (ties: lowest index
     * first), written to {@code out[0..k)}. O(k c); k is small.
     */
    public static void topK(double[] row, int k, int[] out) {
        int c = row.length;
        for (int t = 0; t < k; t++) {
            int best = -1;
            for (int j = 0; j < c; j++) {
                if (taken(out, t, j)) {
                    continue;
                }
                if (best < 0 || row[j] > row[best]) {
                    best = j;
                }
            }
            out[t] = best;
        }
    }

    private static boolean taken(int[] out, int t, int j) {
        for (int i = 0; i < t; i++) {
            if (out[i] == j) {
                return true;
            }
        }
        return false;
    }

    /** One line naming every active stage and its parameters, e.g. for the query log and {@code /v1/model}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (rsBeta > 0) {
            parts.add(String.format(Locale.ROOT, "reverse-sigmoid(beta=%s, gamma=%s)", rsBeta, rsGamma));
        }
        if (noise != null) {
            parts.add(noiseKind == Noise.LAPLACE
                    ? String.format(Locale.ROOT, "laplace(epsilon=%s per query)", epsilon)
                    : String.format(Locale.ROOT, "gaussian(epsilon=%s, delta=%s per query)", epsilon, delta));
        }
        if (decimals >= 0) {
            parts.add("round(" + decimals + " decimals)");
        }
        if (release == Release.TOP_K) {
            parts.add("top-" + topK);
        } else if (release == Release.LABEL) {
            parts.add("label-only");
        }
        return parts.isEmpty() ? "none" : String.join(", ", parts);
    }

    @Override
    public String toString() {
        return "OutputDefence[" + describe() + "]";
    }

    /**
     * Collects the stages; {@link #build()} validates them all and reports every problem at once.
     * Not thread safe.
     */
    public static final class Builder {
        private double rsBeta;
        private double rsGamma;
        private Noise noise = Noise.NONE;
        private double epsilon = Double.NaN;
        private double delta;
        private int decimals = -1;
        private Release release = Release.PROBABILITIES;
        private int topK;
        private Long testSeed;

        private Builder() {
        }

        /**
         * Reverse sigmoid with strength {@code beta} in (0, 1] and slope {@code gamma} > 0 (Lee et al.
         * use beta around 0.1-1 and gamma around 0.1-1).
         */
        public Builder reverseSigmoid(double beta, double gamma) {
            this.rsBeta = beta;
            this.rsGamma = gamma;
            if (beta == 0) {
                this.rsBeta = Double.NaN; // an explicit 0 is a mistake, reported by build()
            }
            return this;
        }

        /** Laplace noise on each probability; {@code epsilon > 0} per released row. */
        public Builder laplace(double epsilon) {
            this.noise = Noise.LAPLACE;
            this.epsilon = epsilon;
            this.delta = 0;
            return this;
        }

        /** Gaussian noise on each probability; {@code epsilon > 0}, {@code delta} in (0, 1) per released row. */
        public Builder gaussian(double epsilon, double delta) {
            this.noise = Noise.GAUSSIAN;
            this.epsilon = epsilon;
            this.delta = delta;
            return this;
        }

        /** Rounds released probabilities to {@code decimals} in [0, 8] decimal places. */
        public Builder round(int decimals) {
            this.decimals = decimals;
            if (decimals < 0) {
                this.decimals = Integer.MIN_VALUE; // reported by build()
            }
            return this;
        }

        /** Releases only the {@code k >= 1} largest probabilities (with their classes) and the label. */
        public Builder topK(int k) {
            this.release = Release.TOP_K;
            this.topK = k;
            return this;
        }

        /** Releases only the label. */
        public Builder labelOnly() {
            this.release = Release.LABEL;
            return this;
        }

        /** Tests only: noise from a predictable seeded source instead of {@code SecureRandom}. */
        public Builder insecureSeededForTests(long seed) {
            this.testSeed = seed;
            return this;
        }

        /**
         * The validated defence.
         *
         * @throws IllegalArgumentException listing every invalid parameter
         */
        public OutputDefence build() {
            List<String> problems = new ArrayList<>();
            if (rsBeta != 0 && !(rsBeta > 0 && rsBeta <= 1)) {
                problems.add("reverse-sigmoid beta must be in (0, 1]. Provided value: " + (Double.isNaN(rsBeta) ? 0 : rsBeta));
            }
            if (rsBeta != 0 && !(rsGamma > 0 && Double.isFinite(rsGamma))) {
                problems.add("reverse-sigmoid gamma must be > 0 and finite. Provided value: " + rsGamma);
            }
            if (decimals != -1 && (decimals < 0 || decimals > 8)) {
                problems.add("rounding decimals must be in [0, 8]. Provided value: "
                        + (decimals == Integer.MIN_VALUE ? "negative" : decimals));
            }
            if (release == Release.TOP_K && topK < 1) {
                problems.add("top-k needs k >= 1. Provided value: " + topK);
            }
            NoiseMechanism mech = null;
            if (noise != Noise.NONE) {
                try {
                    if (noise == Noise.LAPLACE) {
                        LaplaceMechanism.Builder mb = LaplaceMechanism.builder().epsilon(epsilon).sensitivity(SIMPLEX);
                        if (testSeed != null) {
                            mb.insecureSeededForTests(testSeed);
                        }
                        mech = mb.build();
                    } else {
                        GaussianMechanism.Builder mb = GaussianMechanism.builder().epsilon(epsilon).delta(delta)
                                .sensitivity(SIMPLEX);
                        if (testSeed != null) {
                            mb.insecureSeededForTests(testSeed);
                        }
                        mech = mb.build();
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(noise.name().toLowerCase(Locale.ROOT) + " noise: " + e.getMessage());
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid output defence: " + String.join("; ", problems));
            }
            return new OutputDefence(this, mech);
        }
    }
}
