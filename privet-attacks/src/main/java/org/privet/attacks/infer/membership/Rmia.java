package org.privet.attacks.infer.membership;

import java.util.Arrays;
import java.util.Locale;
import org.privet.attacks.reference.ReferenceOutputs;

/**
 * The robust membership inference attack, RMIA (Zarifzadeh et al., "Low-Cost High-Power Membership
 * Inference Attacks", ICML 2024).
 *
 * <p>Signal: {@code Pr(x|theta)}, the probability the model gives to {@code x}'s true label, averaged
 * over query augmentations. {@code Pr(x)} is its average over reference models:
 * <ul>
 *   <li>online: the mean over all reference models (each record IN for about half of them);</li>
 *   <li>offline (only models that did not train on the record): the paper's linear approximation of
 *       the missing IN models, {@code Pr(x) = ((1 + a) / 2) * mean_OUT(x) + (1 - a) / 2}.</li>
 * </ul>
 * The same rule gives {@code Pr(z)} for each population record {@code z} (offline: over the models
 * for which {@code z} is OUT; a {@code z} that is IN for every model is dropped). With
 * {@code LR(x, z) = (Pr(x|theta) / Pr(x)) / (Pr(z|theta) / Pr(z))}, the score of {@code x} is the
 * fraction of population records {@code z} with {@code LR(x, z) > gamma}, in [0, 1]. One reference
 * model suffices offline. Cost: {@code O((n + |Z|) log |Z|)} after the signals (sorted ratios and
 * binary search, not the {@code n x |Z|} matrix).
 *
 * <p>Stateless and thread safe.
 */
public final class Rmia {
    private Rmia() {
    }

    /**
     * @param online whether the references include models trained on each candidate
     * @param a      offline approximation coefficient in [0, 1] (ignored online); the paper tunes it per data set,
     *               0.3 is a typical value
     * @param gamma  likelihood-ratio threshold, &gt; 0 (the paper uses 1 to 2)
     */
    public record Options(boolean online, double a, double gamma) {
        public Options {
            if (!(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException("RMIA a must be in [0, 1]. Provided value: " + a);
            }
            if (!(gamma > 0) || Double.isInfinite(gamma)) {
                throw new IllegalArgumentException("RMIA gamma must be > 0 and finite. Provided value: " + gamma);
            }
        }

        /** Online, gamma = 1. */
        public static Options onlineDefaults() {
            return new Options(true, 0.3, 1.0);
        }

        /** Offline, a = 0.3, gamma = 1. */
        public static Options offlineDefaults() {
            return new Options(false, 0.3, 1.0);
        }

        /** {@code rmia-online} or {@code rmia-offline}. */
        public String attackName() {
            return "rmia-" + (online ? "online" : "offline");
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "online=%s a=%s gamma=%s", online, a, gamma);
        }
    }

    /**
     * Score-level RMIA on precomputed true-label probabilities of any models.
     *
     * @param targetX    {@code [n]}: target's {@code Pr(x|theta)} per candidate, in [0, 1]
     * @param referenceX {@code [M][n]}: each reference model's probability on the candidates
     * @param inX        {@code [M][n]}: whether reference model {@code m} trained on candidate {@code i}
     * @param targetZ    {@code [k]}: target's probability on each population record
     * @param referenceZ {@code [M][k]}
     * @param inZ        {@code [M][k]}
     * @return one score per candidate in [0, 1], higher = more likely a member
     * @throws IllegalArgumentException on mismatched shapes, probabilities outside [0, 1], no usable
     *     population record, or (offline) a candidate with no OUT reference model
     */
    public static double[] scores(double[] targetX, double[][] referenceX, boolean[][] inX, double[] targetZ,
            double[][] referenceZ, boolean[][] inZ, Options options) {
        int models = referenceX.length;
        if (models == 0) {
            throw new IllegalArgumentException("RMIA needs at least one reference model");
        }
        if (referenceZ.length != models || inX.length != models || inZ.length != models) {
            throw new IllegalArgumentException("RMIA: reference arrays disagree on the number of models: " + models
                    + " (candidates), " + referenceZ.length + " (population), masks " + inX.length + " and "
                    + inZ.length);
        }
        double[] px = marginal(targetX, referenceX, inX, options, "candidate", true);
        double[] pz = marginal(targetZ, referenceZ, inZ, options, "population record", false);
        int k = 0;
        double[] ratioZ = new double[pz.length];
        for (int j = 0; j < pz.length; j++) {
            if (!Double.isNaN(pz[j])) {
                ratioZ[k++] = targetZ[j] / pz[j];
            }
        }
        if (k == 0) {
            throw new IllegalArgumentException("RMIA needs at least one population record z"
                    + (options.online() ? "" : " that is OUT for some reference model"));
        }
        double[] sorted = Arrays.copyOf(ratioZ, k);
        Arrays.sort(sorted);
        double[] score = new double[targetX.length];
        for (int i = 0; i < score.length; i++) {
            double rx = targetX[i] / px[i];
            // LR(x, z) > gamma  <=>  ratio_z < ratio_x / gamma (ratios are >= 0)
            double bound = rx / options.gamma();
            score[i] = (double) countBelow(sorted, bound) / k;
        }
        return score;
    }

