package org.privet.attacks.infer.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.attacks.reference.QueryAugmentations;
import org.privet.core.model.LabelClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class LabelOnlyTest {
    /** Label 1 iff the first feature is positive. */
    private static final LabelClassifier SIGN = new LabelClassifier() {
        @Override
        public int numClasses() {
            return 2;
        }

        @Override
        public int[] inputShape() {
            return new int[] {1};
        }

        @Override
        public int[] predict(Tensor x) {
            int[] out = new int[x.dim(0)];
            for (int i = 0; i < out.length; i++) {
                out[i] = x.data()[i] > 0 ? 1 : 0;
            }
            return out;
        }
    };

    @Test
    void recordsFarFromTheBoundaryAreMoreRobust() {
        Tensor x = Tensor.of(new float[] {5f, 0.1f, -0.1f}, 3, 1);
        double[] s = LabelOnly.scores(SIGN, x, new int[] {1, 1, 1}, LabelOnly.Options.noise(1.0, 50), Rng.of(1));
        // far record: a N(0,1) draw below -5 has probability 3e-7 per query -> exactly 1 (seed fixed)
        assertThat(s[0]).isEqualTo(1.0);
        // near record: Pr[correct] = Phi(0.1) = 0.54; 50 queries, fixed seed; band +-0.25 (> 3 sd)
        assertThat(s[1]).isBetween(0.29, 0.79);
        // misclassified record: Pr[correct] = 0.46
        assertThat(s[2]).isLessThan(s[0]);
    }

    @Test
    void augmentationsCountOneQueryEach() {
        // 1x1x1x2 images; the label is whether pixel 0 is positive: a flip moves pixel 1 into place
        LabelClassifier firstPixel = new LabelClassifier() {
            @Override
            public int numClasses() {
                return 2;
            }

            @Override
            public int[] inputShape() {
                return new int[] {1, 1, 2};
            }

            @Override
            public int[] predict(Tensor x) {
                int[] out = new int[x.dim(0)];
                for (int i = 0; i < out.length; i++) {
                    out[i] = x.data()[i * 2] > 0 ? 1 : 0;
                }
                return out;
            }
        };
        Tensor x = Tensor.of(new float[] {1, 1, 1, -1}, 2, 1, 1, 2);
        double[] s = LabelOnly.scores(firstPixel, x, new int[] {1, 1},
                new LabelOnly.Options(QueryAugmentations.mirror(), 0, 0), Rng.of(1));
        assertThat(s).containsExactly(1.0, 0.5);
    }

    @Test
    void badInput() {
        assertThatThrownBy(() -> LabelOnly.Options.noise(-1, 3)).hasMessageContaining("noiseStd must be >= 0");
        assertThatThrownBy(() -> new LabelOnly.Options(List.of(), 0.1, 0)).hasMessageContaining("at least one");
        assertThatThrownBy(() -> LabelOnly.scores(SIGN, Tensor.zeros(2, 1), new int[] {1},
                LabelOnly.Options.noise(1, 1), Rng.of(1))).hasMessageContaining("2 candidates but 1 labels");
    }
}
