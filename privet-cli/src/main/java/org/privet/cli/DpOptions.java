package org.privet.cli;

import java.util.Locale;
import org.privet.dp.sgd.DpSgdConfig;
import picocli.CommandLine.Option;

/** DP-SGD flags shared by {@code train} and {@code audit}. */
final class DpOptions {
    @Option(names = "--dp", description = "Train with DP-SGD (Poisson sampling, per-example clipping, secure Gaussian noise, "
            + "RDP/PLD accounting).")
    boolean dp;

    @Option(names = "--epsilon", defaultValue = "3", paramLabel = "X",
            description = "DP-SGD target epsilon; the noise is calibrated to it (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--delta", defaultValue = "1e-5", paramLabel = "X", description = "DP-SGD delta (default: ${DEFAULT-VALUE}).")
    double delta;

    @Option(names = "--noise-multiplier", paramLabel = "Z",
            description = "Fixed DP-SGD noise multiplier instead of calibrating to --epsilon.")
    Double noiseMultiplier;

    @Option(names = "--clip", defaultValue = "1.0", paramLabel = "C",
            description = "Per-example gradient clip norm (default: ${DEFAULT-VALUE}).")
    float clip;

    @Option(names = "--dp-lr", defaultValue = "0.5", paramLabel = "X",
            description = "DP-SGD learning rate (SGD with momentum 0.9 on the noisy mean) (default: ${DEFAULT-VALUE}).")
    float learningRate;

    /** The DP-SGD configuration for a run of {@code epochs} epochs at expected batch {@code batch}. */
    DpSgdConfig config(int epochs, int batch) {
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new UsageException("--epsilon must be > 0 and finite. Provided value: " + epsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new UsageException("--delta must be in (0, 1). Provided value: " + delta);
        }
        try {
            DpSgdConfig.Builder b = DpSgdConfig.builder().delta(delta).clipNorm(clip).expectedBatchSize(batch)
                    .epochs(epochs).learningRate(learningRate).sgd(0.9f);
            if (noiseMultiplier != null) {
                b.noiseMultiplier(noiseMultiplier);
            } else {
                b.targetEpsilon(epsilon);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    String describe(int epochs, int batch) {
        return noiseMultiplier != null
                ? String.format(Locale.ROOT, "DP-SGD z=%.3g C=%.3g batch=%d epochs=%d lr=%.3g delta=%.1e",
                        noiseMultiplier, clip, batch, epochs, learningRate, delta)
                : String.format(Locale.ROOT, "DP-SGD eps=%.3g delta=%.1e C=%.3g batch=%d epochs=%d lr=%.3g", epsilon,
                        delta, clip, batch, epochs, learningRate);
    }
}