    /** Number of entries of ascending {@code a} strictly below {@code v}. */
    private static int countBelow(double[] a, double v) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Pr(.) per record; NaN for a population record without OUT model offline. */
    private static double[] marginal(double[] target, double[][] ref, boolean[][] in, Options o, String what,
            boolean strict) {
        int n = target.length;
        checkProbabilities(target, n, "target " + what + " probabilities");
        for (int m = 0; m < ref.length; m++) {
            checkProbabilities(ref[m], n, "reference model " + m + " " + what + " probabilities");
            if (in[m].length != n) {
                throw new IllegalArgumentException("RMIA: in-mask of reference model " + m + " has " + in[m].length
                        + " entries for " + n + " " + what + "s");
            }
        }
        double[] p = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            int c = 0;
            for (int m = 0; m < ref.length; m++) {
                if (o.online() || !in[m][i]) {
                    s += ref[m][i];
                    c++;
                }
            }
            if (c == 0) {
                if (strict) {
                    throw new IllegalArgumentException("offline RMIA needs >= 1 OUT reference model per candidate; "
                            + "candidate " + i + " is IN for all " + ref.length);
                }
                p[i] = Double.NaN;
                continue;
            }
            double mean = s / c;
            double v = o.online() ? mean : (1 + o.a()) / 2 * mean + (1 - o.a()) / 2;
            // a zero marginal (every reference model certain the label is wrong) would divide by zero
            p[i] = Math.max(v, Double.MIN_NORMAL);
        }
        return p;
    }

    private static void checkProbabilities(double[] v, int n, String what) {
        if (v.length != n) {
            throw new IllegalArgumentException("RMIA: " + what + " has " + v.length + " values, expected " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!(v[i] >= 0 && v[i] <= 1)) {
                throw new IllegalArgumentException("RMIA: " + what + " [" + i + "] must be in [0, 1]. Provided value: "
                        + v[i]);
            }
        }
    }

    /**
     * RMIA from outputs: {@code targetX[a]} / {@code targetZ[a]} hold the target's outputs on the
     * candidates / population records (in the order of {@code candidates} / {@code population}) under
     * augmentation {@code a}; reference outputs are read at the pool indices. Probabilities are
     * averaged over augmentations.
     */
    public static double[] scores(ModelOutputs[] targetX, ModelOutputs[] targetZ, int[] poolLabels,
            ReferenceOutputs references, int[] candidates, int[] population, Options options) {
        Lira.checkCandidates(candidates, references.records(), "RMIA");
        Lira.checkCandidates(population, references.records(), "RMIA population");
        int[] yx = Lira.candidateLabels(poolLabels, candidates, references.records());
        int[] yz = Lira.candidateLabels(poolLabels, population, references.records());
        double[] tx = averaged(targetX, yx);
        double[] tz = averaged(targetZ, yz);
        int models = references.models();
        double[][] rx = new double[models][];
        double[][] rz = new double[models][];
        boolean[][] ix = new boolean[models][candidates.length];
        boolean[][] iz = new boolean[models][population.length];
        for (int m = 0; m < models; m++) {
            ModelOutputs[] ox = new ModelOutputs[references.augmentations()];
            ModelOutputs[] oz = new ModelOutputs[references.augmentations()];
            for (int a = 0; a < ox.length; a++) {
                ModelOutputs all = ModelOutputs.ofLogits(references.logits(m, a), references.classes());
                ox[a] = all.rows(candidates);
                oz[a] = all.rows(population);
            }
            rx[m] = averaged(ox, yx);
            rz[m] = averaged(oz, yz);
            for (int k = 0; k < candidates.length; k++) {
                ix[m][k] = references.masks().isIn(m, candidates[k]);
            }
            for (int k = 0; k < population.length; k++) {
                iz[m][k] = references.masks().isIn(m, population[k]);
            }
        }
        return scores(tx, rx, ix, tz, rz, iz, options);
    }

    private static double[] averaged(ModelOutputs[] outs, int[] labels) {
        double[] s = new double[labels.length];
        for (ModelOutputs o : outs) {
            if (o.size() != labels.length) {
                throw new IllegalArgumentException("RMIA: outputs cover " + o.size() + " records, expected "
                        + labels.length);
            }
            double[] p = o.trueClassProbability(labels);
            for (int i = 0; i < s.length; i++) {
                s[i] += p[i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] /= outs.length;
        }
        return s;
    }
}
