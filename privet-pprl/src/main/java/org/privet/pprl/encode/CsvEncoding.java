package org.privet.pprl.encode;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.privet.pprl.clk.ClkFile;

/**
 * Streams a CSV of records (header row; RFC 4180) into a {@code .clk} file of CLKs: columns are found by header
 * name, so their order does not matter and columns the schema does not name are ignored. The output is written to
 * a temp file and moved into place only when every record encoded: bad input (a header that lacks a schema column,
 * a row with the wrong number of values, a value a tokenizer cannot read) is a {@link RecordFormatException}
 * naming file, line, record and field, and leaves no output file.
 */
public final class CsvEncoding {
    /** How often (records) progress is reported. */
    public static final int PROGRESS_EVERY = 1000;

    private CsvEncoding() {
    }

    /** What was written. */
    public record Result(long records, int bits, String schemaFingerprint) {
    }

    /**
     * Encodes {@code csv} into {@code target}.
     *
     * @param progress called with the number of records done every {@value #PROGRESS_EVERY} records and at the end
     */
    public static Result encode(Path csv, ClkEncoder encoder, Path target, LongConsumer progress) throws IOException {
        List<String> cols = encoder.columns();
        String idColumn = encoder.schema().idColumn();
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             CsvReader in = new CsvReader(r, csv);
             ClkFile.Writer w = ClkFile.writer(target, encoder.outputBits(), encoder.schema().fingerprint())) {
            String[] header = in.next();
            if (header == null) {
                throw new RecordFormatException(csv, 1, 0, null, null, "empty file: a header row is required", null);
            }
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < header.length; i++) {
                String h = header[i].strip();
                if (index.put(h, i) != null) {
                    throw new RecordFormatException(csv, 1, 0, null, h, "duplicate column in the header", null);
                }
            }
            Integer idIndex = index.get(idColumn);
            if (idIndex == null) {
                throw new RecordFormatException(csv, 1, 0, null, idColumn, "the header lacks the id column '"
                        + idColumn + "' (schema idColumn); header: " + List.of(header), null);
            }
            int[] slot = new int[cols.size()];
            for (int i = 0; i < slot.length; i++) {
                Integer c = index.get(cols.get(i));
                if (c == null) {
                    throw new RecordFormatException(csv, 1, 0, null, cols.get(i), "the header lacks column '"
                            + cols.get(i) + "' that the schema reads (a field or a salt); header: " + List.of(header), null);
                }
                slot[i] = c;
            }
            String[] values = new String[slot.length];
            long[] words = new long[encoder.wordsPerRecord()];
            long n = 0;
            String[] row;
            while ((row = in.next()) != null) {
                n++;
                String id = idIndex < row.length ? row[idIndex] : null;
                if (row.length != header.length) {
                    throw new RecordFormatException(csv, in.recordLine(), n, id, null, row.length
                            + " values, but the header has " + header.length + " columns", null);
                }
                if (id.isBlank()) {
                    throw new RecordFormatException(csv, in.recordLine(), n, null, idColumn, "empty record id", null);
                }
                for (int i = 0; i < slot.length; i++) {
                    values[i] = row[slot[i]];
                }
                try {
                    encoder.encode(values, words, 0);
                } catch (FieldValueException e) {
                    throw new RecordFormatException(csv, in.recordLine(), n, id, e.field(),
                            e.getMessage().substring(e.getMessage().indexOf(": ") + 2), e);
                }
                if (id.length() > 10_000) {
                    throw new RecordFormatException(csv, in.recordLine(), n, null, idColumn,
                            "record id longer than 10000 characters", null);
                }
                w.write(id, words, 0);
                if (progress != null && n % PROGRESS_EVERY == 0) {
                    progress.accept(n);
                }
            }
            w.commit();
            if (progress != null) {
                progress.accept(n);
            }
            return new Result(n, encoder.outputBits(), encoder.schema().fingerprint());
        }
    }
}
