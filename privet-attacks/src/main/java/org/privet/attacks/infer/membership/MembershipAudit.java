package org.privet.attacks.infer.membership;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.privet.attacks.reference.ModelProbe;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.ReferenceMasks;
import org.privet.attacks.reference.ReferenceOutputs;
import org.privet.attacks.reference.ReferenceTrainer;
import org.privet.core.data.Dataset;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;

/**
 * One entry point for a membership audit: train reference models (if any attack needs them), query
 * the target, run every requested attack, return per-attack scores over the candidates with their
 * provenance.
 *
 * <p>Flow: pool = candidates followed by population; masks from
 * {@code ReferenceMasks.online/offline(pool, references, Rng.of(seed).child("references"))}; models
 * trained by {@link ReferenceTrainer} with the request's recipe and query augmentations; then each
 * attack:
 * <ul>
 *   <li>baselines on the target's first-augmentation outputs; with thresholds, chosen on the
 *       reference models' scores of the pool records (IN vs OUT by the masks, {@link Thresholds}),
 *       per class for {@code PER_CLASS} (scores then calibrated as {@code score - threshold(label)});</li>
 *   <li>{@link Lira} and {@link Rmia} (population records are RMIA's z);</li>
 *   <li>{@link ShokriAttack} fitted on the reference models' outputs of the population records only
 *       (never the candidates). In online mode those shadow models also trained on half of the
 *       candidates, which the paper's attacker could not do; use offline mode for the strict setting;</li>
 *   <li>{@link LabelOnly} querying the target's labels; with thresholds, each reference model's
 *       label-only scores of the pool records are measured while it is trained (a
 *       {@link ModelProbe}) and the threshold is fitted on them.</li>
 * </ul>
 * Same request, same seed: same scores bit for bit, whatever the number of threads.
 *
 * <p>Progress: the reference training task (one unit per model), then an "attacks" task (one unit
 * per attack). Thread safe (no shared state).
 */
public final class MembershipAudit {
    private MembershipAudit() {
    }

    /**
     * Runs the audit.
     *
     * @throws IllegalStateException when reference training fails (cause chained)
     */
    public static AuditResult run(AuditRequest request, Progress progress) {
        return run(request, progress, LOCAL);
    }

    /**
     * How an audit's reference models get trained: on this machine ({@link #run(AuditRequest, Progress)},
     * {@link ReferenceTrainer} on {@code request.threads()} threads) or elsewhere, e.g. one Spark task per model.
     *
     * <p>Contract, so that every implementation gives the local result bit for bit: model {@code m} trains with
     * {@code request.recipe().train(pool.subset(masks.trainingIndices(m)), referenceRng.child("reference", m))}
     * and is queried on every pool record under every {@code request.augmentations()} (logits as
     * {@link ReferenceTrainer#logitsOf}); when {@code labelOnlyRng} is not null, its probe value per pool record is
     * {@code LabelOnly.scores(model, pool.features(), pool.labels(), request.labelOnly(),
     * labelOnlyRng.child("model", m))}. The outputs keep the models' order.
     */
    @FunctionalInterface
    public interface ReferenceTraining {
        /**
         * @param request      the audit request (recipe, augmentations, label-only options, threads)
         * @param pool         candidates followed by population; row {@code i} is record {@code i} of the masks
         * @param masks        which pool records each model trains on
         * @param referenceRng the audit's {@code Rng.of(seed).child("references")}
         * @param labelOnlyRng the audit's {@code Rng.of(seed).child("label-only-reference")} when label-only
         *                     thresholds need per-model robustness scores, else null
         * @param progress     one unit per finished model
         */
        ReferenceOutputs train(AuditRequest request, Dataset pool, ReferenceMasks masks, Rng referenceRng,
                Rng labelOnlyRng, Progress progress);
    }

    /** The local training: {@link ReferenceTrainer} on {@code request.threads()} threads. */
    private static final ReferenceTraining LOCAL = (request, pool, masks, rr, lr, pr) -> {
        ModelProbe probe = null;
        if (lr != null) {
            // label-only robustness of every pool record under each reference model, for its threshold
            int[] poolLabels = pool.labels();
            probe = (model, index) -> LabelOnly.scores(model, pool.features(), poolLabels, request.labelOnly(),
                    lr.child("model", index));
        }
        return ReferenceTrainer.train(pool, masks, request.recipe(), request.augmentations(), rr, request.threads(),
                probe, pr);
    };

