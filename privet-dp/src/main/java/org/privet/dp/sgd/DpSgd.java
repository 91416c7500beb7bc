package org.privet.dp.sgd;

import java.security.SecureRandom;
import java.util.Locale;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Adam;
import org.privet.core.optim.Optimizer;
import org.privet.core.optim.Sgd;
import org.privet.core.progress.Progress;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.Trainer;
import org.privet.dp.accounting.NoiseCalibration;
import org.privet.dp.accounting.NoiseCalibration.AccountantKind;
import org.privet.dp.accounting.PldAccountant;
import org.privet.dp.accounting.RdpAccountant;
import org.privet.dp.noise.NoiseRandom;

/**
 * DP-SGD training (Abadi et al., "Deep Learning with Differential Privacy", CCS 2016): Poisson-sampled
 * batches, per-example clipping, Gaussian noise on the clipped sum, an accountant that records every
 * step. The entry point for {@code privet train --dp}:
 *
 * <pre>{@code
 * DpSgdConfig cfg = DpSgdConfig.builder().targetEpsilon(3).delta(1e-5)
 *         .expectedBatchSize(256).epochs(10).clipNorm(1f).learningRate(0.5f).build();
 * DpTrainResult r = DpSgd.train(net, x, y, cfg, progress);   // r.epsilonRdp() <= 3
 * }</pre>
 *
 * <p>Before any training: the network is validated ({@link ModelValidator}: every problem listed), the
 * data checked, and the plan resolved ({@link #plan}): with a target epsilon, {@link NoiseCalibration}
 * finds the noise multiplier for (q, steps, delta) with the configured accountant, and a target that
 * cannot be met is refused. Each step samples a batch ({@link PoissonSampler}), takes a
 * {@link DpSgdStepper} step and records (z, q) in the RDP accountant (and the PLD accountant). The
 * guarantee covers the final weights and every intermediate one; the per-epoch loss and accuracy in
 * the history are computed on the private data without noise and are not covered.
 *
 * <p>The network is in training mode during the run (dropout active) and left in evaluation mode.
 */
public final class DpSgd {

    private DpSgd() {
    }

    /**
     * A resolved run.
     *
     * @param sampleRate              the exact Poisson inclusion probability used by the sampler and the accountant
     * @param expectedBatchSize       {@code q n}, the divisor of the noisy sum
     * @param steps                   total steps
     * @param stepsPerEpoch           {@code max(1, round(1/q))}
     * @param epochs                  {@code ceil(steps / stepsPerEpoch)} (the last may be partial)
     * @param noiseMultiplier         overall z (given or calibrated); what the accountant records
     * @param predictedEpsilon        the accountant's epsilon for (z, q, steps) at delta, before training
     */
    public record Plan(double sampleRate, double expectedBatchSize, long steps, long stepsPerEpoch, int epochs,
            double noiseMultiplier, double predictedEpsilon) {
    }

    /**
     * Resolves sizes and calibrates the noise for {@code n} training records.
     *
     * @throws IllegalArgumentException if the configuration cannot meet its target epsilon (no noise
     *                                  multiplier below 1e6 reaches it) or adaptive clipping cannot share z
     */
    public static Plan plan(DpSgdConfig cfg, int n) {
        double q = exactRate(cfg.sampleRate(n));
        long perEpoch = Math.max(1, Math.round(1.0 / q));
        long steps = cfg.steps() != 0 ? cfg.steps() : Math.multiplyExact(perEpoch, (long) cfg.epochs());
        long epochsL = (steps + perEpoch - 1) / perEpoch;
        if (epochsL > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("DP-SGD: too many epochs. Provided steps: " + steps);
        }
        double z;
        if (!Double.isNaN(cfg.noiseMultiplier())) {
            z = cfg.noiseMultiplier();
        } else {
            try {
                z = NoiseCalibration.noiseMultiplier(cfg.targetEpsilon(), cfg.delta(), q, steps, cfg.accountant());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("DP-SGD: cannot meet target epsilon " + cfg.targetEpsilon()
                        + " at delta " + cfg.delta() + " with q=" + q + " and " + steps + " steps: " + e.getMessage(), e);
            }
        }
        if (cfg.adaptiveClipping() != null && z > 0) {
            cfg.adaptiveClipping().gradientNoiseMultiplier(z); // throws with the rule and the values
        }
        double eps = z == 0 ? Double.POSITIVE_INFINITY : epsilon(cfg.accountant(), z, q, steps, cfg.delta());
        if (!Double.isNaN(cfg.targetEpsilon()) && !(eps <= cfg.targetEpsilon())) {
            throw new AssertionError("internal invariant: calibrated z=" + z + " gives epsilon " + eps
                    + " above the target " + cfg.targetEpsilon());
        }
        return new Plan(q, q * n, steps, perEpoch, (int) epochsL, z, eps);
    }

