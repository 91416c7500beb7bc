package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.privet.core.tensor.Tensor;

class UpdateDefencesAndMetricsTest {
    @Test
    void pruneZeroesTheSmallestFractionOfEachTensor() {
        Tensor t = Tensor.wrap(new float[] {0.1f, -5f, 0.3f, -0.2f, 4f}, 5);
        List<Tensor> p = UpdateDefences.prune(List.of(t), 0.6);
        assertThat(p.get(0).data()).containsExactly(0f, -5f, 0f, 0f, 4f);
        assertThat(t.data()[0]).isEqualTo(0.1f); // input untouched
        assertThat(UpdateDefences.prune(List.of(t), 0).get(0).data()).containsExactly(t.data());
        assertThatThrownBy(() -> UpdateDefences.prune(List.of(t), 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Provided value: 1.5");
    }

    @Test
    void clipBoundsTheNormAndNoiseHasTheRequestedScale() {
        Tensor a = Tensor.full(3f, 2);
        Tensor b = Tensor.full(4f, 2); // norm sqrt(9+9+16+16) = sqrt(50)
        List<Tensor> c = UpdateDefences.clipAndNoise(List.of(a, b), 1.0, 0.0, new Random(1));
        double n2 = 0;
        for (Tensor t : c) {
            for (float v : t.data()) {
                n2 += v * v;
            }
        }
        assertThat(Math.sqrt(n2)).isCloseTo(1.0, within(1e-6));
        // noise only: 20000 draws of N(0, (2 * 0.5)^2); the sample std is within 0.03 of 1 except with
        // probability about 1e-5 (its standard error is 1 / sqrt(40000) = 0.005)
        List<Tensor> z = UpdateDefences.clipAndNoise(List.of(Tensor.zeros(20000)), 0.5, 2.0, new Random(3));
        double s = 0;
        for (float v : z.get(0).data()) {
            s += v * v;
        }
        assertThat(Math.sqrt(s / 20000)).isCloseTo(1.0, within(0.03));
        assertThatThrownBy(() -> UpdateDefences.clipAndNoise(List.of(a), 0, 1)).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("clipNorm must be > 0");
    }

    @Test
    void aggregateSumsAndChecksShapes() {
        var s = UpdateDefences.aggregate(List.of(List.of(Tensor.full(1f, 3)), List.of(Tensor.full(2f, 3))));
        assertThat(s.get(0).data()).containsExactly(3f, 3f, 3f);
        assertThatThrownBy(() -> UpdateDefences.aggregate(List.of(List.of(Tensor.zeros(3)), List.of(Tensor.zeros(2)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("update 1 tensor 0");
    }

    @Test
    void metricsMatchReconstructionsToTruthAndCountLabels() {
        Tensor truth = Tensor.wrap(new float[] {0f, 0f, 1f, 1f, 0.5f, 0.5f}, 3, 2);
        // reconstructions in another order; the second is off by 0.1 everywhere
        Tensor rec = Tensor.wrap(new float[] {0.6f, 0.6f, 0f, 0f}, 2, 2);
        var r = new ReconstructionResult("test", rec, new int[] {4, 2}, 0, 0, 1, "", 0);
        var s = ReconstructionMetrics.score(r, truth, new int[] {2, 3, 4}, 1.0);
        assertThat(s.assignment()).containsExactly(1, -1, 0);
        assertThat(s.psnr()[0]).isInfinite();
        assertThat(s.psnr()[2]).isCloseTo(20.0, within(1e-4)); // MSE 0.01
        assertThat(s.psnr()[1]).isNaN();
        assertThat(s.meanPsnr()).isCloseTo(60.0, within(1e-4)); // (100 + 20) / 2
        assertThat(s.labelAccuracy()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(s.recoveredAtLeast(30)).isEqualTo(1);
    }

    @Test
    void gridTilesImagesWithSeparators() {
        // 3 images 1x2x2 with values 1, 2, 3 in 2 columns: [1, 5, 5]
        float[] v = new float[12];
        for (int i = 0; i < 12; i++) {
            v[i] = i / 4 + 1;
        }
        var r = new ReconstructionResult("t", Tensor.wrap(v, 3, 1, 2, 2), null, 0, 0, 1, "", 0);
        Tensor g = r.grid(2, 0f, 2.5f, -1f);
        assertThat(g.shape()).containsExactly(1, 5, 5);
        assertThat(g.data()).containsExactly(
                1, 1, -1, 2, 2,
                1, 1, -1, 2, 2,
                -1, -1, -1, -1, -1,
                2.5f, 2.5f, -1, -1, -1,
                2.5f, 2.5f, -1, -1, -1);
    }
}
