package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class ImprintModuleTest {
    @Test
    void recoversManyExamplesFromOneAggregatedUpdate() {
        Dataset d = Fixtures.images(32, 31);
        // the server's prior on mean brightness, from data it holds (here: other synthetic images)
        Tensor pub = Fixtures.images(256, 99).features();
        double[] stats = brightness(pub);
        ImprintModule imprint = new ImprintModule(Fixtures.SHAPE, 128, stats[0], stats[1]);
        var model = imprint.prepend(Networks.cnn(Rng.of(4), 1, 16, 16, 10, 4, 8, 16));
        var net = new FunctionalNetwork(model);
        // 4 clients of 8 examples, summed by secure aggregation: the imprint attack does not care
        List<List<Tensor>> updates = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            updates.add(net.gradient(Fixtures.rows(d, 8 * c, 8 * c + 8), Fixtures.labels(d, 8 * c, 8 * c + 8)));
        }
        List<Tensor> sum = UpdateDefences.aggregate(updates);
        ReconstructionResult r = imprint.recover(sum.get(0), sum.get(1));
        var s = ReconstructionMetrics.score(r, d.features(), null, 1.0);
        // with 128 bins for 32 examples most land alone in a bin: observed 19; require 12 at >= 50 dB
        assertThat(s.recoveredAtLeast(50)).isGreaterThanOrEqualTo(12);
    }

    @Test
    void thresholdsAreIncreasingNormalQuantiles() {
        ImprintModule m = new ImprintModule(new int[] {4}, 3, 0.5, 0.1);
        // Phi^-1(1/4) = -0.6744897501960817
        assertThat(m.thresholds()).containsExactly(new double[] {0.5 - 0.06744897501960817, 0.5,
            0.5 + 0.06744897501960817}, org.assertj.core.data.Offset.offset(1e-9));
        assertThatThrownBy(() -> new ImprintModule(new int[] {4}, 1, 0.5, 0.1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bins must be >= 2");
        assertThatThrownBy(() -> m.recover(Tensor.zeros(2, 4), Tensor.zeros(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[3,4]");
    }

    private static double[] brightness(Tensor x) {
        int n = x.dim(0);
        int per = x.size() / n;
        double s = 0;
        double s2 = 0;
        for (int i = 0; i < n; i++) {
            double m = 0;
            for (int j = 0; j < per; j++) {
                m += x.data()[i * per + j];
            }
            m /= per;
            s += m;
            s2 += m * m;
        }
        double mean = s / n;
        return new double[] {mean, Math.sqrt(s2 / n - mean * mean)};
    }
}
