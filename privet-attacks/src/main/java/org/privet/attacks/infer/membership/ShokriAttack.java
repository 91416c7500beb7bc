package org.privet.attacks.infer.membership;

import java.util.Locale;
import org.privet.attacks.reference.ReferenceOutputs;
import org.privet.core.model.LogisticRegression;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * The shadow-model attack of Shokri et al. ("Membership Inference Attacks Against Machine Learning
 * Models", S&amp;P 2017).
 *
 * <p>Shadow models are trained like the target on data disjoint from the target's (see
 * {@link org.privet.attacks.reference.ReferenceTrainer}); each shadow record then gives one attack
 * training example: the shadow model's prediction vector (class probabilities), labelled "in" when
 * the shadow model trained on the record and "out" otherwise. One binary attack model per class
 * label is trained on the examples of that class: multinomial logistic regression or a small MLP
 * ({@link AttackModel}). A candidate's score is the attack model of its class's probability of
 * "in" given the target's prediction vector, in [0, 1]; the hard decision is {@code score >= 0.5}.
 * A class without both in and out shadow examples falls back to one attack model trained on all
 * classes.
 *
 * <p>A fitted attack is immutable and its scoring is thread safe.
 */
public final class ShokriAttack {
    /** The attack model family. */
    public enum AttackModel {
        /** Binary logistic regression (L-BFGS) on the prediction vector. */
        LOGISTIC,
        /** A ReLU MLP c -> hidden -> 2 trained with Adam. */
        MLP;

        /** {@code logistic} or {@code mlp} (case-insensitive). */
        public static AttackModel parse(String s) {
            for (AttackModel m : values()) {
                if (m.name().equalsIgnoreCase(s) || (m == LOGISTIC && "lr".equalsIgnoreCase(s))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("shokri attack model must be logistic or mlp. Provided value: " + s);
        }
    }

    /**
     * @param model   attack model family
     * @param l2      L2 penalty of the logistic model, &gt;= 0
     * @param hidden  hidden width of the MLP, &gt;= 1
     * @param epochs  MLP training epochs, &gt;= 1
     */
    public record Options(AttackModel model, double l2, int hidden, int epochs) {
        public Options {
            if (model == null) {
                throw new IllegalArgumentException("shokri attack model must not be null");
            }
            if (!(l2 >= 0) || Double.isInfinite(l2)) {
                throw new IllegalArgumentException("shokri l2 must be >= 0 and finite. Provided value: " + l2);
            }
            if (hidden < 1 || epochs < 1) {
                throw new IllegalArgumentException("shokri MLP hidden width and epochs must be >= 1. Provided values: "
                        + hidden + ", " + epochs);
            }
        }

        /** Logistic regression with l2 = 1e-4. */
        public static Options defaults() {
            return new Options(AttackModel.LOGISTIC, 1e-4, 64, 40);
        }

        /** This configuration with another attack model family. */
        public Options withModel(AttackModel m) {
            return new Options(m, l2, hidden, epochs);
        }

        @Override
        public String toString() {
            return model == AttackModel.LOGISTIC ? "model=logistic l2=" + l2
                    : String.format(Locale.ROOT, "model=mlp hidden=%d epochs=%d", hidden, epochs);
        }
    }

    /** One binary "in" scorer. */
    private interface Scorer {
        double[] probabilityIn(Tensor features);
    }

    private final int classes;
    private final Scorer[] perClass;
    private final Options options;
    private final int trainingExamples;

    private ShokriAttack(int classes, Scorer[] perClass, Options options, int trainingExamples) {
        this.classes = classes;
        this.perClass = perClass;
        this.options = options;
        this.trainingExamples = trainingExamples;
    }

    /**
     * Fits the attack on shadow outputs: record {@code shadowRecords[k]} of the pool, seen by every
     * shadow model, is one example per model, "in" when the model's mask says it trained on it. The
     * first query augmentation is used. Pass only records disjoint from the target's candidates.
     */
    public static ShokriAttack fit(ReferenceOutputs shadows, int[] poolLabels, int[] shadowRecords, Options options,
            Rng rng) {
        Lira.checkCandidates(shadowRecords, shadows.records(), "Shokri shadow records");
        int[] y = Lira.candidateLabels(poolLabels, shadowRecords, shadows.records());
        int m = shadows.models();
        int n = shadowRecords.length;
        int c = shadows.classes();
        float[] logits = new float[m * n * c];
        int[] labels = new int[m * n];
        boolean[] in = new boolean[m * n];
        for (int j = 0; j < m; j++) {
            float[] z = shadows.logits(j, 0);
            for (int k = 0; k < n; k++) {
                int r = j * n + k;
                System.arraycopy(z, shadowRecords[k] * c, logits, r * c, c);
                labels[r] = y[k];
                in[r] = shadows.masks().isIn(j, shadowRecords[k]);
            }
        }
        return fit(ModelOutputs.ofLogits(logits, c), labels, in, options, rng);
    }

    /**
     * Score-level fit: one attack example per row of {@code shadowOutputs} (outputs of any shadow
     * models), with its true label and whether its shadow model trained on it.
     *
     * @throws IllegalArgumentException on mismatched lengths or when there is no in or no out example
     */
    public static ShokriAttack fit(ModelOutputs shadowOutputs, int[] labels, boolean[] isIn, Options options,
            Rng rng) {
        int n = shadowOutputs.size();
        int c = shadowOutputs.numClasses();
        if (labels.length != n || isIn.length != n) {
            throw new IllegalArgumentException("Shokri: " + n + " shadow outputs but " + labels.length + " labels and "
                    + isIn.length + " membership flags");
        }
        float[] feats = probabilities(shadowOutputs);
        int[] counts = new int[c];
        int[] ins = new int[c];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("Shokri: label " + labels[i] + " of shadow example " + i
                        + " is outside [0, " + c + ")");
            }
            counts[labels[i]]++;
            if (isIn[i]) {
                ins[labels[i]]++;
            }
        }
        int allIn = 0;
        for (int v : ins) {
            allIn += v;
        }
        if (allIn == 0 || allIn == n) {
            throw new IllegalArgumentException("Shokri: shadow data need both in and out examples. Provided: " + allIn
                    + " in of " + n);
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        Scorer fallback = null;
        Scorer[] per = new Scorer[c];
        for (int k = 0; k < c; k++) {
            if (ins[k] == 0 || ins[k] == counts[k]) {
                if (fallback == null) {
                    fallback = train(feats, c, isIn, all, options, rng.child("attack-model", c));
                }
                per[k] = fallback;
                continue;
            }
            int[] idx = new int[counts[k]];
            int f = 0;
            for (int i = 0; i < n; i++) {
                if (labels[i] == k) {
                    idx[f++] = i;
                }
            }
            per[k] = train(feats, c, isIn, idx, options, rng.child("attack-model", k));
        }
        return new ShokriAttack(c, per, options, n);
    }

