package org.privet.fl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.privet.attacks.poison.SignFlipAttack;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Networks;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.fl.aggregate.Krum;

/** The Java example of docs/fl.md, verbatim, so that it keeps compiling and running. */
class DocExampleTest {
    @Test
    void theDocumentedExampleRuns() {
        Dataset all = SyntheticImages.generate(2400, 6, 8, 0.15, 1, Rng.of(11));
        Dataset train = all.subset(IntStream.range(0, 2000).toArray());
        Dataset test = all.subset(IntStream.range(2000, 2400).toArray());
        FlModel model = new FlModel(() -> Networks.mlp(Rng.of(3), 64, new int[] {32}, 6));
        FlHistory h = FederatedSimulation.builder()
                .model(model)
                .clients(train, Partitions.dirichlet(train.labels(), 6, 20, 0.5, Rng.of(1)))
                .test(test)
                .config(FlConfig.fedAvg(6, 20, LocalTraining.fedAvg(2, 10, 0.3f), 5))
                .aggregator(new Krum(4, 1))
                .adversary(Adversary.of(0.2, null, new SignFlipAttack(10)))
                .build()
                .run(Progress.NONE);
        double acc = h.last().cleanAccuracy();
        // observed 0.395: well above chance (1/6), though Krum on label-skewed data keeps one client's update a round
        assertThat(acc).isGreaterThan(0.25);
    }
}
