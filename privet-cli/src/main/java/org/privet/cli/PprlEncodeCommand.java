package org.privet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.progress.Progress;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.CsvEncoding;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.pprl.schema.SchemaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code privet pprl encode}: CSV records to a {@code .clk} file of CLKs, streaming. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Encode the records of a CSV file (header row) into Bloom-filter CLKs with a linkage schema and a "
                + "secret shared by the data owners. Columns are found by name (order does not matter). The output is "
                + "written only when every record encoded: bad input leaves no file."},
        footer = {"", "Make a secret once and share it between the data owners only:",
            "  head -c 32 /dev/urandom > linkage.key",
            "", "Example:",
            "  privet pprl encode --schema schema.json --secret-file linkage.key people.csv people.clk"})
final class PprlEncodeCommand implements Callable<Integer> {
    @Option(names = "--schema", required = true, paramLabel = "FILE.json", description = "The linkage schema (JSON).")
    Path schema;

    @Option(names = "--secret-file", required = true, paramLabel = "FILE",
            description = "The shared secret: 16 to 1024 raw bytes (at least 128 bits).")
    Path secretFile;

    @Parameters(index = "0", paramLabel = "IN.csv", description = "Records to encode (RFC 4180 CSV, header row).")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT.clk", description = "The encodings (.clk file with the schema fingerprint).")
    Path output;

    @Option(names = "--field", paramLabel = "NAME",
            description = "Write field-level Bloom filters of this one field instead of record-level CLKs.")
    String field;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        LinkageSchema s;
        try {
            s = LinkageSchema.read(schema);
        } catch (SchemaException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (field != null) {
            try {
                s = s.onlyField(field);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--field: " + e.getMessage());
            }
        }
        LinkageSecret key = LinkageSecret.read(secretFile);
        ClkEncoder encoder = ClkEncoder.create(s, key);
        Progress progress = quiet ? Progress.NONE : ConsoleProgress.stderr();
        progress.start("encoding " + input.getFileName(), 0);
        long t0 = System.nanoTime();
        CsvEncoding.Result r;
        try {
            r = CsvEncoding.encode(input, encoder, output, n -> progress.update(n, "records"));
        } finally {
            progress.finish();
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("output", output.toString());
            m.put("records", r.records());
            m.put("bits", r.bits());
            m.put("schemaFingerprint", r.schemaFingerprint());
            m.put("seconds", secs);
            Json.print(m);
        } else {
            System.out.printf(java.util.Locale.ROOT, "encoded %d record(s) into %d-bit %s in %s (%.1f s)%n",
                    r.records(), r.bits(), field == null ? "CLKs" : "Bloom filters of field '" + field + "'", output,
                    secs);
            System.out.println("schema " + r.schemaFingerprint());
        }
        return Main.OK;
    }
}
