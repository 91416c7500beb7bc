package org.privet.spark.linkage;

import java.io.IOException;
import java.io.Serializable;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.CsvReader;
import org.privet.pprl.encode.FieldValueException;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.spark.BadRows;
import org.privet.spark.FaultInjection;
import scala.Tuple2;

/**
 * CLK encoding as a distributed map: the CSV's lines are split over the executors and each is encoded with the
 * local {@link ClkEncoder} (same schema, same secret: the same bits as {@code privet pprl encode}), then the
 * encodings come back in file order.
 *
 * <p>The schema travels as its JSON text; the secret never travels: every executor reads it from {@code
 * secretFile}, a path it must be able to read (on a cluster, a file distributed with the job). Rows that cannot be
 * encoded (wrong number of values, an empty id, a value the schema rejects, broken quoting) are counted and
 * reported in {@link Encoded#badRows()} with their line numbers, never dropped silently; the caller decides
 * whether to go on without them. One record per line: quoted values spanning lines are reported as bad rows.
 * BLIP noise, when the schema asks for it, comes from each task's {@link java.security.SecureRandom}.
 */
public final class SparkEncoding {
    private SparkEncoding() {
    }

    /**
     * What came out.
     *
     * @param encodings the good rows' encodings, ids from the schema's id column, in file order
     * @param badRows   rows that could not be encoded
     */
    public record Encoded(ClkSet encodings, BadRows badRows) {
    }

    /** Encodes {@code csv} (header row first); see the class comment. */
    public static Encoded encode(JavaSparkContext spark, Path csv, LinkageSchema schema, Path secretFile)
            throws IOException {
        return encode(spark, csv, schema, secretFile, FaultInjection.NONE);
    }

