package org.privet.attacks.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.GaussianMixture;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.train.TrainConfig;

class ReferenceTrainerTest {
    private static final ModelRecipe SMALL = ModelRecipes.mlp(new int[] {8}, TrainConfig.adam(1e-2f, 20, 32, 0));

    @Test
    void outputsDoNotDependOnThreadsAndModelsTrainOnTheirMasks() {
        Dataset pool = GaussianMixture.generate(200, 3, 5, 4.0, Rng.of(1));
        ReferenceMasks masks = ReferenceMasks.online(200, 4, Rng.of(2));
        AtomicInteger updates = new AtomicInteger();
        Progress counting = new Progress() {
            @Override
            public void start(String task, long total) {
                assertThat(total).isEqualTo(4);
            }

            @Override
            public void update(long done, String detail) {
                updates.incrementAndGet();
            }

            @Override
            public void finish() {
            }
        };
        List<QueryAugmentation> id = List.of(QueryAugmentations.identity());
        ReferenceOutputs one = ReferenceTrainer.train(pool, masks, SMALL, id, Rng.of(3), 1, counting);
        ReferenceOutputs two = ReferenceTrainer.train(pool, masks, SMALL, id, Rng.of(3), 2, Progress.NONE);
        assertThat(updates.get()).isEqualTo(4);
        for (int m = 0; m < 4; m++) {
            assertThat(two.logits(m, 0)).containsExactly(one.logits(m, 0));
            // a model fits its own half better than the other half (well separated mixture, 20 epochs)
            double[] acc = one.accuracy(m, pool.labels());
            assertThat(acc[0]).isGreaterThan(0.6);
        }
        // different models differ (own seeds and subsets)
        assertThat(one.logits(0, 0)).isNotEqualTo(one.logits(1, 0));
        assertThat(one.records()).isEqualTo(200);
        assertThat(one.classes()).isEqualTo(3);
    }

    @Test
    void augmentedQueriesAreKeptPerAugmentation() {
        Dataset pool = SyntheticImages.generate(40, 2, 8, 0.1, 1, Rng.of(4));
        ReferenceMasks masks = ReferenceMasks.online(40, 2, Rng.of(5));
        ReferenceOutputs out = ReferenceTrainer.train(pool, masks, SMALL, QueryAugmentations.mirror(), Rng.of(6), 2,
                null);
        assertThat(out.augmentations()).isEqualTo(2);
        assertThat(out.augmentationNames()).containsExactly("identity", "flip");
        assertThat(out.logits(0, 0)).isNotEqualTo(out.logits(0, 1));
    }

    @Test
    void probeValuesAreTakenFromEachModelBeforeItIsDropped() {
        Dataset pool = GaussianMixture.generate(50, 2, 3, 3.0, Rng.of(1));
        List<QueryAugmentation> id = List.of(QueryAugmentations.identity());
        ModelProbe confidence = (model, index) -> {
            float[] p = model.predictProba(pool.features()).data();
            double[] out = new double[pool.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = p[i * 2 + pool.label(i)] + index;
            }
            return out;
        };
        ReferenceOutputs out = ReferenceTrainer.train(pool, ReferenceMasks.online(50, 3, Rng.of(2)), SMALL, id,
                Rng.of(3), 2, confidence, null);
        assertThat(out.hasProbes()).isTrue();
        assertThat(out.probe(2)[0]).isBetween(2.0, 3.0);
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, ReferenceMasks.online(50, 2, Rng.of(2)), SMALL, id,
                Rng.of(3), 1, (m, i) -> new double[3], null)).hasMessageContaining("probe returned 3 values")
                .hasMessageContaining("expected 50");
        ReferenceOutputs none = ReferenceTrainer.train(pool, ReferenceMasks.online(50, 2, Rng.of(2)), SMALL, id,
                Rng.of(3), 1, null);
        assertThatThrownBy(() -> none.probe(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void badInput() {
        Dataset pool = GaussianMixture.generate(20, 2, 3, 2.0, Rng.of(1));
        List<QueryAugmentation> id = List.of(QueryAugmentations.identity());
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, ReferenceMasks.online(21, 2, Rng.of(1)), SMALL, id,
                Rng.of(1), 1, null)).hasMessageContaining("cover 21 records but the pool has 20");
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, ReferenceMasks.online(20, 2, Rng.of(1)), SMALL,
                List.of(), Rng.of(1), 1, null)).hasMessageContaining("at least one query augmentation");
        ReferenceMasks empty = ReferenceMasks.of(new boolean[2][20]);
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, empty, SMALL, id, Rng.of(1), 1, null))
                .hasMessageContaining("reference model 0 would train on no record");
        ModelRecipe diverging = ModelRecipes.mlp(new int[] {8}, TrainConfig.sgd(1e30f, 3, 4, 0));
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, ReferenceMasks.online(20, 2, Rng.of(1)), diverging, id,
                Rng.of(1), 2, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("non-finite output").hasMessageContaining("training diverged");
        ModelRecipe wrong = new ModelRecipe() {
            @Override
            public ProbabilisticClassifier train(Dataset train, Rng rng) {
                return SMALL.train(GaussianMixture.generate(20, 3, 3, 2.0, Rng.of(1)), rng);
            }

            @Override
            public String describe() {
                return "wrong";
            }
        };
        assertThatThrownBy(() -> ReferenceTrainer.train(pool, ReferenceMasks.online(20, 2, Rng.of(1)), wrong, id,
                Rng.of(1), 2, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 classes; the pool has 2");
    }
}
