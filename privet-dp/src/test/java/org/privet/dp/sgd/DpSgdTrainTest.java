package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.rng.Rng;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;
import org.privet.dp.accounting.NoiseCalibration.AccountantKind;
import org.privet.dp.accounting.PldAccountant;
import org.privet.dp.accounting.Rdp;

class DpSgdTrainTest {
    private static final Blobs TRAIN = Blobs.generate(2000, 10, 4, 2f, Rng.of(21));
    private static final Blobs TEST = Blobs.generate(1000, 10, 4, 2f, Rng.of(22));

    private static Sequential mlp(long seed) {
        return Networks.mlp(Rng.of(seed), 10, new int[] {32}, 4);
    }

    private static DpSgdConfig.Builder base() {
        return DpSgdConfig.builder().delta(1e-5).expectedBatchSize(100).clipNorm(1f).learningRate(0.5f)
                .insecureSeededRandomnessForTests(7);
    }

    @Test
    void accountantEpsilonEqualsTheDirectComputation() {
        DpSgdConfig cfg = base().noiseMultiplier(1.1).epochs(3).build();
        DpTrainResult r = DpSgd.train(mlp(1), TRAIN.x, TRAIN.y, cfg, null);
        double q = r.plan().sampleRate();
        long steps = r.plan().steps();
        assertThat(steps).isEqualTo(60); // 3 epochs x round(1 / 0.05)
        assertThat(q).isEqualTo(0.05, offset(1e-15));
        assertThat(r.epsilonRdp()).isEqualTo(Rdp.epsilon(q, 1.1, steps, 1e-5).epsilon());
        assertThat(r.epsilonPld()).isEqualTo(PldAccountant.subsampledGaussianEpsilon(1.1, q, steps, 1e-5));
        assertThat(r.epsilonPld()).isLessThanOrEqualTo(r.epsilonRdp());
        double[] perEpoch = r.history().epsilonRdp();
        assertThat(perEpoch).hasSize(3);
        assertThat(perEpoch[0]).isEqualTo(Rdp.epsilon(q, 1.1, 20, 1e-5).epsilon());
        assertThat(perEpoch[0]).isLessThan(perEpoch[1]).isLessThan(perEpoch[2]);
        assertThat(r.accountantHistory()).hasSize(1);
        assertThat(r.accountantHistory().get(0).steps()).isEqualTo(60);
        // mean Poisson batch over 20 steps: 2000 expected draws, sd ~ 43.6 per 20 steps -> 2.2 per step; 6 sd
        for (double m : r.history().meanBatchSize()) {
            assertThat(m).isCloseTo(100, offset(6 * 2.2));
        }
    }

    @Test
    void calibrationMeetsTheTargetWithEitherAccountant() {
        for (AccountantKind kind : AccountantKind.values()) {
            DpSgdConfig cfg = base().targetEpsilon(2.0).steps(40).accountant(kind).build();
            DpTrainResult r = DpSgd.train(mlp(2), TRAIN.x, TRAIN.y, cfg, null);
            double eps = kind == AccountantKind.RDP ? r.epsilonRdp() : r.epsilonPld();
            assertThat(eps).as(kind.name()).isLessThanOrEqualTo(2.0).isGreaterThan(1.95); // bisection to 1e-4 in z
            assertThat(r.plan().predictedEpsilon()).isEqualTo(eps);
        }
    }

    @Test
    void aLearnerAtModerateEpsilonBeatsChanceAndTinyEpsilonLearnsLessThanNonPrivate() {
        DpTrainResult moderate = DpSgd.train(mlp(3), TRAIN.x, TRAIN.y, TEST.x, TEST.y,
                base().targetEpsilon(4.0).epochs(5).build(), null);
        assertThat(moderate.epsilonRdp()).isLessThanOrEqualTo(4.0);
        float accModerate = moderate.history().validationAccuracy()[4];
        // 4 classes: chance is 0.25; separated blobs (sep 3) are ~90% separable
        assertThat(accModerate).isGreaterThan(0.7f);

        // very small epsilon: a small training set (300 records, q = 0.1, 50 steps) where the noise needed
        // for epsilon 0.3 swamps the clipped signal; the same network trained without privacy on it
        Blobs small = Blobs.generate(300, 10, 4, 2f, Rng.of(23));
        DpTrainResult tiny = DpSgd.train(mlp(3), small.x, small.y, TEST.x, TEST.y,
                base().targetEpsilon(0.3).expectedBatchSize(30).epochs(5).build(), null);
        float accTiny = tiny.history().validationAccuracy()[4];

        Sequential plain = mlp(3);
        Trainer.fit(plain, small.x, small.y, TrainConfig.sgd(0.05f, 5, 30, 1), null);
        float accPlain = Trainer.evaluate(plain, TEST.x, TEST.y);
        System.out.printf("DP-SGD blobs: eps 4 acc %.3f (z %.3f); small set: eps 0.3 acc %.3f (z %.3f), plain %.3f%n",
                accModerate, moderate.plan().noiseMultiplier(), accTiny, tiny.plan().noiseMultiplier(), accPlain);
        assertThat(accPlain).isGreaterThan(0.7f);
        assertThat(accTiny).isLessThan(accPlain - 0.1f);
    }

