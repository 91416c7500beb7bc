package org.privet.attacks.invert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.model.DecisionTree;
import org.privet.core.model.LogisticRegression;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Inversion and attribute inference on targets where the answer is known. Deterministic (fixed seeds, no
 * sampling in the white-box path): the thresholds had margins of 2+ classes / 10+ points when written.
 */
class InversionTest {
    private static final int CLASSES = 6;

    /** Pearson correlation of two equal-length vectors. */
    private static double corr(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= a.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    private static float[][] classMeans(Tensor x, int[] y, int classes) {
        int d = x.size() / x.dim(0);
        float[][] m = new float[classes][d];
        int[] n = new int[classes];
        for (int i = 0; i < y.length; i++) {
            n[y[i]]++;
            for (int j = 0; j < d; j++) {
                m[y[i]][j] += x.data()[i * d + j];
            }
        }
        for (int c = 0; c < classes; c++) {
            for (int j = 0; j < d; j++) {
                m[c][j] /= n[c];
            }
        }
        return m;
    }

    /** Number of classes whose reconstruction correlates best with its own class mean. */
    private static int identified(List<float[]> recon, float[][] means) {
        int ok = 0;
        for (int c = 0; c < recon.size(); c++) {
            int best = 0;
            for (int o = 1; o < means.length; o++) {
                if (corr(recon.get(c), means[o]) > corr(recon.get(c), means[best])) {
                    best = o;
                }
            }
            ok += best == c ? 1 : 0;
        }
        return ok;
    }

    @Test
    void miFaceReconstructsEachClassOfASoftmaxModel() {
        Dataset data = SyntheticImages.generate(1200, CLASSES, Rng.of(3));
        Tensor x = data.features().reshape(1200, 256);
        LogisticRegression model = LogisticRegression.fit(x, data.labels(), CLASSES,
                LogisticRegression.Options.defaults().withL2(1e-2));
        float[][] means = classMeans(x, data.labels(), CLASSES);
        MiFace.Options o = MiFace.Options.paper().withAlpha(400).withBeta(50).withLambda(1.0);
        List<float[]> recon = new java.util.ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            MiFace.Result r = MiFace.whiteBox(model, c, o, Progress.NONE);
            assertThat(r.cost()).isLessThan(0.5);
            assertThat(r.image().shape()).containsExactly(256);
            for (float v : r.image().data()) {
                assertThat(v).isBetween(0f, 1f);
            }
            recon.add(r.image().data());
        }
        assertThat(identified(recon, means)).isGreaterThanOrEqualTo(CLASSES - 1);
    }

    @Test
    void blackBoxMiFaceLowersTheCostFromQueriesAlone() {
        Dataset data = SyntheticImages.generate(1200, CLASSES, Rng.of(3));
        Tensor x = data.features().reshape(1200, 256);
        LogisticRegression model = LogisticRegression.fit(x, data.labels(), CLASSES,
                LogisticRegression.Options.defaults().withL2(1e-2));
        float[][] means = classMeans(x, data.labels(), CLASSES);
        MiFace.Options o = MiFace.Options.paper().withAlpha(150).withBeta(50).withLambda(0.5)
                .withDirections(40, 0.05);
        List<float[]> recon = new java.util.ArrayList<>();
        double start = 1 - model.predictProba(Tensor.zeros(1, 256)).data()[0];
        for (int c = 0; c < CLASSES; c++) {
            MiFace.Result r = MiFace.blackBox(model, c, o, Rng.of(10 + c), Progress.NONE);
            assertThat(r.queries()).isGreaterThan(0);
            if (c == 0) {
                assertThat(r.cost()).isLessThan(start);
            }
            recon.add(r.image().data());
        }
        assertThat(identified(recon, means)).isGreaterThanOrEqualTo(CLASSES / 2); // chance: 1
    }