    /**
     * Runs the audit with the reference models trained by {@code training} (see {@link ReferenceTraining} for the
     * contract that keeps the result identical to {@link #run(AuditRequest, Progress)}).
     *
     * @throws IllegalStateException when reference training fails (cause chained)
     */
    public static AuditResult run(AuditRequest request, Progress progress, ReferenceTraining training) {
        java.util.Objects.requireNonNull(training, "training");
        Progress pr = progress == null ? Progress.NONE : progress;
        Rng rng = Rng.of(request.seed());
        Dataset cand = request.candidates();
        Dataset pop = request.population();
        int nc = cand.size();
        int np = pop == null ? 0 : pop.size();
        Dataset pool = np == 0 ? cand : Dataset.concat(cand.name() + "+population", cand, pop);
        int[] poolLabels = pool.labels();
        int[] candIdx = range(0, nc);
        int[] popIdx = range(nc, nc + np);
        boolean online = request.referenceMode() == AuditRequest.ReferenceMode.ONLINE;
        List<QueryAugmentation> augs = request.augmentations();

        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("seed", Long.toString(request.seed()));
        prov.put("candidates", Integer.toString(nc));
        prov.put("population", Integer.toString(np));
        prov.put("candidatesHash", cand.contentHash());
        prov.put("augmentations", augs.stream().map(QueryAugmentation::name).toList().toString());

        ReferenceOutputs refs = request.needsReferences() ? trainReferences(request, pool, candIdx, rng, training,
                pr) : null;
        if (refs != null) {
            prov.put("referenceMode", online ? "online" : "offline");
            prov.put("references", Integer.toString(request.references()));
            prov.put("recipe", request.recipe().describe());
        }

        ModelOutputs[] targetCand = TargetQueries.query(request.target(), pool.features(), augs, candIdx);
        ModelOutputs[] targetPop = np == 0 ? null : TargetQueries.query(request.target(), pool.features(), augs,
                popIdx);
        int[] yc = cand.labels();
        int m = refs == null ? 0 : refs.models();

        List<AttackResult> results = new ArrayList<>();
        pr.start("membership attacks", request.attacks().size());
        try {
            int done = 0;
            for (String a : request.attacks()) {
                Map<String, String> p = new LinkedHashMap<>();
                AttackResult r;
                switch (a) {
                    case "loss", "confidence", "entropy", "mentr" -> {
                        Baselines.Signal s = Baselines.Signal.parse(a);
                        double[] scores = s.scores(targetCand[0], yc);
                        p.put("signal", s.id());
                        p.put("query", augs.get(0).name());
                        boolean[] decisions = null;
                        int used = 0;
                        if (request.thresholds() != AuditRequest.ThresholdMode.NONE) {
                            Thresholds t = shadowThresholds(refs, poolLabels,
                                    j -> s.scores(ModelOutputs.ofLogits(refs.logits(j, 0), refs.classes()), poolLabels),
                                    request.thresholds() == AuditRequest.ThresholdMode.PER_CLASS);
                            decisions = t.decide(scores, yc);
                            scores = t.calibrate(scores, yc);
                            p.put("thresholds", describe(request.thresholds(), t));
                            used = m;
                        }
                        r = new AttackResult(a, scores, used, p, decisions);
                    }
                    case "lira-online", "lira-offline" -> {
                        Lira.Options o = new Lira.Options(a.equals("lira-online"), request.liraFixedVariance());
                        p.put("variance", o.fixedVariance() ? "fixed (pooled)" : "per-example");
                        p.put("signal", "phi = log(p_y / (1 - p_y)) from logits");
                        p.put("augmentations", Integer.toString(augs.size()));
                        p.put("referenceMode", online ? "online" : "offline");
                        r = new AttackResult(a, Lira.scores(targetCand, yc, refs, candIdx, o), m, p, null);
                    }
                    case "rmia-online", "rmia-offline" -> {
                        Rmia.Options o = request.rmia(a.equals("rmia-online"));
                        if (!o.online()) {
                            p.put("a", Double.toString(o.a()));
                        }
                        p.put("gamma", Double.toString(o.gamma()));
                        p.put("populationZ", Integer.toString(np));
                        p.put("referenceMode", online ? "online" : "offline");
                        r = new AttackResult(a, Rmia.scores(targetCand, targetPop, poolLabels, refs, candIdx, popIdx, o),
                                m, p, null);
                    }
                    case "shokri" -> {
                        ShokriAttack sa = ShokriAttack.fit(refs, poolLabels, popIdx, request.shokri(),
                                rng.child("shokri"));
                        p.put("attackModel", request.shokri().toString());
                        p.put("shadowExamples", Integer.toString(sa.trainingExamples()));
                        p.put("shadowMode", online ? "online (shadows also saw half the candidates)" : "offline");
                        double[] s = sa.scores(targetCand[0], yc);
                        boolean[] d = new boolean[s.length];
                        for (int i = 0; i < s.length; i++) {
                            d[i] = s[i] >= 0.5;
                        }
                        r = new AttackResult(a, s, m, p, d);
                    }
                    case "label-only" -> {
                        LabelOnly.Options o = request.labelOnly();
                        p.put("perturbations", o.toString());
                        double[] scores = LabelOnly.scores(request.target(), cand.features(), yc, o,
                                rng.child("label-only"));
                        boolean[] decisions = null;
                        int used = 0;
                        if (request.thresholds() != AuditRequest.ThresholdMode.NONE) {
                            Thresholds t = shadowThresholds(refs, poolLabels, refs::probe,
                                    request.thresholds() == AuditRequest.ThresholdMode.PER_CLASS);
                            decisions = t.decide(scores, yc);
                            scores = t.calibrate(scores, yc);
                            p.put("thresholds", describe(request.thresholds(), t));
                            used = m;
                        }
                        r = new AttackResult(a, scores, used, p, decisions);
                    }
                    default -> throw new AssertionError("internal invariant: unresolved attack name " + a);
                }
                results.add(r);
                pr.update(++done, a);
            }
        } finally {
            pr.finish();
        }
        return new AuditResult(results, refs, prov);
    }

