package org.privet.cli;

import org.privet.core.progress.Progress;
import picocli.CommandLine.Option;

/** Options every working command takes: seed, threads, JSON output, quiet. */
final class CommonOptions {
    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Experiment seed: the same seed gives the same result (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads for kernels and parallel work (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the results as JSON on stdout instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    /** Applies global settings (threads) and returns the progress sink to use. */
    Progress apply() {
        if (threads != null) {
            if (threads < 1) {
                throw new UsageException("--threads must be >= 1. Provided value: " + threads);
            }
            org.privet.core.tensor.Parallel.setThreads(threads);
        }
        return quiet ? Progress.NONE : ConsoleProgress.stderr();
    }
}
