package org.privet.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.progress.Progress;
import org.privet.pprl.block.ClkBlocking;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkFile;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.eval.ClustersCsv;
import org.privet.pprl.eval.PairsCsv;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.LinkProgress;
import org.privet.pprl.link.Linker;
import org.privet.pprl.link.RecordRef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code privet pprl link}: Dice matching of two (or more) .clk files. */
@Command(name = "link", mixinStandardHelpOptions = true,
        description = {"Links encoded databases (.clk files) by the Dice coefficient of their bit vectors.",
            "Two files: pairs at or above --threshold, made one-to-one by the greedy solver (unless --all-pairs),"
                    + " written as id_a,id_b,score. Three or more: clusters of at most one record per file"
                    + " (anonlink's greedy multiparty solver), written as cluster,database,id."},
        footer = {"", "Examples:",
            "  privet pprl link a.clk b.clk --threshold 0.8 --out pairs.csv",
            "  privet pprl link a.clk b.clk --threshold 0.8 --blocking lsh:bits=24,tables=16,seed=1 --out pairs.csv",
            "  privet pprl link a.clk b.clk c.clk --threshold 0.85 --out clusters.csv --json"})
final class PprlLinkCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE.clk", arity = "2..*", description = "The encoded databases (same bit length).")
    List<Path> inputs;

    @Option(names = "--threshold", defaultValue = "0.8", paramLabel = "T",
            description = "Dice coefficient threshold in [0, 1] (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Keep at most K candidates per record of the first file (default: 0 = all).")
    int topK;

    @Option(names = "--blocking", paramLabel = "SCHEME",
            description = "none (default) or lsh[:bits=K,tables=L,seed=S] (Hamming LSH on the encodings; "
                    + "defaults 24 bits, 16 tables, seed 1).")
    String blocking;

    @Option(names = "--all-pairs", description = "Two files: write every candidate, not a one-to-one linkage.")
    boolean allPairs;

    @Option(names = "--merge-threshold", defaultValue = "1.0", paramLabel = "M",
            description = "Three or more files: share of candidate pairs two groups need to merge, in (0, 1] "
                    + "(default: ${DEFAULT-VALUE}).")
    double mergeThreshold;

    @Option(names = "--out", required = true, paramLabel = "FILE.csv", description = "Output CSV (written atomically).")
    Path out;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Link two databases on Apache Spark (local[*], spark://HOST:PORT); needs the privet-spark "
                    + "module (docs/spark.md).")
    String spark;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the run's figures as JSON on stdout.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        LinkOptions.Builder b = LinkOptions.builder();
        try {
            b.threshold(threshold).topK(topK).oneToOne(!allPairs).mergeThreshold(mergeThreshold);
            if (threads != null) {
                b.threads(threads);
            }
            ClkBlocking scheme = parseBlocking(blocking);
            if (scheme != null) {
                b.blocking(scheme);
            }
            b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("threshold must", "--threshold must")
                    .replace("topK must", "--top-k must").replace("threads must", "--threads must")
                    .replace("mergeThreshold must", "--merge-threshold must"));
        }
        PprlProgress progress = new PprlProgress(quiet ? Progress.NONE : ConsoleProgress.stderr());
        LinkOptions options = b.progress(progress).build();
        List<ClkSet> sets = new ArrayList<>();
        for (Path p : inputs) {
            sets.add(ClkFile.read(p));
        }
        for (int i = 1; i < sets.size(); i++) {
            if (sets.get(i).bits() != sets.get(0).bits()) {
                throw new IllegalArgumentException(inputs.get(i) + " has " + sets.get(i).bits() + "-bit records but "
                        + inputs.get(0) + " has " + sets.get(0).bits() + "-bit records: encode both with one schema");
            }
        }
        long start = System.nanoTime();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("output", out.toString());
        List<Integer> sizes = new ArrayList<>();
        for (ClkSet s : sets) {
            sizes.add(s.size());
        }
        m.put("records", sizes);
        m.put("bits", sets.get(0).bits());
        m.put("threshold", threshold);
        m.put("topK", topK);
        m.put("blocking", options.blocking() == null ? "none" : options.blocking().describe());
        String summary;
        if (spark != null && sets.size() != 2) {
            throw new UsageException("--spark links two databases; " + sets.size() + " were given");
        }
        if (sets.size() == 2) {
            Linker.LinkResult r;
            try {
                r = spark == null ? Linker.run(sets.get(0), sets.get(1), options)
                        : SparkDispatch.backend(spark).link(spark, sets.get(0), sets.get(1), options);
            } finally {
                progress.finish();
            }
            PairsCsv.write(out, r.matches());
            double secs = (System.nanoTime() - start) / 1e9;
            m.put("comparisons", r.comparisons());
            m.put("candidates", r.candidates());
            m.put("matches", r.matches().size());
            m.put("oneToOne", !allPairs);
            m.put("seconds", secs);
            m.put("comparisonsPerSecond", secs > 0 ? r.comparisons() / secs : 0);
            summary = String.format(Locale.ROOT, "wrote %d %s to %s (%d comparisons, %d candidates, %.2f s)",
                    r.matches().size(), allPairs ? "candidate pair(s)" : "match(es)", out, r.comparisons(),
                    r.candidates(), secs);
        } else {
            List<List<RecordRef>> clusters;
            try {
                clusters = Linker.linkMany(sets, options);
            } finally {
                progress.finish();
            }
            ClustersCsv.write(out, clusters);
            double secs = (System.nanoTime() - start) / 1e9;
            m.put("clusters", clusters.size());
            m.put("mergeThreshold", mergeThreshold);
            m.put("seconds", secs);
            summary = String.format(Locale.ROOT, "wrote %d cluster(s) of %d databases to %s (%.2f s)",
                    clusters.size(), sets.size(), out, secs);
        }
        if (json) {
            Json.print(m);
        } else {
            PrintStream info = System.out;
            info.println(summary);
        }
        return Main.OK;
    }

    /** {@code none}, {@code lsh} or {@code lsh:key=value,...}; null for none. */
    static ClkBlocking parseBlocking(String spec) {
        if (spec == null || spec.equalsIgnoreCase("none")) {
            return null;
        }
        String s = spec.trim();
        int colon = s.indexOf(':');
        String kind = (colon < 0 ? s : s.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (kind.equals("lsh")) {
            try {
                return HammingLsh.parse(colon < 0 ? "" : s.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--blocking: " + e.getMessage());
            }
        }
        throw new UsageException("--blocking: unknown scheme '" + kind + "'; use none or lsh[:bits=K,tables=L,seed=S]"
                + " (phonetic and P-Sig keys are made by the data owners on clear text, through the library API)");
    }

    /** Adapts the staged {@link LinkProgress} of a linkage to the console {@link Progress}. Thread safe. */
    static final class PprlProgress implements LinkProgress {
        private final Progress progress;
        private String stage;

        PprlProgress(Progress progress) {
            this.progress = progress;
        }

        @Override
        public synchronized void update(String s, long done, long total) {
            if (!s.equals(stage)) {
                if (stage != null) {
                    progress.finish();
                }
                stage = s;
                progress.start(s, total);
            }
            progress.update(done, "");
        }

        synchronized void finish() {
            if (stage != null) {
                progress.finish();
                stage = null;
            }
        }
    }
}
