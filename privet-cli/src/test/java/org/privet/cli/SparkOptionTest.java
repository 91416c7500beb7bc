package org.privet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without the privet-spark module on the class path (the default build), {@code --spark} fails with exit code 2
 * and says how to build and run with it; no Spark class is ever loaded.
 */
class SparkOptionTest {
    @TempDir
    Path dir;

    private int run(ByteArrayOutputStream err, String... args) {
        return Main.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(err, true,
                StandardCharsets.UTF_8));
    }

    @Test
    void dpAggregateWithSparkButNoBackendIsAUsageErrorThatSaysHowToGetIt() throws Exception {
        Path csv = Files.writeString(dir.resolve("v.csv"), "city\noslo\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "dp", "aggregate", csv.toString(), "--group-by", "city", "--epsilon", "1", "--delta",
                "1e-6", "--spark", "local[*]");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--spark needs the privet-spark module")
                .contains("mvn -B -Pspark -pl privet-spark -am package");
        assertThat(Files.list(dir).toList()).containsExactly(csv); // nothing written
    }

    @Test
    void aMalformedMasterIsAUsageError() throws Exception {
        Path csv = Files.writeString(dir.resolve("v.csv"), "city\noslo\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(err, "dp", "aggregate", csv.toString(), "--group-by", "city", "--epsilon", "1", "--delta",
                "1e-6", "--spark", "mycluster");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--spark must be a Spark master URL")
                .contains("Provided value: mycluster");
    }

    @Test
    void noSparkClassIsOnTheDefaultClassPath() {
        assertThat(getClass().getClassLoader().getResource("org/apache/spark/SparkContext.class")).isNull();
        assertThat(java.util.ServiceLoader.load(org.privet.cli.spark.SparkBackend.class).findFirst()).isEmpty();
    }
}
