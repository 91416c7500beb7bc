package org.privet.dp.sgd;

import java.util.Locale;
import java.util.OptionalLong;
import org.privet.dp.accounting.NoiseCalibration.AccountantKind;

/**
 * Hyperparameters of a DP-SGD run (Abadi et al. 2016). A config that exists is valid; build one with
 * {@link #builder()}. Sizes that depend on the data (sampling rate from an expected batch size, steps
 * from epochs) are resolved by {@link DpSgd#plan(DpSgdConfig, int)}.
 *
 * @param noiseMultiplier   z = noise standard deviation / clip norm, {@code >= 0} and finite; NaN when
 *                          {@code targetEpsilon} is given (then calibrated before training). 0 means no
 *                          noise and no privacy (epsilon is reported as infinite); for tests and baselines.
 * @param targetEpsilon     epsilon to calibrate z to, {@code > 0} and finite; NaN when z is given
 * @param delta             in (0, 1): the delta of every epsilon reported (and of the target)
 * @param clipNorm          per-example L2 clip norm C, {@code > 0} and finite (the initial C when
 *                          {@code adaptiveClipping} is set: then it equals that record's initial norm)
 * @param sampleRate        Poisson sampling rate q in (0, 1]; NaN when {@code expectedBatchSize} is given
 * @param expectedBatchSize expected batch q n, {@code >= 1}; 0 when {@code sampleRate} is given
 * @param epochs            passes over the data ({@code round(1/q)} steps each), {@code >= 1}; 0 when
 *                          {@code steps} is given
 * @param steps             total steps, {@code >= 1}; 0 when {@code epochs} is given
 * @param learningRate      {@code > 0} and finite
 * @param optimizer         "sgd" or "adam" (lower case)
 * @param momentum          SGD momentum in [0, 1); 0 for adam
 * @param accountant        the accountant that calibrates z and gates the target; RDP epsilon is always
 *                          reported, PLD epsilon per epoch when this is PLD and at the end otherwise
 * @param clipping          how per-example gradients are clipped
 * @param adaptiveClipping  quantile clipping, or null for a fixed clip norm
 * @param insecureTestSeed  empty in production (sampling and noise keyed from {@code NoiseRandom.secure()});
 *                          a seed only through {@link Builder#insecureSeededRandomnessForTests(long)}: then
 *                          the batches and the noise are predictable and the run gives <b>no</b> privacy
 */