    /** The exact inclusion probability the sampler realises for rate q: {@code ceil(q 2^53) / 2^53}. */
    static double exactRate(double q) {
        return Math.scalb(Math.ceil(Math.scalb(q, 53)), -53);
    }

    private static double epsilon(AccountantKind kind, double z, double q, long steps, double delta) {
        if (kind == AccountantKind.PLD) {
            return PldAccountant.subsampledGaussianEpsilon(z, q, steps, delta);
        }
        RdpAccountant a = new RdpAccountant();
        a.steps(z, q, steps);
        return a.epsilon(delta).epsilon();
    }

    /** Trains {@code net} on (x, y) with DP-SGD. */
    public static DpTrainResult train(Sequential net, Tensor x, int[] y, DpSgdConfig cfg, Progress progress) {
        return train(net, x, y, null, null, cfg, progress);
    }

    /**
     * Trains {@code net} on (x, y) with DP-SGD, evaluating on (xVal, yVal) after every epoch when given.
     *
     * @throws IllegalArgumentException before any training when the network, the data or the
     *                                  configuration is unusable (all network problems listed at once)
     */
    public static DpTrainResult train(Sequential net, Tensor x, int[] y, Tensor xVal, int[] yVal, DpSgdConfig cfg,
            Progress progress) {
        if (cfg == null) {
            throw new IllegalArgumentException("DP-SGD: config must not be null");
        }
        ModelValidator.requireValid(net);
        checkData(x, y, "training");
        if ((xVal == null) != (yVal == null)) {
            throw new IllegalArgumentException("DP-SGD: validation inputs and labels must both be given or both be null");
        }
        if (xVal != null) {
            checkData(xVal, yVal, "validation");
        }
        int n = y.length;
        Plan plan = plan(cfg, n);
        SecureRandom keys = cfg.insecureTestSeed().isPresent()
                ? NoiseRandom.insecureSeededForTests(cfg.insecureTestSeed().getAsLong())
                : NoiseRandom.secure();
        Optimizer opt = cfg.optimizer().equals("adam")
                ? new Adam(net.parameters(), cfg.learningRate(), 0.9f, 0.999f, 1e-8f, 0f, true)
                : new Sgd(net.parameters(), cfg.learningRate(), cfg.momentum(), false, 0f);
        DpSgdStepper stepper = new DpSgdStepper(net, opt, cfg.clipNorm(), plan.noiseMultiplier(),
                plan.expectedBatchSize(), cfg.clipping(), cfg.adaptiveClipping(), keys);
        PoissonSampler sampler = new PoissonSampler(n, plan.sampleRate(), keys);
        if (sampler.rate() != plan.sampleRate()) {
            throw new AssertionError("internal invariant: sampler rate " + sampler.rate() + " != plan " + plan.sampleRate());
        }

        RdpAccountant rdp = new RdpAccountant();
        PldAccountant pld = new PldAccountant();
        boolean noisy = plan.noiseMultiplier() > 0;
        int epochs = plan.epochs();
        float[] losses = new float[epochs];
        float[] accs = new float[epochs];
        float[] vLoss = new float[xVal == null ? 0 : epochs];
        float[] vAcc = new float[xVal == null ? 0 : epochs];
        double[] epsR = new double[epochs];
        double[] epsP = new double[epochs];
        float[] clips = new float[epochs];
        double[] meanBatch = new double[epochs];
        float[] clipPerStep = new float[(int) Math.min(plan.steps(), Integer.MAX_VALUE - 16)];
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start(String.format(Locale.ROOT, "dp-sgd %s (q=%.4g, z=%.4g, %d steps)", net.spec(), plan.sampleRate(),
                plan.noiseMultiplier(), plan.steps()), plan.steps());
        long step = 0;
        try {
            for (int epoch = 0; epoch < epochs; epoch++) {
                net.train();
                long end = Math.min(plan.steps(), (epoch + 1) * plan.stepsPerEpoch());
                double lossSum = 0;
                long seen = 0;
                long stepsThisEpoch = end - step;
                for (; step < end; step++) {
                    int[] idx = sampler.next();
                    int[] yb = new int[idx.length];
                    for (int i = 0; i < idx.length; i++) {
                        yb[i] = y[idx[i]];
                    }
                    Tensor xb = idx.length == 0 ? null : x.rows(idx);
                    DpSgdStepper.StepStats s = stepper.step(xb, yb);
                    if (step < clipPerStep.length) {
                        clipPerStep[(int) step] = s.clipNormUsed();
                    }
                    rdp.step(plan.noiseMultiplier(), plan.sampleRate());
                    pld.steps(plan.noiseMultiplier(), plan.sampleRate(), 1);
                    lossSum += s.lossSum();
                    seen += idx.length;
                    pr.update(step + 1, String.format(Locale.ROOT, "epoch %d/%d batch %d", epoch + 1, epochs, idx.length));
                }
                losses[epoch] = seen == 0 ? Float.NaN : (float) (lossSum / seen);
                meanBatch[epoch] = (double) seen / stepsThisEpoch;
                clips[epoch] = stepper.clipNorm();
                accs[epoch] = Trainer.evaluate(net, x, y);
                if (xVal != null) {
                    float[] la = Trainer.lossAndAccuracy(net, xVal, yVal);
                    vLoss[epoch] = la[0];
                    vAcc[epoch] = la[1];
                }
                epsR[epoch] = noisy ? rdp.epsilon(cfg.delta()).epsilon() : Double.POSITIVE_INFINITY;
                boolean pldNow = cfg.accountant() == AccountantKind.PLD || epoch == epochs - 1;
                epsP[epoch] = !pldNow ? Double.NaN : noisy ? pld.epsilon(cfg.delta()) : Double.POSITIVE_INFINITY;
                pr.update(step, String.format(Locale.ROOT, "epoch %d/%d loss %.4f acc %.4f epsilon %.4g (RDP)",
                        epoch + 1, epochs, losses[epoch], accs[epoch], epsR[epoch]));
            }
        } finally {
            net.eval();
            pr.finish();
        }
        double std = plan.noiseMultiplier() == 0 ? 0
                : DiscreteGaussianNoise.grid(stepper.dimension(), stepper.gradientNoiseMultiplier(), stepper.clipNorm())
                        .stdDev();
        DpTrainHistory h = new DpTrainHistory(losses, accs, vLoss, vAcc, epsR, epsP, clips, meanBatch);
        double epsRdp = epsR[epochs - 1];
        double epsPld = epsP[epochs - 1];
        long draws = stepper.noiseDraws();
        double samplerDelta = DiscreteGaussianNoise.samplerDelta(maxFinite(epsRdp, epsPld), draws);
        return new DpTrainResult(plan, h, sumUp(cfg.delta(), samplerDelta), epsRdp, epsPld, rdp.history(), clipPerStep,
                std, cfg.delta(), samplerDelta, draws);
    }

