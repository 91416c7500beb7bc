package org.privet.spark.membership;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.broadcast.Broadcast;
import org.privet.attacks.infer.membership.AuditRequest;
import org.privet.attacks.infer.membership.AuditResult;
import org.privet.attacks.infer.membership.LabelOnly;
import org.privet.attacks.infer.membership.MembershipAudit;
import org.privet.attacks.reference.ModelRecipe;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.QueryAugmentations;
import org.privet.attacks.reference.ReferenceMasks;
import org.privet.attacks.reference.ReferenceOutputs;
import org.privet.attacks.reference.ReferenceTrainer;
import org.privet.core.data.Dataset;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Parallel;
import org.privet.core.tensor.Tensor;
import org.privet.spark.FaultInjection;

/**
 * Reference-model training as Spark tasks: one task per model trains {@code recipe} on the model's seeded split
 * of the broadcast pool and returns its logits on every pool record under every query augmentation (and its
 * label-only robustness scores when the audit needs them); the driver collects them in model order.
 *
 * <p>Follows the {@link MembershipAudit.ReferenceTraining} contract exactly (same generator per model, same
 * training subset, same queries), so {@link #audit} gives {@code MembershipAudit.run}'s result bit for bit. What
 * travels to the executors is data only: the pool's arrays (one broadcast), each model's training indices and
 * seed, the {@link RecipeSpec} and the augmentations by name. A task that fails is re-run by Spark from the same
 * inputs and gives the same outputs. Inside a task the kernels run single-threaded (one model per core).
 *
 * <p>Query augmentations must be built-ins of {@link QueryAugmentations} (identity, flip, shift(dx,dy),
 * flip+shift(dx,dy)): they are rebuilt on the executors from their names. Thread safety: one {@link #train}
 * at a time.
 */
public final class SparkReferenceTraining implements MembershipAudit.ReferenceTraining {
    private final JavaSparkContext spark;
    private final RecipeSpec recipe;
    private final FaultInjection faults;

    /** Training on {@code spark} with {@code recipe} (which must describe the audit request's recipe). */
    public SparkReferenceTraining(JavaSparkContext spark, RecipeSpec recipe) {
        this(spark, recipe, FaultInjection.NONE);
    }

