package org.privet.attacks.infer.membership;

import java.util.List;
import java.util.Locale;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.ReferenceOutputs;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/**
 * The likelihood-ratio attack, LiRA (Carlini et al., "Membership Inference Attacks From First
 * Principles", S&amp;P 2022).
 *
 * <p>Signal: the logit-scaled confidence {@code phi = log(p_y / (1 - p_y))} ({@link ModelOutputs#phi}),
 * one value per query augmentation. For each candidate and augmentation {@code a}, the reference
 * models' signals are fitted by Gaussians: {@code N(mu_in, s_in^2)} over the models that trained on
 * the candidate and {@code N(mu_out, s_out^2)} over the others.
 * <ul>
 *   <li>online: score = mean over augmentations of
 *       {@code log N(phi_a; mu_in_a, s_in_a) - log N(phi_a; mu_out_a, s_out_a)};</li>
 *   <li>offline (OUT models only, one-sided test): score = mean over augmentations of
 *       {@code -log Pr[Z > phi_a]} for {@code Z ~ N(mu_out_a, s_out_a^2)}, i.e. large when the target's
 *       confidence is far above what models that did not see the candidate give it.</li>
 * </ul>
 * Per-example variance uses each candidate's own sample standard deviation (divisor n, as numpy's
 * {@code std}); fixed ("global") variance pools the within-candidate squared deviations of all
 * candidates (one {@code s_in}, one {@code s_out}), which needs fewer reference models. Standard
 * deviations are floored at {@value #MIN_STD}. Means are sample means (the reference code uses
 * medians; with the small reference counts used here the mean is the paper's estimator).
 *
 * <p>Minimum reference counts per candidate: online needs at least 2 IN and 2 OUT models with
 * per-example variance, 1 and 1 with fixed variance; offline needs 2 OUT (1 with fixed variance).
 * Stateless and thread safe.
 */
public final class Lira {
    /** Floor on fitted standard deviations (in units of phi). */
    public static final double MIN_STD = 1e-3;

    private Lira() {
    }

    /**
     * How to score.
     *
     * @param online        use IN and OUT Gaussians (needs references trained on the candidates)
     * @param fixedVariance one pooled variance instead of per-candidate variances
     */
    public record Options(boolean online, boolean fixedVariance) {
        /** Online, per-example variance: the paper's strongest setting. */
        public static Options onlineDefaults() {
            return new Options(true, false);
        }

        /** Offline, per-example variance. */
        public static Options offlineDefaults() {
            return new Options(false, false);
        }

