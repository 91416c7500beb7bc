package org.privet.serve.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PradaMonitorTest {
    private static final int DIM = 10;

    private static int label(float[] x, int off) {
        return x[off] > 0 ? 1 : 0;
    }

    /** Natural queries: independent draws from the data distribution (a standard Gaussian). */
    @Test
    void benignClientIsNotFlagged() {
        PradaMonitor m = new PradaMonitor(DIM, PradaMonitor.Config.defaults());
        Random r = new Random(5);
        PradaMonitor.Status s = null;
        for (int b = 0; b < 30; b++) {
            float[] x = new float[20 * DIM];
            int[] y = new int[20];
            for (int i = 0; i < 20; i++) {
                for (int j = 0; j < DIM; j++) {
                    x[i * DIM + j] = (float) r.nextGaussian();
                }
                y[i] = label(x, i * DIM);
            }
            s = m.observe(x, y, 20);
        }
        // seeded, deterministic; min distances of Gaussian draws are close to normal (W ~ 0.99)
        assertThat(s.distances()).isEqualTo(598);
        assertThat(s.w()).isGreaterThan(0.95);
        assertThat(s.flagged()).isFalse();
    }

    /**
     * An extraction client in the style PRADA was built against (Papernot et al.'s Jacobian-based
     * augmentation): a few natural seeds, then rounds of synthetic points x + lambda * sign(noise),
     * each close to an earlier query at a fixed step. Its minimum distances bunch at the step
     * length, far from normal.
     */
    @Test
    void syntheticQueriesAreFlagged() {
        PradaMonitor m = new PradaMonitor(DIM, PradaMonitor.Config.defaults());
        Random r = new Random(6);
        int seeds = 10;
        float[] pool = new float[4000 * DIM];
        int have = 0;
        for (int i = 0; i < seeds; i++) {
            for (int j = 0; j < DIM; j++) {
                pool[i * DIM + j] = (float) r.nextGaussian();
            }
        }
        have = seeds;
        int[] y = new int[have];
        for (int i = 0; i < have; i++) {
            y[i] = label(pool, i * DIM);
        }
        m.observe(java.util.Arrays.copyOf(pool, have * DIM), y, have);
        PradaMonitor.Status s = null;
        for (int round = 0; round < 8 && have * 2 <= 4000; round++) {
            int n = have;
            float[] batch = new float[n * DIM];
            int[] by = new int[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < DIM; j++) {
                    batch[i * DIM + j] = pool[i * DIM + j] + (r.nextBoolean() ? 0.1f : -0.1f);
                }
                by[i] = label(batch, i * DIM);
            }
            s = m.observe(batch, by, n);
            System.arraycopy(batch, 0, pool, have * DIM, n * DIM);
            have += n;
        }
        assertThat(s.w()).isLessThan(0.9);
        assertThat(s.flagged()).isTrue();
        // sticky
        assertThat(m.status().flagged()).isTrue();
    }

    @Test
    void repeatingOneQueryIsFlagged() {
        PradaMonitor m = new PradaMonitor(2, new PradaMonitor.Config(0.9, 10, 100, 100));
        float[] x = new float[2 * 50];
        int[] y = new int[50];
        assertThat(m.observe(x, y, 50).flagged()).isTrue();
    }

    @Test
    void configSaysTheRuleAndTheValue() {
        assertThatThrownBy(() -> new PradaMonitor.Config(1.5, 100, 1000, 10))
                .hasMessage("PRADA delta must be in (0, 1). Provided value: 1.5");
        assertThatThrownBy(() -> new PradaMonitor.Config(0.9, 2000, 1000, 10)).hasMessageContaining("minQueries");
        assertThatThrownBy(() -> new PradaMonitor(0, PradaMonitor.Config.defaults())).hasMessageContaining("feature count");
    }
}