    /** As {@link #SparkReferenceTraining(JavaSparkContext, RecipeSpec)}, with injected task failures (tests). */
    public SparkReferenceTraining(JavaSparkContext spark, RecipeSpec recipe, FaultInjection faults) {
        this.spark = Objects.requireNonNull(spark, "spark");
        this.recipe = Objects.requireNonNull(recipe, "recipe");
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /**
     * Runs a membership audit with this training: {@code MembershipAudit.run(request, progress, this)}.
     *
     * @throws IllegalArgumentException when the spec does not describe the request's recipe, or an augmentation is
     *                                  not a built-in
     */
    public AuditResult audit(AuditRequest request, Progress progress) {
        return MembershipAudit.run(request, progress, this);
    }

    @Override
    public ReferenceOutputs train(AuditRequest request, Dataset pool, ReferenceMasks masks, Rng referenceRng,
            Rng labelOnlyRng, Progress progress) {
        ModelRecipe local = recipe.toRecipe();
        if (!local.describe().equals(request.recipe().describe())) {
            throw new IllegalArgumentException("the Spark recipe '" + local.describe() + "' does not describe the "
                    + "audit's recipe '" + request.recipe().describe() + "'");
        }
        if (masks.records() != pool.size()) {
            throw new IllegalArgumentException("reference masks cover " + masks.records() + " records but the pool has "
                    + pool.size());
        }
        List<String> augs = names(request.augmentations());
        LabelOnlySpec lo = null;
        if (labelOnlyRng != null) {
            LabelOnly.Options o = request.labelOnly();
            lo = new LabelOnlySpec(names(o.augmentations()), o.noiseStd(), o.noiseQueries(), labelOnlyRng.seed());
        }
        int models = masks.models();
        List<ModelTask> tasks = new ArrayList<>(models);
        for (int m = 0; m < models; m++) {
            int[] idx = masks.trainingIndices(m);
            if (idx.length == 0) {
                throw new IllegalArgumentException("reference model " + m + " would train on no record (pool of "
                        + pool.size() + "); use a larger pool or more models");
            }
            tasks.add(new ModelTask(m, idx));
        }
        Progress pr = progress == null ? Progress.NONE : progress;
        pr.start("reference models on Spark (" + local.describe() + ")", models);
        Broadcast<PoolData> data = spark.broadcast(PoolData.of(pool));
        String group = "privet-references-" + java.util.UUID.randomUUID();
        ModelsDone listener = new ModelsDone(group, pr, models);
        spark.sc().addSparkListener(listener);
        spark.setJobGroup(group, "privet: " + models + " reference models", false);
        List<ModelOutput> outs;
        try {
            outs = spark.parallelize(tasks, models)
                    .map(new TrainOne(data, recipe, augs, referenceRng.seed(), lo, pool.numClasses(), faults))
                    .collect();
        } catch (RuntimeException e) {
            throw new IllegalStateException("reference training on Spark failed: " + rootMessage(e), e);
        } finally {
            spark.clearJobGroup();
            spark.sc().removeSparkListener(listener);
            data.destroy();
            pr.finish();
        }
        float[][][] logits = new float[models][][];
        double[][] probes = lo == null ? null : new double[models][];
        for (ModelOutput o : outs) {
            logits[o.model] = o.logits;
            if (probes != null) {
                probes[o.model] = o.probe;
            }
        }
        for (int m = 0; m < models; m++) {
            if (logits[m] == null) {
                throw new AssertionError("internal invariant: no output collected for reference model " + m);
            }
        }
        return new ReferenceOutputs(logits, masks, pool.numClasses(), augs, local.describe(), probes);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Names of built-in augmentations, checked to rebuild to themselves. */
    private static List<String> names(List<QueryAugmentation> augs) {
        List<String> out = new ArrayList<>(augs.size());
        for (QueryAugmentation q : augs) {
            QueryAugmentation rebuilt = augmentation(q.name());
            if (rebuilt == null || !rebuilt.name().equals(q.name())) {
                throw new IllegalArgumentException("query augmentation '" + q.name() + "' is not a built-in of "
                        + "QueryAugmentations and cannot be rebuilt on Spark executors (built-ins: identity, flip, "
                        + "shift(dx,dy), flip+shift(dx,dy))");
            }
            out.add(q.name());
        }
        return out;
    }

    /** The built-in augmentation of that name, or null. */
    static QueryAugmentation augmentation(String name) {
        if (name.equals("identity")) {
            return QueryAugmentations.identity();
        }
        if (name.equals("flip")) {
            return QueryAugmentations.horizontalFlip();
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(flip\\+)?shift\\((-?\\d+),(-?\\d+)\\)")
                .matcher(name);
        if (m.matches()) {
            int dx = Integer.parseInt(m.group(2));
            int dy = Integer.parseInt(m.group(3));
            return m.group(1) != null ? QueryAugmentations.flipThenShift(dx, dy) : QueryAugmentations.shift(dx, dy);
        }
        return null;
    }

    /** Reports one progress unit per reference-model task that succeeds (retried tasks count once, on success). */
    private static final class ModelsDone extends org.apache.spark.scheduler.SparkListener {
        private final String group;
        private final Progress progress;
        private final int models;
        private final java.util.Set<Integer> stages = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();

        ModelsDone(String group, Progress progress, int models) {
            this.group = group;
            this.progress = progress;
            this.models = models;
        }

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart e) {
            java.util.Properties p = e.properties();
            if (p != null && group.equals(p.getProperty("spark.jobGroup.id"))) {
                scala.collection.Iterator<Object> it = e.stageIds().iterator();
                while (it.hasNext()) {
                    stages.add((Integer) it.next());
                }
            }
        }

        @Override
        public void onTaskEnd(org.apache.spark.scheduler.SparkListenerTaskEnd e) {
            if (stages.contains(e.stageId()) && e.reason() instanceof org.apache.spark.Success$) {
                int d = done.incrementAndGet();
                progress.update(Math.min(d, models), "model trained on Spark");
            }
        }
    }

    /** Label-only options as data. */
    record LabelOnlySpec(List<String> augmentations, double noiseStd, int noiseQueries, long seed)
            implements Serializable {
        private static final long serialVersionUID = 1L;

        LabelOnly.Options options() {
            List<QueryAugmentation> a = new ArrayList<>();
            for (String n : augmentations) {
                a.add(augmentation(n));
            }
            return new LabelOnly.Options(a, noiseStd, noiseQueries);
        }
    }

    /** One model to train: its index and training rows. */
    record ModelTask(int model, int[] trainingIndices) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** What one model answered. */
    record ModelOutput(int model, float[][] logits, double[] probe) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The task body: train model m, query it on the pool. Serialisable; holds data only. */
    private static final class TrainOne implements Function<ModelTask, ModelOutput> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<PoolData> pool;
        private final RecipeSpec recipe;
        private final List<String> augmentations;
        private final long referenceSeed;
        private final LabelOnlySpec labelOnly;
        private final int classes;
        private final FaultInjection faults;

        TrainOne(Broadcast<PoolData> pool, RecipeSpec recipe, List<String> augmentations, long referenceSeed,
                LabelOnlySpec labelOnly, int classes, FaultInjection faults) {
            this.pool = pool;
            this.recipe = recipe;
            this.augmentations = List.copyOf(augmentations);
            this.referenceSeed = referenceSeed;
            this.labelOnly = labelOnly;
            this.classes = classes;
            this.faults = faults;
        }

        @Override
        public ModelOutput call(ModelTask task) {
            faults.maybeFail("reference model " + task.model());
            ModelOutput[] out = new ModelOutput[1];
            Parallel.sequential(() -> out[0] = trainAndQuery(task));
            return out[0];
        }

        private ModelOutput trainAndQuery(ModelTask task) {
            int m = task.model();
            Dataset all = pool.value().toDataset();
            ModelRecipe r = recipe.toRecipe();
            ProbabilisticClassifier model = r.train(all.subset(task.trainingIndices()),
                    Rng.of(referenceSeed).child("reference", m));
            if (model.numClasses() != classes) {
                throw new IllegalArgumentException("recipe '" + r.describe() + "' returned a model with "
                        + model.numClasses() + " classes; the pool has " + classes);
            }
            float[][] logits = new float[augmentations.size()][];
            for (int a = 0; a < logits.length; a++) {
                Tensor q = augmentation(augmentations.get(a)).apply(all.features());
                logits[a] = ReferenceTrainer.logitsOf(model, q);
                for (int k = 0; k < logits[a].length; k++) {
                    if (!Float.isFinite(logits[a][k])) {
                        throw new IllegalStateException("reference model " + m + " (" + r.describe()
                                + ") gave a non-finite output " + logits[a][k] + " for pool record " + k / classes
                                + " under " + augmentations.get(a) + ": training diverged; lower the learning rate");
                    }
                }
            }
            double[] probe = null;
            if (labelOnly != null) {
                probe = LabelOnly.scores(model, all.features(), all.labels(), labelOnly.options(),
                        Rng.of(labelOnly.seed()).child("model", m));
            }
            return new ModelOutput(m, logits, probe);
        }
    }
}