public record DpSgdConfig(double noiseMultiplier, double targetEpsilon, double delta, float clipNorm,
        double sampleRate, int expectedBatchSize, int epochs, long steps, float learningRate, String optimizer,
        float momentum, AccountantKind accountant, ClippingMode clipping, AdaptiveClipping adaptiveClipping,
        OptionalLong insecureTestSeed) {

    public DpSgdConfig {
        boolean zGiven = !Double.isNaN(noiseMultiplier);
        boolean epsGiven = !Double.isNaN(targetEpsilon);
        if (zGiven == epsGiven) {
            throw new IllegalArgumentException("DP-SGD: give exactly one of noise multiplier and target epsilon."
                    + " Provided: noiseMultiplier=" + noiseMultiplier + ", targetEpsilon=" + targetEpsilon);
        }
        if (zGiven && (!(noiseMultiplier >= 0) || Double.isInfinite(noiseMultiplier))) {
            throw new IllegalArgumentException("DP-SGD: noise multiplier must be >= 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        if (epsGiven && (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon))) {
            throw new IllegalArgumentException("DP-SGD: target epsilon must be > 0 and finite. Provided value: "
                    + targetEpsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("DP-SGD: delta must be in (0, 1). Provided value: " + delta);
        }
        if (!(clipNorm > 0) || Float.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("DP-SGD: clip norm must be > 0 and finite. Provided value: " + clipNorm);
        }
        boolean qGiven = !Double.isNaN(sampleRate);
        if (qGiven == (expectedBatchSize != 0)) {
            throw new IllegalArgumentException("DP-SGD: give exactly one of sample rate and expected batch size."
                    + " Provided: sampleRate=" + sampleRate + ", expectedBatchSize=" + expectedBatchSize);
        }
        if (qGiven && !(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("DP-SGD: sample rate must be in (0, 1]. Provided value: " + sampleRate);
        }
        if (!qGiven && expectedBatchSize < 1) {
            throw new IllegalArgumentException("DP-SGD: expected batch size must be >= 1. Provided value: "
                    + expectedBatchSize);
        }
        if ((epochs != 0) == (steps != 0)) {
            throw new IllegalArgumentException("DP-SGD: give exactly one of epochs and steps. Provided: epochs="
                    + epochs + ", steps=" + steps);
        }
        if (epochs < 0) {
            throw new IllegalArgumentException("DP-SGD: epochs must be >= 1. Provided value: " + epochs);
        }
        if (steps < 0) {
            throw new IllegalArgumentException("DP-SGD: steps must be >= 1. Provided value: " + steps);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            throw new IllegalArgumentException("DP-SGD: learning rate must be > 0 and finite. Provided value: "
                    + learningRate);
        }
        if (optimizer == null) {
            throw new IllegalArgumentException("DP-SGD: optimizer must be \"sgd\" or \"adam\". Provided value: null");
        }
        optimizer = optimizer.toLowerCase(Locale.ROOT);
        if (!optimizer.equals("sgd") && !optimizer.equals("adam")) {
            throw new IllegalArgumentException("DP-SGD: optimizer must be \"sgd\" or \"adam\". Provided value: "
                    + optimizer);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("DP-SGD: momentum must be in [0, 1). Provided value: " + momentum);
        }
        if (optimizer.equals("adam") && momentum != 0) {
            throw new IllegalArgumentException("DP-SGD: momentum must be 0 with adam. Provided value: " + momentum);
        }
        if (accountant == null) {
            throw new IllegalArgumentException("DP-SGD: accountant must be RDP or PLD. Provided value: null");
        }
        if (clipping == null) {
            throw new IllegalArgumentException("DP-SGD: clipping mode must be GHOST or MATERIALISED. Provided value: null");
        }
        if (adaptiveClipping != null && adaptiveClipping.initialClipNorm() != clipNorm) {
            throw new IllegalArgumentException("DP-SGD: clip norm must equal the adaptive clipping's initial clip norm."
                    + " Provided: " + clipNorm + " and " + adaptiveClipping.initialClipNorm());
        }
        if (adaptiveClipping != null && zGiven && noiseMultiplier > 0) {
            adaptiveClipping.gradientNoiseMultiplier(noiseMultiplier); // throws with the rule and the values
        }
        if (insecureTestSeed == null) {
            throw new IllegalArgumentException("DP-SGD: insecureTestSeed must be an OptionalLong (empty in production)");
        }
    }

    /** A builder with the defaults: delta 1e-5, clip norm 1, SGD with momentum 0, RDP, ghost clipping. */
    public static Builder builder() {
        return new Builder();
    }

    /** The sampling rate for {@code n} records: q, or expectedBatchSize / n. */
    public double sampleRate(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("DP-SGD: the training set must not be empty. Provided size: " + n);
        }
        if (!Double.isNaN(sampleRate)) {
            return sampleRate;
        }
        if (expectedBatchSize > n) {
            throw new IllegalArgumentException("DP-SGD: expected batch size must be <= the number of records "
                    + n + ". Provided value: " + expectedBatchSize);
        }
        return (double) expectedBatchSize / n;
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
        private double noiseMultiplier = Double.NaN;
        private double targetEpsilon = Double.NaN;
        private double delta = 1e-5;
        private float clipNorm = 1f;
        private double sampleRate = Double.NaN;
        private int expectedBatchSize;
        private int epochs;
        private long steps;
        private float learningRate = 0.1f;
        private String optimizer = "sgd";
        private float momentum;
        private AccountantKind accountant = AccountantKind.RDP;
        private ClippingMode clipping = ClippingMode.GHOST;
        private AdaptiveClipping adaptiveClipping;
        private OptionalLong insecureTestSeed = OptionalLong.empty();

        private Builder() {
        }

        /** A fixed noise multiplier z (clears a target epsilon). */
        public Builder noiseMultiplier(double z) {
            this.noiseMultiplier = z;
            this.targetEpsilon = Double.NaN;
            return this;
        }

        /** Calibrate z to this epsilon at {@link #delta(double)} (clears a fixed noise multiplier). */
        public Builder targetEpsilon(double epsilon) {
            this.targetEpsilon = epsilon;
            this.noiseMultiplier = Double.NaN;
            return this;
        }

        public Builder delta(double delta) {
            this.delta = delta;
            return this;
        }

        public Builder clipNorm(float c) {
            this.clipNorm = c;
            return this;
        }

        /** Poisson rate q (clears an expected batch size). */
        public Builder sampleRate(double q) {
            this.sampleRate = q;
            this.expectedBatchSize = 0;
            return this;
        }

        /** Expected batch size q n (clears a sample rate). */
        public Builder expectedBatchSize(int b) {
            this.expectedBatchSize = b;
            this.sampleRate = Double.NaN;
            return this;
        }

        /** Epochs (clears steps). */
        public Builder epochs(int e) {
            this.epochs = e;
            this.steps = 0;
            return this;
        }

        /** Total steps (clears epochs). */
        public Builder steps(long s) {
            this.steps = s;
            this.epochs = 0;
            return this;
        }

        public Builder learningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /** SGD with the given momentum. */
        public Builder sgd(float momentum) {
            this.optimizer = "sgd";
            this.momentum = momentum;
            return this;
        }

        /** Adam (beta1 0.9, beta2 0.999). */
        public Builder adam() {
            this.optimizer = "adam";
            this.momentum = 0;
            return this;
        }

        public Builder accountant(AccountantKind kind) {
            this.accountant = kind;
            return this;
        }

        public Builder clipping(ClippingMode mode) {
            this.clipping = mode;
            return this;
        }

        /** Quantile clipping; also sets the clip norm to its initial norm. */
        public Builder adaptiveClipping(AdaptiveClipping a) {
            this.adaptiveClipping = a;
            if (a != null) {
                this.clipNorm = a.initialClipNorm();
            }
            return this;
        }

        /**
         * Draws batches and noise from a generator seeded with {@code seed}: reproducible, and with
         * <b>no</b> privacy (the noise is predictable). For tests only.
         */
        public Builder insecureSeededRandomnessForTests(long seed) {
            this.insecureTestSeed = OptionalLong.of(seed);
            return this;
        }

        public DpSgdConfig build() {
            return new DpSgdConfig(noiseMultiplier, targetEpsilon, delta, clipNorm, sampleRate, expectedBatchSize,
                    epochs, steps, learningRate, optimizer, momentum, accountant, clipping, adaptiveClipping,
                    insecureTestSeed);
        }
    }
}
