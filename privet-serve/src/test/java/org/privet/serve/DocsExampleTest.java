package org.privet.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.serve.client.RemoteClassifier;
import org.privet.serve.client.RemoteOptions;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;

/** The Java example of docs/serve.md, verbatim between the markers. */
class DocsExampleTest {
    @Test
    void example() throws Exception {
        // --- docs/serve.md example start
        // any ProbabilisticClassifier; here a small MLP (privet train writes real ones: Models.load(path))
        NetworkClassifier model = new NetworkClassifier(Networks.mlp(Rng.of(1), 8, new int[] {16}, 3), new int[] {8}, 3);
        String key = ApiKeys.generate(new SecureRandom());
        ServeConfig config = ServeConfig.builder()
                .port(0)                                                   // any free port
                .keys(ApiKeys.single("alice", key, new KeyPolicy(100_000, 1_000, 1_000)))
                .defence(OutputDefence.builder().topK(2).round(2).build())
                .monitor(PradaMonitor.Config.defaults())
                .build();
        try (PredictionServer server = PredictionServer.start(model, config)) {
            RemoteClassifier remote = RemoteClassifier.connect(server.uri(), key, RemoteOptions.defaults());
            Tensor x = Tensor.randn(Rng.of(2), 1f, 5, 8);
            int[] labels = remote.predict(x);          // the model's decisions
            Tensor p = remote.predictProba(x);         // top-2, rounded; the rest of the mass spread evenly
            System.out.println(Arrays.toString(labels) + " " + remote.defences() + " " + p.shapeString());
            // --- docs/serve.md example end
            assertThat(labels).containsExactly(model.predict(x));
            assertThat(p.shape()).containsExactly(5, 3);
            assertThat(remote.defences()).isEqualTo("round(2 decimals), top-2");
        }
    }
}