    @Test
    void processingSmoothsAndStaysInRange() {
        float[] img = new float[64];
        img[27] = 1f; // one bright pixel in an 8x8 image
        MiFace.process(img, new int[] {1, 8, 8}, MiFace.Options.paper().withProcess(MiFace.Process.DENOISE));
        assertThat(img[27]).isEqualTo(0.25f);
        assertThat(img[26]).isEqualTo(0.125f);
        assertThatThrownBy(() -> MiFace.Options.paper().withGamma(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gamma");
    }

    /**
     * Records (z, s, other): s in {0, 1} with prior 0.75 / 0.25; label y = 1 iff z + 2.5 s + noise > 1.2, so a
     * model of y reveals s given z and y.
     */
    private static Tensor[] tabular(int n, long seed, int[][] labelsOut) {
        Rng r = Rng.of(seed);
        float[] x = new float[n * 3];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            float z = (float) r.nextGaussian();
            float s = r.nextDouble() < 0.25 ? 1f : 0f;
            x[i * 3] = z;
            x[i * 3 + 1] = s;
            x[i * 3 + 2] = (float) r.nextGaussian();
            y[i] = z + 2.5 * s + 0.3 * r.nextGaussian() > 1.2 ? 1 : 0;
        }
        labelsOut[0] = y;
        return new Tensor[] {Tensor.wrap(x, n, 3)};
    }

    private static SensitiveAttribute attribute() {
        return new SensitiveAttribute("s", 1, 2, new float[][] {{0f}, {1f}}, List.of("s=0", "s=1"),
                new double[] {0.75, 0.25});
    }

    @Test
    void attributeInferenceBeatsThePriorOnALeakyModel() {
        int[][] y = new int[1][];
        Tensor train = tabular(3000, 1, y)[0];
        int[] yTrain = y[0];
        Tensor aux = tabular(1000, 2, y)[0];
        int[] yAux = y[0];
        Tensor victims = tabular(1000, 3, y)[0];
        int[] yVictims = y[0];
        LogisticRegression lr = LogisticRegression.fit(train, yTrain, 2, LogisticRegression.Options.defaults());
        AttributeInference.Report rep = AttributeInference.evaluate(lr, attribute(), aux, yAux, victims, yVictims);
        AttributeInference.Estimate prior = rep.get("prior");
        assertThat(prior.balancedAccuracy()).isEqualTo(0.5);
        assertThat(prior.accuracy()).isBetween(0.7, 0.8);
        assertThat(rep.get("map-confidence").balancedAccuracy()).isGreaterThan(0.7);
        assertThat(rep.get("map-label-only").balancedAccuracy()).isGreaterThan(0.6);
        assertThat(rep.get("attack-model").balancedAccuracy()).isGreaterThan(0.6);

        DecisionTree tree = DecisionTree.fit(train, yTrain, 2, DecisionTree.Options.defaults().withMaxDepth(6));
        AttributeInference.Report trep = AttributeInference.evaluate(tree, attribute(), aux, yAux, victims, yVictims);
        assertThat(trep.get("white-box-tree").balancedAccuracy()).isGreaterThan(0.7);
    }

    @Test
    void aModelThatIgnoresTheAttributeLeaksNothingBeyondThePrior() {
        int[][] y = new int[1][];
        Tensor train = tabular(3000, 1, y)[0];
        // labels that do not depend on s at all: y = [z > 0]
        int[] yTrain = new int[3000];
        for (int i = 0; i < 3000; i++) {
            yTrain[i] = train.data()[i * 3] > 0 ? 1 : 0;
        }
        Tensor victims = tabular(1000, 3, y)[0];
        int[] yVictims = new int[1000];
        for (int i = 0; i < 1000; i++) {
            yVictims[i] = victims.data()[i * 3] > 0 ? 1 : 0;
        }
        // a model that cannot see s: its weight on s is zeroed
        LogisticRegression lr = LogisticRegression.fit(train, yTrain, 2, LogisticRegression.Options.defaults());
        lr.weights().data()[2] = 0f;
        lr.weights().data()[3] = 0f;
        int[] guess = AttributeInference.mapConfidence(lr, attribute(), victims, yVictims);
        for (int g : guess) {
            assertThat(g).isEqualTo(0); // always the prior's mode
        }
    }

    @Test
    void inversionAuditScoresReconstructionsAgainstTheTrainingImages() {
        Dataset data = SyntheticImages.generate(600, CLASSES, Rng.of(5));
        Tensor flat = data.features().reshape(600, 256);
        LogisticRegression lr = LogisticRegression.fit(flat, data.labels(), CLASSES,
                LogisticRegression.Options.defaults().withL2(1e-2));
        // the audit feeds images [1, 16, 16]; the model takes 256 features
        org.privet.attacks.reference.FlatteningClassifier model =
                new org.privet.attacks.reference.FlatteningClassifier(lr, new int[] {600, 1, 16, 16});
        InversionAudit.Result r = InversionAudit.run(model, data, new int[] {0, 1, 2, 3, 4, 5},
                MiFace.Options.paper().withAlpha(300).withLambda(1.0), true, Rng.of(1), Progress.NONE);
        assertThat(r.whiteBox()).isTrue();
        assertThat(r.classes()).hasSize(6);
        assertThat(r.identificationRate()).isGreaterThanOrEqualTo(4 / 6.0);
        for (InversionAudit.ClassResult c : r.classes()) {
            assertThat(c.image().shape()).containsExactly(1, 16, 16);
        }
    }
}
