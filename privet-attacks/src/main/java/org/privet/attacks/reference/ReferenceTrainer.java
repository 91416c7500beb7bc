package org.privet.attacks.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.privet.core.data.Dataset;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;

/**
 * Trains reference models in parallel and keeps their outputs on the whole pool.
 *
 * <p>Model {@code m} trains with {@code recipe.train(pool.subset(masks.trainingIndices(m)),
 * rng.child("reference", m))} on a fixed thread pool of {@code min(threads, M)} workers; the result
 * does not depend on the number of threads or the finishing order. One data pipeline: the pool's
 * features (and each augmented copy of them, computed once up front) are shared read-only by all
 * workers; a worker holds only its own training subset and model, which it drops after querying it
 * on the pool in batches, so memory is bounded by {@code threads} models plus the kept logits
 * ({@code M x A x n x c} floats). Progress reports one unit per finished model.
 */
public final class ReferenceTrainer {
    private ReferenceTrainer() {
    }

    /** Workers to use by default: the number of available processors. */
    public static int defaultThreads() {
        return Runtime.getRuntime().availableProcessors();
    }

    /**
     * Trains {@code masks.models()} models on {@code pool} and queries each on every pool record under
     * every augmentation.
     *
     * @param pool          the reference pool; its row {@code i} is record {@code i} of the masks
     * @param masks         which records each model trains on ({@code masks.records() == pool.size()})
     * @param recipe        how to train one model
     * @param augmentations queries per record (at least one; use {@link QueryAugmentations#identity()} for none)
     * @param rng           parent generator; model {@code m} uses {@code rng.child("reference", m)}
     * @param threads       worker threads, &gt;= 1 (capped at the number of models)
     * @param progress      one unit per finished model
     * @throws IllegalArgumentException on mismatched sizes, an empty training set or a model with the wrong class count
     * @throws IllegalStateException    when training fails (the cause is chained) or the thread is interrupted
     */
    public static ReferenceOutputs train(Dataset pool, ReferenceMasks masks, ModelRecipe recipe,
            List<QueryAugmentation> augmentations, Rng rng, int threads, Progress progress) {
        return train(pool, masks, recipe, augmentations, rng, threads, null, progress);
    }

    /**
     * As {@link #train(Dataset, ReferenceMasks, ModelRecipe, List, Rng, int, Progress)}, also running
     * {@code probe} (when not null) on each model before it is dropped; its values are kept in the outputs.
     *
     * @throws IllegalArgumentException also when the probe returns other than one value per pool record
     */
    public static ReferenceOutputs train(Dataset pool, ReferenceMasks masks, ModelRecipe recipe,
            List<QueryAugmentation> augmentations, Rng rng, int threads, ModelProbe probe, Progress progress) {
        if (masks.records() != pool.size()) {
            throw new IllegalArgumentException("reference masks cover " + masks.records() + " records but the pool has "
                    + pool.size());
        }
        if (augmentations.isEmpty()) {
            throw new IllegalArgumentException("need at least one query augmentation (identity for none)");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1. Provided value: " + threads);
        }
        int models = masks.models();
        for (int m = 0; m < models; m++) {
            if (masks.trainingIndices(m).length == 0) {
                throw new IllegalArgumentException("reference model " + m + " would train on no record (pool of "
                        + pool.size() + "); use a larger pool or more models");
            }
        }
        int classes = pool.numClasses();
        Tensor[] queries = new Tensor[augmentations.size()];
        for (int a = 0; a < queries.length; a++) {
            queries[a] = augmentations.get(a).apply(pool.features());
        }
        List<String> names = new ArrayList<>();
        for (QueryAugmentation q : augmentations) {
            names.add(q.name());
        }
        float[][][] logits = new float[models][][];
        double[][] probes = probe == null ? null : new double[models][];
        Progress pr = progress == null ? Progress.NONE : progress;
        AtomicInteger done = new AtomicInteger();
        pr.start("reference models (" + recipe.describe() + ")", models);
        int workers = Math.min(threads, models);
        ExecutorService pool2 = Executors.newFixedThreadPool(workers, r -> {
            // with several models in flight, each worker runs its kernels single-threaded
            Thread t = new Thread(workers > 1 ? () -> Parallel.sequential(r) : r, "privet-reference");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int m = 0; m < models; m++) {
                final int mm = m;
                futures.add(pool2.submit(() -> {
                    Dataset train = pool.subset(masks.trainingIndices(mm));
                    ProbabilisticClassifier model = recipe.train(train, rng.child("reference", mm));
                    if (model.numClasses() != classes) {
                        throw new IllegalArgumentException("recipe '" + recipe.describe() + "' returned a model with "
                                + model.numClasses() + " classes; the pool has " + classes);
                    }
                    float[][] out = new float[queries.length][];
                    for (int a = 0; a < queries.length; a++) {
                        out[a] = logitsOf(model, queries[a]);
                        for (int k = 0; k < out[a].length; k++) {
                            if (!Float.isFinite(out[a][k])) {
                                throw new IllegalStateException("reference model " + mm + " (" + recipe.describe()
                                        + ") gave a non-finite output " + out[a][k] + " for pool record "
                                        + k / classes + " under " + names.get(a)
                                        + ": training diverged; lower the learning rate");
                            }
                        }
                    }
                    if (probe != null) {
                        double[] pv = probe.probe(model, mm);
                        if (pv == null || pv.length != pool.size()) {
                            throw new IllegalArgumentException("probe returned " + (pv == null ? "null" : pv.length
                                    + " values") + " for reference model " + mm + "; expected " + pool.size());
                        }
                        probes[mm] = pv;
                    }
                    logits[mm] = out;
                    int d = done.incrementAndGet();
                    pr.update(d, "model " + (mm + 1) + "/" + models + " trained on " + train.size() + " records");
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reference training interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IllegalArgumentException iae) {
                throw new IllegalArgumentException(iae.getMessage(), iae);
            }
            if (c instanceof IllegalStateException ise) {
                throw new IllegalStateException(ise.getMessage(), ise);
            }
            throw new IllegalStateException("reference training failed: " + c, c);
        } finally {
            pool2.shutdownNow();
            pr.finish();
        }
        return new ReferenceOutputs(logits, masks, classes, names, recipe.describe(), probes);
    }

    /**
     * Logits of {@code model} on {@code x}, row-major {@code [n, c]}: a white-box model's logits, or
     * log-probabilities (clipped at the smallest float) of any other model.
     */
    public static float[] logitsOf(ProbabilisticClassifier model, Tensor x) {
        if (model instanceof WhiteBoxClassifier wb) {
            return wb.logits(x).data().clone();
        }
        float[] p = model.predictProba(x).data();
        float[] out = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = (float) Math.log(Math.max(p[i], Float.MIN_VALUE));
        }
        return out;
    }
}
