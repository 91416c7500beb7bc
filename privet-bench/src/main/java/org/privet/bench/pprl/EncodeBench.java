package org.privet.bench.pprl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.CsvEncoding;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.LinkageSchema;

/**
 * CLK encoding throughput, one thread, in records per second: {@link #encodeRecords} encodes
 * {@value EncodeData#RECORDS} in-memory records ({@link ClkEncoder#encode(String[], long[], int)}); {@link
 * #csvToClkFile} streams the same records from CSV to a {@code .clk} file (parsing, encoding, writing, checksum),
 * the path clkhash's {@code generate_clk_from_csv} is measured on. Schema: {@link EncodeData#schemaJson}, five
 * fields, 1024 bits, 20 bits per token, with the given hashing and hardening.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch"})
public class EncodeBench {
    @Param({"blake2b", "hmac", "doubleHash"})
    public String hashing;

    /** none, or one hardening step: xorFold, rule90, balance, blip. */
    @Param({"none"})
    public String hardening;

    private ClkEncoder encoder;
    private String[][] rows;
    private long[] out;
    private Path dir;
    private Path csv;

    @Setup(Level.Trial)
    public void setup() throws IOException {
        LinkageSchema schema = LinkageSchema.parse(EncodeData.schemaJson(hashing, hardening), "bench");
        byte[] k = new byte[32];
        k[0] = 1;
        encoder = ClkEncoder.create(schema, LinkageSecret.of(k));
        rows = EncodeData.rows(encoder.columns());
        out = new long[encoder.wordsPerRecord()];
        dir = Files.createTempDirectory("encode-bench");
        csv = dir.resolve("records.csv");
        EncodeData.writeCsv(csv);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("out.clk"));
        Files.deleteIfExists(csv);
        Files.deleteIfExists(dir);
    }

    @Benchmark
    @OperationsPerInvocation(EncodeData.RECORDS)
    public long encodeRecords() {
        long x = 0;
        for (String[] r : rows) {
            encoder.encode(r, out, 0);
            x += out[0];
        }
        return x;
    }

    @Benchmark
    @OperationsPerInvocation(EncodeData.RECORDS)
    public long csvToClkFile() throws IOException {
        return CsvEncoding.encode(csv, encoder, dir.resolve("out.clk"), null).records();
    }
}
