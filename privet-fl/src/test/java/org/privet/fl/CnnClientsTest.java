package org.privet.fl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;

/** CNN clients: the model keeps the images' [C, H, W] shape ({@code flattenInputs(false)}). Seeded, deterministic. */
class CnnClientsTest {
    private static FlModel cnn() {
        return new FlModel(() -> Networks.cnn(Rng.of(4), 1, 8, 8, 6, 4, 8, 16));
    }

    @Test
    void aSmallCnnLearnsThroughFedAvgRoundsOnUnflattenedImages() {
        assertThat(Fixtures.TRAIN.features().rank()).isEqualTo(4);
        int[][] parts = Partitions.iid(Fixtures.TRAIN.size(), 10, Rng.of(2));
        FlConfig cfg = new FlConfig(3, 3, LocalTraining.fedAvg(1, 10, 0.1f), 1, 0, 0, 2, 3);
        FlHistory h = FederatedSimulation.builder().model(cnn()).flattenInputs(false).clients(Fixtures.TRAIN, parts)
                .test(Fixtures.TEST).config(cfg).build().run(null);
        assertThat(h.description()).contains("conv2d");
        assertThat(h.rounds()).allMatch(r -> r.accepted() == 3 && r.skipped().isEmpty());
        // chance is 1/6; observed 0.37, 0.715, 0.8075 over the three rounds
        assertThat(h.last().cleanAccuracy()).isGreaterThan(0.6);
        assertThat(h.last().cleanAccuracy()).isGreaterThan(h.rounds().get(0).cleanAccuracy());
        // the same seed gives the same model (threads 2 vs 1)
        FlHistory again = FederatedSimulation.builder().model(cnn()).flattenInputs(false).clients(Fixtures.TRAIN, parts)
                .test(Fixtures.TEST).config(new FlConfig(3, 3, LocalTraining.fedAvg(1, 10, 0.1f), 1, 0, 0, 1, 3))
                .build().run(null);
        assertThat(again.finalModel()).containsExactly(h.finalModel());
    }

    @Test
    void flTrustRootUpdatesKeepTheImageShapeForACnn() {
        RootDatasetUpdate root = new RootDatasetUpdate(cnn(), Fixtures.TRAIN.subset(Fixtures.range(0, 20)),
                LocalTraining.fedAvg(1, 10, 0.1f), 1, false);
        float[] delta = root.compute(cnn().initialParameters(), 0);
        assertThat(delta).hasSize(cnn().dimension());
        double norm = 0;
        for (float v : delta) {
            norm += v * v;
        }
        assertThat(norm).isGreaterThan(0);
    }
}