    /**
     * {@code a + b} rounded up, for {@code 0 <= b <= a} (a sampler delta far below the accountant's would vanish
     * in the rounding to nearest; the reported delta must not be below the true one). {@code sum - a} is exact
     * there (Sterbenz), so comparing it with b tells whether the sum was rounded down.
     */
    static double sumUp(double a, double b) {
        double sum = a + b;
        if (b > 0 && sum - a < b) {
            sum = Math.nextUp(sum);
        }
        return sum;
    }

    /** The larger of the finite values among a and b ({@code +Infinity} when neither is finite). */
    private static double maxFinite(double a, double b) {
        boolean fa = Double.isFinite(a);
        boolean fb = Double.isFinite(b);
        return fa && fb ? Math.max(a, b) : fa ? a : fb ? b : Double.POSITIVE_INFINITY;
    }

    private static void checkData(Tensor x, int[] y, String what) {
        if (x == null || y == null) {
            throw new IllegalArgumentException("DP-SGD: " + what + " inputs and labels must not be null");
        }
        if (x.rank() == 0 || x.dim(0) != y.length) {
            throw new IllegalArgumentException("DP-SGD: " + what + " data: " + y.length + " labels for inputs of shape "
                    + x.shapeString());
        }
        if (y.length == 0) {
            throw new IllegalArgumentException("DP-SGD: " + what + " data is empty");
        }
    }
}
