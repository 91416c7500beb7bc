package org.privet.pprl.encode;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: comma separated, fields optionally in double quotes (a quote inside a quoted
 * field is doubled; quoted fields may span lines), LF or CRLF line ends, a UTF-8 byte-order mark ignored. Not
 * thread-safe.
 */
public final class CsvReader implements Closeable {
    private final Reader in;
    private final Path file;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int lim;
    private long line = 1;
    private long recordLine;
    private boolean first = true;
    private final StringBuilder sb = new StringBuilder();
    private final List<String> row = new ArrayList<>();

    /** @param file the file name for messages */
    public CsvReader(Reader in, Path file) {
        this.in = in;
        this.file = file;
    }

    /** The line where the last record returned by {@link #next()} started (1-based). */
    public long recordLine() {
        return recordLine;
    }

    private int read() throws IOException {
        if (pos == lim) {
            lim = in.read(buf, 0, buf.length);
            pos = 0;
            if (lim <= 0) {
                lim = 0;
                return -1;
            }
        }
        return buf[pos++];
    }

    private void unread() {
        pos--;
    }

    /** The next record's fields, or null at end of input. A malformed quote is a {@link RecordFormatException}. */
    public String[] next() throws IOException {
        int c = read();
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        // skip fully empty lines between records
        while (c == '\n' || c == '\r') {
            if (c == '\n') {
                line++;
            }
            c = read();
        }
        if (c == -1) {
            return null;
        }
        recordLine = line;
        row.clear();
        sb.setLength(0);
        boolean quoted = false;
        boolean afterQuote = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new RecordFormatException(file, recordLine, 0, null, null,
                            "a quoted field is not closed before the end of the file", null);
                }
                if (c == '"') {
                    int d = read();
                    if (d == '"') {
                        sb.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = d;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    sb.append((char) c);
                }
                c = read();
                continue;
            }
            if (c == ',' ) {
                row.add(sb.toString());
                sb.setLength(0);
                afterQuote = false;
            } else if (c == '\n' || c == -1) {
                if (c == '\n') {
                    line++;
                }
                int n = sb.length();
                if (!afterQuote && n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                row.add(sb.toString());
                return row.toArray(new String[0]);
            } else if (c == '\r' && afterQuote) {
                // CRLF after a closing quote: drop the CR
            } else if (c == '"' && sb.length() == 0 && !afterQuote) {
                quoted = true;
            } else if (afterQuote) {
                throw new RecordFormatException(file, line, 0, null, null,
                        "unexpected character '" + (char) c + "' after a closing quote (field " + (row.size() + 1)
                                + ")", null);
            } else {
                sb.append((char) c);
            }
            c = read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** Quotes a value for CSV output when it needs it (comma, quote, CR or LF). */
    public static String quote(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }
}
