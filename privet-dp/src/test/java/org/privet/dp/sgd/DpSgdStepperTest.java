package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.PerExampleGradients;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Sgd;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.dp.noise.NoiseRandom;

class DpSgdStepperTest {
    private static final int N = 400;
    private static final double Q = 0.1;

    private final Blobs data = Blobs.generate(N, 12, 3, 2f, Rng.of(11));

    private static Sequential net(long seed) {
        return Networks.mlp(Rng.of(seed), 12, new int[] {16}, 3);
    }

    private int[] batch(long seed) {
        return PoissonSampler.insecureSeededForTests(N, Q, seed).next();
    }

    private int[] labels(int[] idx) {
        int[] yb = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            yb[i] = data.y[idx[i]];
        }
        return yb;
    }

    private static float[] flat(List<Tensor> ts) {
        int n = 0;
        for (Tensor t : ts) {
            n += t.size();
        }
        float[] r = new float[n];
        int off = 0;
        for (Tensor t : ts) {
            System.arraycopy(t.data(), 0, r, off, t.size());
            off += t.size();
        }
        return r;
    }

    private static DpSgdStepper stepper(Sequential net, float lr, float clip, double z, ClippingMode mode, long seed) {
        return new DpSgdStepper(net, new Sgd(net.parameters(), lr), clip, z, Q * N, mode, null,
                NoiseRandom.insecureSeededForTests(seed));
    }

    @ParameterizedTest
    @EnumSource(ClippingMode.class)
    void withoutNoiseAndAHugeClipNormTheStepIsThePlainSgdStep(ClippingMode mode) {
        int[] idx = batch(1);
        int[] yb = labels(idx);
        Tensor xb = data.x.rows(idx);
        Sequential a = net(5);
        Sequential b = net(5);
        float lr = 0.3f;
        stepper(a, lr, 1e6f, 0, mode, 2).step(xb, yb);
        // plain SGD on the same batch with loss sum / (q n): the DP step's "mean" is over the expected size
        Sgd sgd = new Sgd(b.parameters(), lr);
        sgd.zeroGrad();
        try (Autodiff.GradMode g = Autodiff.enableGrad()) {
            Variable loss = Ops.crossEntropyWithLogits(b.forward(Variable.constant(xb)), yb, Reduction.SUM);
            loss.mul(Variable.constant(Tensor.scalar((float) (1.0 / (Q * N))))).backward();
        }
        sgd.step();
        float[] wa = flat(a.parameters().stream().map(Parameter::value).toList());
        float[] wb = flat(b.parameters().stream().map(Parameter::value).toList());
        for (int i = 0; i < wa.length; i++) {
            assertThat(wa[i]).as("weight %d", i).isCloseTo(wb[i], offset(1e-5f + 1e-4f * Math.abs(wb[i])));
        }
    }

    @ParameterizedTest
    @EnumSource(ClippingMode.class)
    void withATinyClipNormTheGradientIsTheSumOfNormalisedPerExampleGradients(ClippingMode mode) {
        int[] idx = batch(3);
        int[] yb = labels(idx);
        Tensor xb = data.x.rows(idx);
        Sequential net = net(6);
        float c = 1e-4f;
        float[] got = flat(stepper(net, 0.1f, c, 0, mode, 4).privatisedGradient(xb, yb));
        PerExampleGradients.Result r = PerExampleGradients.compute(net, xb, yb);
        float[] norms = DpSgdStepper.materialisedNorms(r.gradients(), idx.length);
        List<Tensor> expected = new ArrayList<>();
        for (Tensor g : r.gradients()) {
            float[] d = g.data();
            int row = d.length / idx.length;
            float[] s = new float[row];
            for (int i = 0; i < idx.length; i++) {
                assertThat(norms[i]).isGreaterThan(100 * c); // so that every example is clipped
                for (int j = 0; j < row; j++) {
                    s[j] += (float) (c * d[i * row + j] / norms[i] / (Q * N));
                }
            }
            expected.add(Tensor.wrap(s, row));
        }
        float[] want = flat(expected);
        double maxAbs = 0;
        for (float w : want) {
            maxAbs = Math.max(maxAbs, Math.abs(w));
        }
        for (int i = 0; i < want.length; i++) {
            assertThat((double) got[i]).as("coordinate %d", i).isCloseTo(want[i], offset(1e-4 * maxAbs));
        }
    }

    @Test
    void noiseOnTheClippedSumHasStandardDeviationSigmaTimesC() {
        int[] idx = batch(5);
        int[] yb = labels(idx);
        Tensor xb = data.x.rows(idx);
        Sequential net = net(7);
        float c = 0.5f;
        double z = 1.7;
        float[] clean = flat(stepper(net, 0.1f, c, 0, ClippingMode.GHOST, 8).privatisedGradient(xb, yb));
        int d = clean.length; // 12*16+16+16*3+3 = 259 coordinates per draw
        double s2 = 0;
        double s1 = 0;
        int draws = 200; // 51,800 noise values
        for (int k = 0; k < draws; k++) {
            float[] noisy = flat(stepper(net, 0.1f, c, z, ClippingMode.GHOST, 100 + k).privatisedGradient(xb, yb));
            for (int i = 0; i < d; i++) {
                double e = (noisy[i] - clean[i]) * (Q * N); // back to the scale of the sum
                s1 += e;
                s2 += e * e;
            }
        }
        int n = d * draws;
        double sd = Math.sqrt(s2 / n);
        // the sample sd of n Gaussian values has relative sd 1/sqrt(2n) = 0.31%; tolerance 2.5% is 8 sd:
        // false-failure rate below 1e-14. The grid inflates sigma C by at most 2^-9 (0.2%).
        assertThat(sd / (z * c)).isCloseTo(1.0, offset(0.025));
        assertThat(s1 / n).isCloseTo(0.0, offset(6 * z * c / Math.sqrt(n)));
    }

    @Test
    void anEmptyBatchStillStepsWithPureNoise() {
        Sequential net = net(9);
        float[] before = flat(net.parameters().stream().map(p -> p.value().copy()).toList());
        DpSgdStepper.StepStats s = stepper(net, 0.1f, 1f, 1.0, ClippingMode.GHOST, 10).step(null, new int[0]);
        float[] after = flat(net.parameters().stream().map(Parameter::value).toList());
        assertThat(s.batchSize()).isZero();
        assertThat(after).isNotEqualTo(before);
    }

    @Test
    void poissonBatchesHaveMeanSizeQn() {
        PoissonSampler s = PoissonSampler.insecureSeededForTests(1000, 0.05, 12);
        long total = 0;
        int steps = 400;
        boolean sorted = true;
        for (int k = 0; k < steps; k++) {
            int[] b = s.next();
            total += b.length;
            for (int i = 1; i < b.length; i++) {
                sorted &= b[i - 1] < b[i];
            }
        }
        // Binomial(400,000, 0.05): mean 20,000, sd 137.8; tolerance 6 sd (false failure ~2e-9)
        assertThat((double) total).isCloseTo(20_000, offset(6 * 137.8));
        assertThat(sorted).isTrue();
        assertThat(s.rate()).isEqualTo(0.05, offset(0x1p-53)).isGreaterThanOrEqualTo(0.05);
    }

    @Test
    void samplerRejectsBadParameters() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoissonSampler.insecureSeededForTests(10, 1.5, 1))
                .hasMessage("Poisson sampler: rate must be in (0, 1]. Provided value: 1.5");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PoissonSampler.insecureSeededForTests(0, 0.5, 1))
                .hasMessage("Poisson sampler: number of records must be >= 1. Provided value: 0");
    }
}