    @Test
    void adaptiveClippingMovesTheClipNormTowardTheMedianNormAndIsAccounted() {
        Sequential net = mlp(4);
        float[] norms = org.privet.core.nn.PerExampleGradients.norms(net, TRAIN.x, TRAIN.y);
        float[] sorted = norms.clone();
        java.util.Arrays.sort(sorted);
        float median = sorted[sorted.length / 2];
        AdaptiveClipping ac = AdaptiveClipping.paperDefaults(100, 50 * median);
        // a tiny learning rate keeps the norms almost fixed, so the target quantile is fixed
        DpSgdConfig cfg = base().noiseMultiplier(1.0).adaptiveClipping(ac).learningRate(1e-6f).steps(200).build();
        DpTrainResult r = DpSgd.train(net, TRAIN.x, TRAIN.y, cfg, null);
        float[] clip = r.clipNormPerStep();
        assertThat(clip[0]).isEqualTo(50 * median);
        // geometric steps of at most exp(0.2 * 0.5) per step: log(50) / 0.1 ~ 40 steps to reach the median;
        // then it hovers (noise on the fraction has sd 1/20): within a factor 2 of the median
        assertThat(clip[199]).isBetween(median / 2, median * 2);
        assertThat(r.epsilonRdp()).isEqualTo(Rdp.epsilon(r.plan().sampleRate(), 1.0, 200, 1e-5).epsilon());
        assertThat(ac.gradientNoiseMultiplier(1.0)).isGreaterThan(1.0)
                .isCloseTo(1.0 / Math.sqrt(1 - 1.0 / 100), offset(1e-12)); // 2 sigma_b = 10
    }

    @Test
    void reportedDeltaAddsTheSamplersDistanceForEveryDraw() {
        DpSgdConfig cfg = base().noiseMultiplier(1.1).steps(30).build();
        Sequential net = mlp(9);
        long d = 0;
        for (Parameter p : net.parameters()) {
            d += p.value().size();
        }
        DpTrainResult r = DpSgd.train(net, TRAIN.x, TRAIN.y, cfg, null);
        assertThat(r.noiseDraws()).isEqualTo(30 * d); // one draw per coordinate per step, no adaptive clipping
        assertThat(r.accountantDelta()).isEqualTo(1e-5);
        double eps = Math.max(r.epsilonRdp(), r.epsilonPld());
        double expected = (1 + Math.exp(eps)) * r.noiseDraws() * Math.scalb(1.0, -110);
        // rounded up by at most a few ulps, never down
        assertThat(r.samplerDelta()).isGreaterThanOrEqualTo(expected).isLessThan(expected * (1 + 1e-14));
        // delta = 1e-5 + ~1e-28, rounded up (to nearest it would be 1e-5 itself): one ulp above the accountant's
        assertThat(r.delta()).isEqualTo(Math.nextUp(1e-5));
        assertThat(r.delta() - r.accountantDelta()).isGreaterThanOrEqualTo(r.samplerDelta());
    }

    @Test
    void adaptiveClippingCountsItsNoisedCountsAsDraws() {
        Sequential net = mlp(10);
        long d = 0;
        for (Parameter p : net.parameters()) {
            d += p.value().size();
        }
        AdaptiveClipping ac = AdaptiveClipping.paperDefaults(100, 1f);
        DpSgdConfig cfg = base().noiseMultiplier(1.0).adaptiveClipping(ac).steps(12).build();
        DpTrainResult r = DpSgd.train(net, TRAIN.x, TRAIN.y, cfg, null);
        assertThat(r.noiseDraws()).isEqualTo(12 * (d + 1));
        // without noise there are no draws and nothing to add
        DpTrainResult plain = DpSgd.train(mlp(10), TRAIN.x, TRAIN.y, base().noiseMultiplier(0).steps(3).build(), null);
        assertThat(plain.noiseDraws()).isZero();
        assertThat(plain.samplerDelta()).isZero();
        assertThat(plain.delta()).isEqualTo(1e-5);
    }

