package org.privet.spark;

import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.reference.ReferenceMasks;
import org.privet.attacks.reference.ReferenceTrainer;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.PurchaseLike;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.train.TrainConfig;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.spark.linkage.SparkLinker;
import org.privet.spark.linkage.SyntheticClks;
import org.privet.spark.membership.RecipeSpec;
import org.privet.spark.membership.SparkReferenceTraining;

/**
 * The scaling measurements of docs/spark.md (run by {@code privet-spark/run-scaling.sh}, one JVM per master since
 * Spark allows one context per JVM). Not part of the test run.
 *
 * <pre>
 * Scaling refs MASTER MODELS POOL     reference models (mlp[64], 10 epochs, Purchase-like 600 features)
 * Scaling link MASTER N [BITS]        N x N synthetic 1024-bit CLKs, 50% overlap, Hamming LSH (24 bits, 16 tables)
 * Scaling local-refs THREADS MODELS POOL   the same training with the local ReferenceTrainer, for comparison
 * Scaling local-link THREADS N [BITS]      the same linkage with the local Linker
 * </pre>
 * Prints one line per run: what, master, seconds (after one warm-up run on a tenth of the size), counts, and the
 * bytes Spark wrote to shuffle files.
 */
public final class Scaling {
    private Scaling() {
    }

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: Scaling refs|link|local-refs|local-link MASTER|THREADS SIZE [SIZE2]");
            System.exit(2);
        }
        String what = args[0];
        switch (what) {
            case "refs", "local-refs" -> refs(what, args[1], Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : 4000);
            case "link", "local-link" -> link(what, args[1], Integer.parseInt(args[2]),
                    args.length > 3 ? Integer.parseInt(args[3]) : 1024);
            default -> {
                System.err.println("unknown measurement " + what);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    private static AtomicLong shuffleBytes(JavaSparkContext jsc) {
        AtomicLong bytes = new AtomicLong();
        jsc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd e) {
                if (e.taskMetrics() != null) {
                    bytes.addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
                }
            }
        });
        return bytes;
    }

    private static void refs(String what, String master, int models, int poolSize) {
        RecipeSpec spec = RecipeSpec.mlp(new int[] {64}, TrainConfig.adam(1e-3f, 10, 64, 0));
        Dataset pool = PurchaseLike.generate(poolSize, 600, 20, Rng.of(1).child("data"));
        Dataset small = PurchaseLike.generate(Math.max(100, poolSize / 10), 600, 20, Rng.of(2).child("data"));
        boolean local = what.startsWith("local");
        JavaSparkContext jsc = local ? null : SparkSessions.context(master);
        AtomicLong shuffle = local ? new AtomicLong() : shuffleBytes(jsc);
        for (int rep = 0; rep < 2; rep++) {
            Dataset d = rep == 0 ? small : pool;
            int m = rep == 0 ? Math.min(2, models) : models;
            ReferenceMasks masks = ReferenceMasks.online(d.size(), m, Rng.of(3));
            Rng rr = Rng.of(4).child("references");
            long t0 = System.nanoTime();
            if (local) {
                // kernels on at most THREADS threads, so "local 1" is one core like local[1]
                org.privet.core.tensor.Parallel.setThreads(Integer.parseInt(master));
                ReferenceTrainer.train(d, masks, spec.toRecipe(), java.util.List.of(
                        org.privet.attacks.reference.QueryAugmentations.identity()), rr, Integer.parseInt(master),
                        Progress.NONE);
            } else {
                AuditRequest req = AuditRequest.builder().target(spec.toRecipe().train(d.subset(new int[] {0, 1, 2}),
                        Rng.of(5))).candidates(d).recipe(spec.toRecipe()).attacks("lira").references(m).build();
                new SparkReferenceTraining(jsc, spec).train(req, d, masks, rr, null, Progress.NONE);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep == 1) {
                System.out.printf(Locale.ROOT, "refs master=%s models=%d pool=%d features=600 recipe=\"%s\" "
                        + "seconds=%.2f models/s=%.3f shuffleBytes=%d%n", master, m, d.size(),
                        spec.toRecipe().describe(), s, m / s, shuffle.get());
            }
        }
    }

    private static void link(String what, String master, int n, int bits) {
        boolean local = what.startsWith("local");
        JavaSparkContext jsc = local ? null : SparkSessions.context(master);
        AtomicLong shuffle = local ? new AtomicLong() : shuffleBytes(jsc);
        for (int rep = 0; rep < 2; rep++) {
            int size = rep == 0 ? Math.max(1000, n / 10) : n;
            ClkSet[] ab = SyntheticClks.pair(size, size / 2, bits, 0.3, 0.03, 7 + rep);
            LinkOptions o = LinkOptions.builder().threshold(0.8).blocking(HammingLsh.defaults())
                    .threads(local ? Integer.parseInt(master) : 1).build();
            long before = shuffle.get();
            long t0 = System.nanoTime();
            Linker.LinkResult r = local ? Linker.run(ab[0], ab[1], o) : SparkLinker.run(jsc, ab[0], ab[1], o);
            double s = (System.nanoTime() - t0) / 1e9;
            if (rep == 1) {
                long found = r.matches().stream().filter(m -> m.indexA() == m.indexB() && m.indexA() < size / 2)
                        .count();
                System.out.printf(Locale.ROOT, "link master=%s records=%dx%d bits=%d blocking=\"%s\" seconds=%.2f "
                        + "comparisons=%d candidates=%d matches=%d trueMatchesFound=%d/%d shuffleBytes=%d "
                        + "shuffleBytesPerRecord=%.0f%n", master, size, size, bits, HammingLsh.defaults().describe(), s,
                        r.comparisons(), r.candidates(), r.matches().size(), found, size / 2, shuffle.get() - before,
                        (shuffle.get() - before) / (2.0 * size));
            }
        }
        if (jsc != null) {
            System.out.println("args " + Arrays.toString(new String[] {what, master, Integer.toString(n)}));
        }
    }
}