    /**
     * As {@link #encode(JavaSparkContext, Path, LinkageSchema, Path)} with injected task failures (tests).
     *
     * @throws IOException when the header is missing or lacks a column the schema reads, or the secret is unreadable
     */
    public static Encoded encode(JavaSparkContext spark, Path csv, LinkageSchema schema, Path secretFile,
            FaultInjection faults) throws IOException {
        LinkageSecret.read(secretFile); // fail early, on the driver, with the file's name
        ClkEncoder probe = ClkEncoder.create(schema, LinkageSecret.read(secretFile));
        String file = csv.toAbsolutePath().toString();
        List<Tuple2<String, Long>> first = spark.textFile(file, 1).zipWithIndex().take(1);
        if (first.isEmpty()) {
            throw new IOException(csv + ":1: empty file: a header row is required");
        }
        String[] header = parse(strip(first.get(0)._1()), csv);
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.length; i++) {
            if (index.put(header[i].strip(), i) != null) {
                throw new IOException(csv + ":1: duplicate column '" + header[i].strip() + "' in the header");
            }
        }
        Integer id = index.get(schema.idColumn());
        if (id == null) {
            throw new IOException(csv + ":1: the header lacks the id column '" + schema.idColumn() + "'; header: "
                    + List.of(header));
        }
        List<String> cols = probe.columns();
        int[] slot = new int[cols.size()];
        for (int i = 0; i < slot.length; i++) {
            Integer c = index.get(cols.get(i));
            if (c == null) {
                throw new IOException(csv + ":1: the header lacks column '" + cols.get(i) + "' that the schema reads; "
                        + "header: " + List.of(header));
            }
            slot[i] = c;
        }
        int slices = Math.max(2, spark.defaultParallelism());
        List<Part> parts = spark.textFile(file, slices).zipWithIndex()
                .mapPartitions(new EncodeLines(schema.toJson(), secretFile.toAbsolutePath().toString(), file,
                        header.length, id, slot, faults))
                .collect();
        List<Part> sorted = new ArrayList<>(parts);
        sorted.sort((x, y) -> Long.compare(x.firstLine, y.firstLine));
        List<String> ids = new ArrayList<>();
        int w = probe.wordsPerRecord();
        long total = 0;
        for (Part p : sorted) {
            total += p.ids.size();
        }
        if (total * w > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(total + " encodings do not fit in one array on the driver");
        }
        long[] words = new long[(int) (total * w)];
        int at = 0;
        BadRows bad = new BadRows();
        for (Part p : sorted) {
            ids.addAll(p.ids);
            System.arraycopy(p.words, 0, words, at, p.ids.size() * w);
            at += p.ids.size() * w;
            bad.merge(p.bad);
        }
        return new Encoded(new ClkSet(ids, probe.outputBits(), words), bad);
    }

    private static String strip(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    private static String[] parse(String line, Path file) throws IOException {
        try (CsvReader r = new CsvReader(new StringReader(line), file)) {
            String[] v = r.next();
            if (v == null) {
                throw new IOException(file + ": empty line");
            }
            return v;
        }
    }

    /** The encodings of one partition's lines. */
    static final class Part implements Serializable {
        private static final long serialVersionUID = 1L;
        long firstLine = Long.MAX_VALUE;
        final List<String> ids = new ArrayList<>();
        long[] words = new long[0];
        final BadRows bad = new BadRows();
    }

    /** Encodes the lines of a partition (line 1, the header, is skipped). Holds data only. */
    private static final class EncodeLines implements FlatMapFunction<Iterator<Tuple2<String, Long>>, Part> {
        private static final long serialVersionUID = 1L;
        private final String schemaJson;
        private final String secretFile;
        private final String file;
        private final int columns;
        private final int idIndex;
        private final int[] slot;
        private final FaultInjection faults;

        EncodeLines(String schemaJson, String secretFile, String file, int columns, int idIndex, int[] slot,
                FaultInjection faults) {
            this.schemaJson = schemaJson;
            this.secretFile = secretFile;
            this.file = file;
            this.columns = columns;
            this.idIndex = idIndex;
            this.slot = slot.clone();
            this.faults = faults;
        }

        @Override
        public Iterator<Part> call(Iterator<Tuple2<String, Long>> lines) {
            faults.maybeFail("encoding a partition of " + file);
            ClkEncoder enc;
            try {
                enc = ClkEncoder.create(LinkageSchema.parse(schemaJson, "schema"),
                        LinkageSecret.read(Path.of(secretFile)));
            } catch (IOException e) {
                throw new UncheckedIOException("executor cannot read the linkage secret " + secretFile, e);
            }
            int w = enc.wordsPerRecord();
            Part part = new Part();
            long[] buf = new long[1024 * w];
            int n = 0;
            String[] values = new String[slot.length];
            Path path = Path.of(file);
            while (lines.hasNext()) {
                Tuple2<String, Long> t = lines.next();
                long lineNo = t._2() + 1;
                part.firstLine = Math.min(part.firstLine, lineNo);
                if (lineNo == 1 || t._1().isBlank()) {
                    continue;
                }
                String[] row;
                try {
                    row = parse(t._1(), path);
                } catch (IOException | RuntimeException e) {
                    part.bad.add(file + ":" + lineNo + ": " + e.getMessage());
                    continue;
                }
                if (row.length != columns) {
                    part.bad.add(file + ":" + lineNo + ": " + row.length + " values, but the header has " + columns
                            + " columns");
                    continue;
                }
                String id = row[idIndex];
                if (id.isBlank() || id.length() > 10_000) {
                    part.bad.add(file + ":" + lineNo + ": record id empty or longer than 10000 characters");
                    continue;
                }
                for (int i = 0; i < slot.length; i++) {
                    values[i] = row[slot[i]];
                }
                if ((n + 1) * w > buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                try {
                    enc.encode(values, buf, n * w);
                } catch (FieldValueException e) {
                    Arrays.fill(buf, n * w, (n + 1) * w, 0L);
                    part.bad.add(file + ":" + lineNo + ": field " + e.field() + ": " + e.getMessage());
                    continue;
                }
                part.ids.add(id);
                n++;
            }
            part.words = Arrays.copyOf(buf, n * w);
            return Collections.singletonList(part).iterator();
        }
    }
}