    @Test
    void anUnreachableTargetIsRefusedBeforeAnyTraining() {
        Sequential net = mlp(5);
        float[] before = net.parameters().get(0).value().data().clone();
        DpSgdConfig cfg = base().targetEpsilon(1e-9).epochs(50).build();
        assertThatThrownBy(() -> DpSgd.train(net, TRAIN.x, TRAIN.y, cfg, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("DP-SGD: cannot meet target epsilon 1.0E-9 at delta 1.0E-5");
        assertThat(net.parameters().get(0).value().data()).containsExactly(before);
    }

    @Test
    void badNetworksAndDataAreRefusedBeforeAnyTraining() {
        Layer mixer = new Layer() {
            @Override
            public Variable forward(Variable x) {
                return x;
            }

            @Override
            public String spec() {
                return "batchnorm(features=32)";
            }
        };
        Dense first = new Dense(10, 32, Rng.of(1));
        Sequential net = new Sequential(first, mixer, new ReLU(), new Dense(32, 4, Rng.of(2)));
        float[] before = first.weight().value().data().clone();
        DpSgdConfig cfg = base().noiseMultiplier(1).epochs(1).build();
        assertThatThrownBy(() -> DpSgd.train(net, TRAIN.x, TRAIN.y, cfg, null))
                .hasMessageContaining("layer 1 batchnorm(features=32): normalises with batch statistics");
        assertThat(first.weight().value().data()).containsExactly(before);
        assertThatThrownBy(() -> DpSgd.train(mlp(1), TRAIN.x, new int[3], cfg, null))
                .hasMessage("DP-SGD: training data: 3 labels for inputs of shape [2000, 10]");
        DpSgdConfig big = base().noiseMultiplier(1).expectedBatchSize(5000).epochs(1).build();
        assertThatThrownBy(() -> DpSgd.train(mlp(1), TRAIN.x, TRAIN.y, big, null))
                .hasMessage("DP-SGD: expected batch size must be <= the number of records 2000. Provided value: 5000");
    }

    @Test
    void adaptiveClippingThatCannotShareTheNoiseIsRefused() {
        AdaptiveClipping ac = new AdaptiveClipping(0.5, 0.2, 0.4, 1f); // 2 sigma_b = 0.8 < z = 1
        assertThatThrownBy(() -> base().noiseMultiplier(1.0).adaptiveClipping(ac).epochs(1).build())
                .hasMessage("adaptive clipping: count noise std dev must be > noise multiplier / 2 (paper, Theorem 1)."
                        + " Provided: sigma_b=0.4, noise multiplier=1.0");
        DpSgdConfig cfg = base().targetEpsilon(0.5).adaptiveClipping(ac).epochs(2).build();
        assertThatThrownBy(() -> DpSgd.train(mlp(1), TRAIN.x, TRAIN.y, cfg, null))
                .hasMessageContaining("count noise std dev must be > noise multiplier / 2");
    }

    @Test
    void withoutNoiseEpsilonIsInfinite() {
        DpTrainResult r = DpSgd.train(mlp(6), TRAIN.x, TRAIN.y, base().noiseMultiplier(0).steps(5).build(), null);
        assertThat(r.epsilonRdp()).isInfinite();
        assertThat(r.epsilonPld()).isInfinite();
        assertThat(r.noiseStdDev()).isZero();
    }

    @Test
    void materialisedAndGhostClippingTrainTheSameWeights() {
        Sequential a = mlp(8);
        Sequential b = mlp(8);
        DpSgd.train(a, TRAIN.x, TRAIN.y, base().noiseMultiplier(1).clipNorm(0.5f).steps(5).build(), null);
        DpSgd.train(b, TRAIN.x, TRAIN.y,
                base().noiseMultiplier(1).clipNorm(0.5f).steps(5).clipping(ClippingMode.MATERIALISED).build(), null);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int k = 0; k < pa.size(); k++) {
            float[] x = pa.get(k).value().data();
            float[] y = pb.get(k).value().data();
            for (int i = 0; i < x.length; i++) {
                // same batches and noise (same seed); float rounding of the two sums differs slightly and the
                // grid rounding may then differ by one granule (~1e-6 C)
                assertThat(x[i]).isCloseTo(y[i], offset(1e-4f));
            }
        }
    }

    @Test
    void withoutATestSeedBatchesAndNoiseComeFromTheSecureSourceAndDiffer() {
        Sequential a = mlp(10);
        Sequential b = mlp(10);
        DpSgdConfig cfg = DpSgdConfig.builder().noiseMultiplier(1).expectedBatchSize(100).steps(2).build();
        assertThat(cfg.insecureTestSeed()).isEmpty();
        DpSgd.train(a, TRAIN.x, TRAIN.y, cfg, null);
        DpSgd.train(b, TRAIN.x, TRAIN.y, cfg, null);
        // two independent 256-bit keys collide with probability 2^-256
        assertThat(a.parameters().get(0).value().data()).isNotEqualTo(b.parameters().get(0).value().data());
    }

    @Test
    void theSameSeedGivesTheSameRun() {
        Sequential a = mlp(9);
        Sequential b = mlp(9);
        DpSgdConfig cfg = base().noiseMultiplier(1).steps(5).build();
        DpSgd.train(a, TRAIN.x, TRAIN.y, cfg, null);
        DpSgd.train(b, TRAIN.x, TRAIN.y, cfg, null);
        for (int k = 0; k < a.parameters().size(); k++) {
            assertThat(a.parameters().get(k).value().data()).containsExactly(b.parameters().get(k).value().data());
        }
    }
}
