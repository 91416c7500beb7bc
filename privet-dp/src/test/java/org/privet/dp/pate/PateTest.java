package org.privet.dp.pate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;
import org.privet.dp.accounting.Rdp;

/** GNMax (noise law, RDP bounds) and PATE end to end on synthetic blobs. */
class PateTest {

    // ---- tier (a): RDP bounds ----

    @Test
    void dataIndependentRdpIsOrderOverSigmaSquared() {
        double[] r = GnMax.rdpDataIndependent(4, new double[] {2, 10.5});
        assertThat(r).containsExactly(2 / 16.0, 10.5 / 16.0);
        PateAccountant acc = new PateAccountant();
        for (int i = 0; i < 50; i++) {
            acc.record(new int[] {3, 2, 1}, 4); // close votes: the data-dependent bound gives nothing
        }
        double[] orders = Rdp.defaultOrders();
        double[] total = new double[orders.length];
        for (int i = 0; i < orders.length; i++) {
            total[i] = 50 * orders[i] / 16;
        }
        assertThat(acc.queries()).isEqualTo(50);
        // the accountant also uses higher orders, so it can only be at or below the default-orders conversion
        assertThat(acc.epsilonDataIndependent(1e-5)).isLessThanOrEqualTo(Rdp.epsilon(orders, total, 1e-5).epsilon() + 1e-12);
        assertThat(acc.epsilonDataDependent(1e-5)).isCloseTo(acc.epsilonDataIndependent(1e-5), offset(1e-9));
    }

    @Test
    void dataDependentBoundIsSmallerForConsensusAndNeverLarger() {
        // Papernot et al. 2018's setting: 250 teachers, 10 classes, sigma 40: unanimous votes give a much smaller bound
        int[] unanimous = new int[10];
        unanimous[0] = 250;
        double logq = GnMax.logQ(unanimous, 40);
        // the erfc form (sigma >= 2): 9 (1 + eps)(1 + 1e-9) erfc(249 / 80) / 2, eps < 1e-300; erfc(3.1125) by mpmath
        assertThat(logq).isCloseTo(Math.log(9) + Math.log1p(1e-9) + Math.log(0.5 * 1.0738633695574340e-05), offset(1e-9));
        double[] orders = {2, 5, 10, 20, 40};
        double[] dep = GnMax.rdpDataDependent(logq, 40, orders);
        double[] ind = GnMax.rdpDataIndependent(40, orders);
        for (int i = 0; i < orders.length; i++) {
            assertThat(dep[i]).isLessThanOrEqualTo(ind[i]).isGreaterThanOrEqualTo(0);
        }
        assertThat(dep[1]).isLessThan(ind[1] / 2);
        int[] close = {63, 62, 62, 63, 0, 0, 0, 0, 0, 0}; // 3 classes within a vote: q > 0.9
        assertThat(GnMax.logQ(close, 40)).isEqualTo(Math.log1p(-0.1)); // capped at ln(1 - 1/k)
        assertThat(GnMax.rdpDataDependent(GnMax.logQ(close, 40), 40, orders)).containsExactly(ind);
        assertThatThrownBy(() -> GnMax.create(0)).hasMessage("GNMax sigma must be > 0 and < 2^40. Provided value: 0.0");
        assertThatThrownBy(() -> GnMax.insecureSeededForTests(1, 1).aggregate(new int[] {1}))
                .hasMessageContaining("at least 2 classes");
        assertThatThrownBy(() -> GnMax.insecureSeededForTests(1, 1).aggregate(new int[] {1, -2}))
                .hasMessage("votes must be >= 0. Provided value at class 1: -2");
    }

    // ---- tier (b): the noisy argmax has the discrete Gaussian's law ----

    /** P(label 0) for votes (5, 0) with N_Z(0, sigma^2) noise, ties to class 0: P(Z1 - Z0 <= 5), by exact convolution. */
    private static double pLabelZero(double sigma) {
        int r = 200;
        double[] p = new double[2 * r + 1];
        double s = 0;
        for (int z = -r; z <= r; z++) {
            p[z + r] = Math.exp(-z * (double) z / (2 * sigma * sigma));
            s += p[z + r];
        }
        double total = 0;
        for (int a = -r; a <= r; a++) {
            for (int b = -r; b <= r; b++) {
                if (b - a <= 5) {
                    total += p[a + r] * p[b + r];
                }
            }
        }
        return total / (s * s);
    }

    private static double frequencyOfZero(GnMax g) {
        int n = 20_000;
        int zeros = 0;
        for (int i = 0; i < n; i++) {
            zeros += g.aggregate(new int[] {5, 0}) == 0 ? 1 : 0;
        }
        return zeros / (double) n;
    }