    private static ReferenceOutputs trainReferences(AuditRequest request, Dataset pool, int[] candIdx, Rng rng,
            ReferenceTraining training, Progress pr) {
        boolean online = request.referenceMode() == AuditRequest.ReferenceMode.ONLINE;
        Rng rr = rng.child("references");
        ReferenceMasks masks = online ? ReferenceMasks.online(pool.size(), request.references(), rr)
                : ReferenceMasks.offline(pool.size(), request.references(), candIdx, rr);
        Rng lr = request.attacks().contains("label-only") && request.thresholds() != AuditRequest.ThresholdMode.NONE
                ? rng.child("label-only-reference") : null;
        return training.train(request, pool, masks, rr, lr, pr);
    }

    /** Thresholds fitted on every reference model's scores of every pool record, IN vs OUT. */
    private static Thresholds shadowThresholds(ReferenceOutputs refs, int[] poolLabels,
            java.util.function.IntFunction<double[]> scoresOfModel, boolean perClass) {
        int n = refs.records();
        int models = refs.models();
        double[] scores = new double[models * n];
        boolean[] in = new boolean[models * n];
        int[] labels = new int[models * n];
        for (int j = 0; j < models; j++) {
            double[] sj = scoresOfModel.apply(j);
            System.arraycopy(sj, 0, scores, j * n, n);
            System.arraycopy(poolLabels, 0, labels, j * n, n);
            for (int i = 0; i < n; i++) {
                in[j * n + i] = refs.masks().isIn(j, i);
            }
        }
        return Thresholds.fit(scores, in, labels, refs.classes(), perClass);
    }

    private static String describe(AuditRequest.ThresholdMode mode, Thresholds t) {
        return mode.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
                + (t.isPerClass() ? "" : " (" + t.global() + ")") + ", chosen on the reference models";
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
