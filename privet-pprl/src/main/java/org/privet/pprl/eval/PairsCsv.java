package org.privet.pprl.eval;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.privet.pprl.link.Match;

/**
 * The pairs CSV: UTF-8, comma-separated, RFC 4180 quoting, a header row. Written as
 * {@code id_a,id_b,score}; read with the first two columns as the ids and an optional column named
 * {@code score} (a number in [0, 1]); other columns are ignored. The same reader reads truth files
 * ({@code id_a,id_b}). Stateless; thread safe.
 */
public final class PairsCsv {
    private PairsCsv() {
    }

    /** A pair with its score ({@code NaN} when the file has no score column). */
    public record ScoredPair(Pair pair, double score) {
    }

    /**
     * Writes {@code matches} to {@code target} atomically: a temp file beside it, then a move; on failure the
     * temp file is deleted and {@code target} is left as it was.
     */
    public static void write(Path target, List<Match> matches) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        boolean done = false;
        try {
            try (Writer w = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
                w.write("id_a,id_b,score\n");
                StringBuilder sb = new StringBuilder(64);
                for (Match m : matches) {
                    sb.setLength(0);
                    quote(sb, m.idA());
                    sb.append(',');
                    quote(sb, m.idB());
                    sb.append(',').append(m.score()).append('\n');
                    w.append(sb);
                }
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    static void quote(StringBuilder sb, String s) {
        boolean needs = s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0
                || s.indexOf('\r') >= 0 || (!s.isEmpty() && (s.charAt(0) == ' ' || s.charAt(s.length() - 1) == ' '));
        if (!needs) {
            sb.append(s);
            return;
        }
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                sb.append('"');
            }
            sb.append(c);
        }
        sb.append('"');
    }

    /**
     * Reads a pairs or truth file.
     *
     * @throws PairsFormatException naming the file, line and column of the first problem: no header, fewer
     *                              than two columns, a row with a different number of fields, an empty id,
     *                              a score that is not a number in [0, 1], an unclosed quote
     */
    public static List<ScoredPair> read(Path file) throws IOException {
        List<ScoredPair> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = in.readLine();
            if (line == null) {
                throw new PairsFormatException(file, 1, null, "empty file: a header row (e.g. id_a,id_b) is required");
            }
            if (line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            long lineNo = 1;
            List<String> header = split(file, lineNo, line);
            if (header.size() < 2) {
                throw new PairsFormatException(file, 1, null, "the header needs at least two columns (the ids of "
                        + "the two databases). Found: " + header.size());
            }
            int scoreCol = -1;
            for (int c = 2; c < header.size(); c++) {
                if (header.get(c).trim().toLowerCase(Locale.ROOT).equals("score")) {
                    scoreCol = c;
                }
            }
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                List<String> f = split(file, lineNo, line);
                if (f.size() != header.size()) {
                    throw new PairsFormatException(file, lineNo, null, "expected " + header.size()
                            + " fields (as in the header), found " + f.size());
                }
                for (int c = 0; c < 2; c++) {
                    if (f.get(c).isEmpty()) {
                        throw new PairsFormatException(file, lineNo, header.get(c), "empty record id");
                    }
                }
                double score = Double.NaN;
                if (scoreCol >= 0) {
                    String s = f.get(scoreCol).trim();
                    try {
                        score = Double.parseDouble(s);
                    } catch (NumberFormatException e) {
                        throw new PairsFormatException(file, lineNo, header.get(scoreCol), "'" + s
                                + "' is not a number");
                    }
                    if (!(score >= 0 && score <= 1)) {
                        throw new PairsFormatException(file, lineNo, header.get(scoreCol),
                                "score must be in [0, 1]. Provided value: " + s);
                    }
                }
                out.add(new ScoredPair(new Pair(f.get(0), f.get(1)), score));
            }
        }
        return out;
    }

    /** Reads only the pairs of a file (see {@link #read}). */
    public static List<Pair> readPairs(Path file) throws IOException {
        List<ScoredPair> s = read(file);
        List<Pair> out = new ArrayList<>(s.size());
        for (ScoredPair p : s) {
            out.add(p.pair());
        }
        return out;
    }

    /** Splits one CSV line (RFC 4180 quotes; a quoted field may not span lines in this format). */
    static List<String> split(Path file, long lineNo, String line) throws PairsFormatException {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            cur.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new PairsFormatException(file, lineNo, null, "unclosed quote in field "
                                + (out.size() + 1));
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < n && line.charAt(i) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cur.append(c);
                    }
                }
                if (i < n && line.charAt(i) != ',') {
                    throw new PairsFormatException(file, lineNo, null, "text after the closing quote of field "
                            + (out.size() + 1));
                }
            } else {
                while (i < n && line.charAt(i) != ',') {
                    cur.append(line.charAt(i++));
                }
            }
            out.add(cur.toString());
            if (i >= n) {
                return out;
            }
            i++; // the comma
        }
    }
}