    @Test
    void noisyArgmaxMatchesTheDiscreteGaussianLaw() {
        // 20,000 draws: sd of the frequency <= 0.0035; 5 sd = 0.0175 (false failure ~6e-7)
        double expected = pLabelZero(5);
        assertThat(frequencyOfZero(GnMax.insecureSeededForTests(5, 1))).isCloseTo(expected, offset(0.0175));
        // the same test rejects an aggregator with half the noise (P(label 0) ~0.94 instead of ~0.78)
        assertThat(Math.abs(frequencyOfZero(GnMax.insecureSeededForTests(2.5, 2)) - expected)).isGreaterThan(0.0175);
    }

    // ---- end to end ----

    private static final int DIM = 10;
    private static final int CLASSES = 4;

    /** Gaussian blobs: class k has mean 2.5 e_k, unit variance. */
    private static Tensor blobs(int n, int[] y, Rng rng) {
        float[] d = new float[n * DIM];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(CLASSES);
            for (int j = 0; j < DIM; j++) {
                d[i * DIM + j] = (float) rng.nextGaussian() + (j == y[i] ? 2.5f : 0f);
            }
        }
        return Tensor.wrap(d, n, DIM);
    }

    @Test
    void studentLearnsFromNoisyTeacherLabelsWithAReportedEpsilon() {
        Rng rng = Rng.of(42);
        int nPrivate = 3000;
        int[] yPriv = new int[nPrivate];
        Tensor xPriv = blobs(nPrivate, yPriv, rng.child("private"));
        int nPublic = 300;
        int[] yPub = new int[nPublic]; // true labels: used only to measure, never given to the student
        Tensor xPub = blobs(nPublic, yPub, rng.child("public"));
        int nTest = 1000;
        int[] yTest = new int[nTest];
        Tensor xTest = blobs(nTest, yTest, rng.child("test"));

        TrainConfig cfg = TrainConfig.adam(0.05f, 20, 32, 7);
        TeacherEnsemble teachers = TeacherEnsemble.train(xPriv, yPriv, 50, CLASSES,
                t -> Networks.mlp(Rng.of(100 + t), DIM, new int[] {8}, CLASSES), cfg, 5, Progress.NONE);
        assertThat(teachers.partitionSizes()).containsOnly(60);
        double teacherAcc = 0;
        for (Sequential t : teachers.teachers()) {
            teacherAcc += Trainer.evaluate(t, xTest, yTest);
        }
        teacherAcc /= teachers.teachers().size();

        GnMax gnmax = GnMax.insecureSeededForTests(15, 9); // tests only; production: GnMax.create(15)
        Pate.StudentResult r = Pate.trainStudent(teachers, gnmax, xPub,
                Networks.mlp(Rng.of(200), DIM, new int[] {16}, CLASSES), cfg, 1e-5, Progress.NONE);
        float studentAcc = Trainer.evaluate(r.student(), xTest, yTest);
        int agree = 0;
        for (int i = 0; i < nPublic; i++) {
            agree += r.labels()[i] == yPub[i] ? 1 : 0;
        }
        // Measured (seeded): teachers 0.808, GNMax labels 0.817 correct, student 0.831, epsilon 8.40 at delta 1e-5.
        // chance is 0.25; teachers on 60 records each are good but not perfect; the student trained on 300 noisy labels
        // should be close to them (the Bayes accuracy of these blobs is ~0.93)
        assertThat(teacherAcc).isGreaterThan(0.75);
        assertThat(studentAcc).isGreaterThan((float) (teacherAcc - 0.08));
        assertThat(agree / (double) nPublic).isGreaterThan(0.7);
        assertThat(r.queries()).isEqualTo(nPublic);
        // 300 queries at sigma 15: data-independent RDP 300 lambda / 225
        double[] o = {2, 4, 8, 16, 32, 63};
        double[] rdp = new double[o.length];
        for (int i = 0; i < o.length; i++) {
            rdp[i] = 300 * o[i] / 225;
        }
        assertThat(r.epsilonDataIndependent()).isLessThanOrEqualTo(Rdp.epsilon(o, rdp, 1e-5).epsilon() + 1e-9)
                .isGreaterThan(5);
        assertThat(r.epsilonDataDependent()).isLessThanOrEqualTo(r.epsilonDataIndependent());
    }

    @Test
    void validation() {
        Tensor x = Tensor.zeros(10, 2);
        int[] y = new int[10];
        assertThatThrownBy(() -> TeacherEnsemble.train(x, y, 11, 2, t -> null, TrainConfig.adam(0.1f, 1, 1, 1), 1,
                Progress.NONE)).hasMessage("PATE: number of teachers must be in [2, records = 10]. Provided value: 11");
        y[3] = 5;
        assertThatThrownBy(() -> TeacherEnsemble.train(x, y, 2, 2, t -> null, TrainConfig.adam(0.1f, 1, 1, 1), 1,
                Progress.NONE)).hasMessage("PATE: label of record 3 must be in [0, 2). Provided value: 5");
    }
}