    private static Scorer train(float[] feats, int c, boolean[] isIn, int[] idx, Options o, Rng rng) {
        float[] x = new float[idx.length * c];
        int[] y = new int[idx.length];
        for (int k = 0; k < idx.length; k++) {
            System.arraycopy(feats, idx[k] * c, x, k * c, c);
            y[k] = isIn[idx[k]] ? 1 : 0;
        }
        Tensor xt = Tensor.wrap(x, idx.length, c);
        if (o.model() == AttackModel.LOGISTIC) {
            LogisticRegression lr = LogisticRegression.fit(xt, y, 2,
                    LogisticRegression.Options.defaults().withL2(o.l2()));
            return f -> column1(lr.predictProba(f));
        }
        Sequential net = Networks.mlp(rng.child("init"), c, new int[] {o.hidden()}, 2);
        Trainer.fit(net, xt, y, TrainConfig.adam(1e-3f, o.epochs(), 32, rng.child("shuffle").nextLong()),
                Progress.NONE);
        NetworkClassifier nc = new NetworkClassifier(net, new int[] {c}, 2);
        return f -> column1(nc.predictProba(f));
    }

    private static double[] column1(Tensor p) {
        double[] out = new double[p.dim(0)];
        float[] d = p.data();
        for (int i = 0; i < out.length; i++) {
            out[i] = d[i * 2 + 1];
        }
        return out;
    }

    private static float[] probabilities(ModelOutputs o) {
        return Tensor.wrap(o.logits(), o.size(), o.numClasses()).softmax().data();
    }

    /** Probability of "member" for each target output row with its true label, in [0, 1]. */
    public double[] scores(ModelOutputs target, int[] labels) {
        if (target.numClasses() != classes) {
            throw new IllegalArgumentException("Shokri: attack fitted for " + classes + " classes, target outputs have "
                    + target.numClasses());
        }
        if (labels.length != target.size()) {
            throw new IllegalArgumentException("Shokri: " + target.size() + " target outputs but " + labels.length
                    + " labels");
        }
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("Shokri: label " + l + " is outside [0, " + classes + ")");
            }
        }
        float[] feats = probabilities(target);
        double[] out = new double[labels.length];
        for (int k = 0; k < classes; k++) {
            int cnt = 0;
            for (int l : labels) {
                if (l == k) {
                    cnt++;
                }
            }
            if (cnt == 0) {
                continue;
            }
            int[] idx = new int[cnt];
            float[] x = new float[cnt * classes];
            int f = 0;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    System.arraycopy(feats, i * classes, x, f * classes, classes);
                    idx[f++] = i;
                }
            }
            double[] p = perClass[k].probabilityIn(Tensor.wrap(x, cnt, classes));
            for (int j = 0; j < cnt; j++) {
                out[idx[j]] = p[j];
            }
        }
        return out;
    }

    /** Hard decisions: member iff {@link #scores} &gt;= 0.5. */
    public boolean[] decide(ModelOutputs target, int[] labels) {
        double[] s = scores(target, labels);
        boolean[] d = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            d[i] = s[i] >= 0.5;
        }
        return d;
    }

    public Options options() {
        return options;
    }

    /** Number of attack training examples (shadow records times shadow models). */
    public int trainingExamples() {
        return trainingExamples;
    }
}