        /** The attack's name in results: {@code lira-online} or {@code lira-offline}, with {@code -fixed} for fixed variance. */
        public String attackName() {
            return "lira-" + (online ? "online" : "offline") + (fixedVariance ? "-fixed" : "");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "online=%s fixedVariance=%s", online, fixedVariance);
        }
    }

    /**
     * Score-level LiRA on precomputed signals of any models.
     *
     * @param targetPhi    {@code [A][n]}: the target's phi on each of {@code n} candidates under each augmentation
     * @param referencePhi {@code [M][A][n]}: each reference model's phi on the same candidates and augmentations
     * @param in           {@code [M][n]}: whether reference model {@code m} trained on candidate {@code i}
     * @return one score per candidate, higher = more likely a member
     * @throws IllegalArgumentException on mismatched shapes, a non-finite signal, or too few IN/OUT
     *     references for a candidate (the message names the candidate and the counts)
     */
    public static double[] scores(double[][] targetPhi, double[][][] referencePhi, boolean[][] in, Options options) {
        int aug = targetPhi.length;
        if (aug == 0) {
            throw new IllegalArgumentException("LiRA: need the target's signal under at least one augmentation");
        }
        int n = targetPhi[0].length;
        int models = referencePhi.length;
        if (in.length != models) {
            throw new IllegalArgumentException("LiRA: " + models + " reference models but " + in.length + " in-masks");
        }
        for (int a = 0; a < aug; a++) {
            checkFinite(targetPhi[a], n, "target signal, augmentation " + a);
        }
        for (int m = 0; m < models; m++) {
            if (referencePhi[m].length != aug) {
                throw new IllegalArgumentException("LiRA: reference model " + m + " has " + referencePhi[m].length
                        + " augmentations, the target " + aug);
            }
            for (int a = 0; a < aug; a++) {
                checkFinite(referencePhi[m][a], n, "reference model " + m + " signal, augmentation " + a);
            }
            if (in[m].length != n) {
                throw new IllegalArgumentException("LiRA: in-mask of reference model " + m + " has " + in[m].length
                        + " entries for " + n + " candidates");
            }
        }
        int minIn = options.online() ? (options.fixedVariance() ? 1 : 2) : 0;
        int minOut = options.fixedVariance() ? 1 : 2;
        for (int i = 0; i < n; i++) {
            int ins = 0;
            for (int m = 0; m < models; m++) {
                if (in[m][i]) {
                    ins++;
                }
            }
            int outs = models - ins;
            if (ins < minIn || outs < minOut) {
                throw new IllegalArgumentException(String.format(Locale.ROOT,
                        "%s needs >= %d IN and >= %d OUT reference models per candidate; candidate %d has %d IN and "
                                + "%d OUT of %d%s", options.attackName(), minIn, minOut, i, ins, outs, models,
                        options.online() && ins < minIn ? " (online LiRA needs references trained on random halves "
                                + "of a pool that includes the candidates, and enough of them)" : ""));
            }
        }
        // per candidate and augmentation: means and squared deviations
        double[][] muIn = new double[aug][n];
        double[][] muOut = new double[aug][n];
        double[][] varIn = new double[aug][n];
        double[][] varOut = new double[aug][n];
        double pooledInSq = 0;
        double pooledOutSq = 0;
        long pooledIn = 0;
        long pooledOut = 0;
        for (int a = 0; a < aug; a++) {
            for (int i = 0; i < n; i++) {
                double sIn = 0;
                double sOut = 0;
                int cIn = 0;
                int cOut = 0;
                for (int m = 0; m < models; m++) {
                    double v = referencePhi[m][a][i];
                    if (in[m][i]) {
                        sIn += v;
                        cIn++;
                    } else {
                        sOut += v;
                        cOut++;
                    }
                }
                double mi = cIn == 0 ? Double.NaN : sIn / cIn;
                double mo = cOut == 0 ? Double.NaN : sOut / cOut;
                double qIn = 0;
                double qOut = 0;
                for (int m = 0; m < models; m++) {
                    double v = referencePhi[m][a][i];
                    if (in[m][i]) {
                        qIn += (v - mi) * (v - mi);
                    } else {
                        qOut += (v - mo) * (v - mo);
                    }
                }
                muIn[a][i] = mi;
                muOut[a][i] = mo;
                varIn[a][i] = cIn == 0 ? Double.NaN : qIn / cIn;
                varOut[a][i] = cOut == 0 ? Double.NaN : qOut / cOut;
                pooledInSq += qIn;
                pooledOutSq += qOut;
                pooledIn += cIn;
                pooledOut += cOut;
            }
        }
        double globalSdIn = pooledIn == 0 ? Double.NaN : Math.max(MIN_STD, Math.sqrt(pooledInSq / pooledIn));
        double globalSdOut = Math.max(MIN_STD, Math.sqrt(pooledOutSq / pooledOut));
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int a = 0; a < aug; a++) {
                double x = targetPhi[a][i];
                double sdOut = options.fixedVariance() ? globalSdOut : Math.max(MIN_STD, Math.sqrt(varOut[a][i]));
                if (options.online()) {
                    double sdIn = options.fixedVariance() ? globalSdIn : Math.max(MIN_STD, Math.sqrt(varIn[a][i]));
                    s += Gaussian.logPdf(x, muIn[a][i], sdIn) - Gaussian.logPdf(x, muOut[a][i], sdOut);
                } else {
                    s -= Gaussian.logUpperTail((x - muOut[a][i]) / sdOut);
                }
            }
            score[i] = s / aug;
        }
        return score;
    }

    /**
     * LiRA on a target model: queries {@code target} on the candidates under each augmentation and
     * scores them against reference outputs on the same pool.
     *
     * @param target        the model under audit
     * @param poolFeatures  the reference pool's features {@code [n, ...]} (row {@code i} is pool record {@code i})
     * @param poolLabels    the pool's labels
     * @param references    reference outputs over that pool (same augmentations, same order)
     * @param augmentations the query augmentations the references were queried with
     * @param candidates    pool indices of the records to score
     */
    public static double[] attack(ProbabilisticClassifier target, Tensor poolFeatures, int[] poolLabels,
            ReferenceOutputs references, List<QueryAugmentation> augmentations, int[] candidates, Options options) {
        if (poolFeatures.dim(0) != references.records()) {
            throw new IllegalArgumentException("LiRA: pool features have " + poolFeatures.dim(0)
                    + " rows but the references cover " + references.records() + " pool records");
        }
        int[] y = candidateLabels(poolLabels, candidates, references.records());
        ModelOutputs[] t = TargetQueries.query(target, poolFeatures, augmentations, candidates);
        return scores(t, y, references, candidates, options);
    }

    /**
     * LiRA from outputs: {@code target[a]} holds the target's outputs on the candidates (in the order
     * of {@code candidates}) under augmentation {@code a}; the references are read at the candidates'
     * pool indices.
     */
    public static double[] scores(ModelOutputs[] target, int[] candidateLabels, ReferenceOutputs references,
            int[] candidates, Options options) {
        checkCandidates(candidates, references.records(), "LiRA");
        if (target.length != references.augmentations()) {
            throw new IllegalArgumentException("LiRA: target queried under " + target.length
                    + " augmentations, references under " + references.augmentations());
        }
        int aug = target.length;
        int m = references.models();
        double[][] tp = new double[aug][];
        for (int a = 0; a < aug; a++) {
            if (target[a].size() != candidates.length) {
                throw new IllegalArgumentException("LiRA: target outputs cover " + target[a].size() + " records for "
                        + candidates.length + " candidates");
            }
            tp[a] = target[a].phi(candidateLabels);
        }
        double[][][] rp = new double[m][aug][];
        boolean[][] in = new boolean[m][candidates.length];
        for (int j = 0; j < m; j++) {
            for (int a = 0; a < aug; a++) {
                rp[j][a] = ModelOutputs.ofLogits(references.logits(j, a), references.classes()).rows(candidates)
                        .phi(candidateLabels);
            }
            for (int k = 0; k < candidates.length; k++) {
                in[j][k] = references.masks().isIn(j, candidates[k]);
            }
        }
        return scores(tp, rp, in, options);
    }

    static int[] candidateLabels(int[] poolLabels, int[] candidates, int records) {
        if (poolLabels.length != records) {
            throw new IllegalArgumentException("need one label per pool record (" + records + "). Provided: "
                    + poolLabels.length);
        }
        checkCandidates(candidates, records, "candidates");
        int[] y = new int[candidates.length];
        for (int k = 0; k < y.length; k++) {
            y[k] = poolLabels[candidates[k]];
        }
        return y;
    }

    static void checkCandidates(int[] candidates, int records, String who) {
        if (candidates.length == 0) {
            throw new IllegalArgumentException(who + ": need at least one candidate");
        }
        for (int k = 0; k < candidates.length; k++) {
            if (candidates[k] < 0 || candidates[k] >= records) {
                throw new IllegalArgumentException(who + ": candidate " + k + " has pool index " + candidates[k]
                        + ", outside the reference pool [0, " + records + ")");
            }
        }
    }

    private static void checkFinite(double[] v, int n, String what) {
        if (v.length != n) {
            throw new IllegalArgumentException("LiRA: " + what + " has " + v.length + " values for " + n + " candidates");
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("LiRA: " + what + ", candidate " + i + " must be finite. "
                        + "Provided value: " + v[i]);
            }
        }
    }
}
