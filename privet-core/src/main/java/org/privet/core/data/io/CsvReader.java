package org.privet.core.data.io;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.privet.core.data.DataFormatException;

/**
 * RFC 4180 record reader: fields separated by a delimiter, optionally enclosed in double quotes,
 * a doubled quote inside a quoted field is one quote, quoted fields may span lines; CRLF, LF and CR
 * line ends. Optional trimming of unquoted fields (and of blanks around quoted ones), comment
 * lines and blank-line skipping. Not thread safe.
 */
final class CsvReader {
    private final Reader in;
    private final Path file;
    private final char delimiter;
    private final char quote;
    private final boolean trim;
    private final String commentPrefix;
    private final char[] buf = new char[1 << 16];
    private int pos;
    private int len;
    private long line = 1;
    private long recordLine;
    private final StringBuilder field = new StringBuilder();

    CsvReader(Reader in, Path file, char delimiter, char quote, boolean trim, String commentPrefix) {
        this.in = in;
        this.file = file;
        this.delimiter = delimiter;
        this.quote = quote;
        this.trim = trim;
        this.commentPrefix = commentPrefix == null || commentPrefix.isEmpty() ? null : commentPrefix;
    }

    /** The 1-based line on which the last record returned by {@link #next()} started. */
    long recordLine() {
        return recordLine;
    }

    /** The next record, or null at end of input. Blank lines and comment lines are skipped. */
    String[] next() throws IOException {
        while (true) {
            int c = peek();
            if (c < 0) {
                return null;
            }
            if (c == '\n' || c == '\r') {
                consumeLineEnd();
                continue;
            }
            if (commentPrefix != null && startsWithComment()) {
                skipLine();
                continue;
            }
            recordLine = line;
            String[] rec = readRecord();
            if (rec.length == 1 && rec[0].isEmpty()) {
                continue; // a line of blanks only
            }
            return rec;
        }
    }

    private String[] readRecord() throws IOException {
        List<String> fields = new ArrayList<>();
        while (true) {
            field.setLength(0);
            boolean quoted = false;
            // leading blanks before a possible opening quote
            int c = peek();
            if (trim) {
                while (isBlank(c)) {
                    pos++;
                    c = peek();
                }
            }
            if (c == quote) {
                quoted = true;
                pos++;
                long startLine = line;
                while (true) {
                    c = read();
                    if (c < 0) {
                        throw new DataFormatException(file, startLine, null, "quoted field is not closed before end of file");
                    }
                    if (c == quote) {
                        if (peek() == quote) {
                            pos++;
                            field.append(quote);
                        } else {
                            break;
                        }
                    } else {
                        if (c == '\n') {
                            line++;
                        } else if (c == '\r') {
                            line++;
                            if (peek() == '\n') {
                                pos++;
                                field.append('\r');
                                c = '\n';
                            }
                        }
                        field.append((char) c);
                    }
                }
                // after the closing quote: blanks (when trimming), then a delimiter or line end
                c = peek();
                while (trim && isBlank(c)) {
                    pos++;
                    c = peek();
                }
                if (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    throw new DataFormatException(file, line, null, "unexpected character '" + (char) c
                            + "' after a closing quote (field " + (fields.size() + 1) + ")");
                }
            } else {
                while (c >= 0 && c != delimiter && c != '\n' && c != '\r') {
                    field.append((char) c);
                    pos++;
                    c = peek();
                }
            }
            String f = quoted || !trim ? field.toString() : field.toString().strip();
            fields.add(f);
            c = peek();
            if (c == delimiter) {
                pos++;
                continue;
            }
            if (c == '\n' || c == '\r') {
                consumeLineEnd();
            }
            return fields.toArray(new String[0]);
        }
    }

    /** A space or tab that is not the delimiter. */
    private boolean isBlank(int c) {
        return (c == ' ' || c == '\t') && c != delimiter;
    }

    private boolean startsWithComment() throws IOException {
        if (len - pos < commentPrefix.length()) {
            // move the tail to the front and top up the buffer
            System.arraycopy(buf, pos, buf, 0, len - pos);
            len -= pos;
            pos = 0;
            int r;
            while (len < commentPrefix.length() && (r = in.read(buf, len, buf.length - len)) > 0) {
                len += r;
            }
        }
        if (len - pos < commentPrefix.length()) {
            return false;
        }
        for (int i = 0; i < commentPrefix.length(); i++) {
            if (buf[pos + i] != commentPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void skipLine() throws IOException {
        int c;
        while ((c = peek()) >= 0 && c != '\n' && c != '\r') {
            pos++;
        }
        if (c >= 0) {
            consumeLineEnd();
        }
    }

    private void consumeLineEnd() throws IOException {
        int c = read();
        if (c == '\r' && peek() == '\n') {
            pos++;
        }
        line++;
    }

    private int peek() throws IOException {
        if (pos >= len) {
            len = in.read(buf, 0, buf.length);
            pos = 0;
            if (len <= 0) {
                len = 0;
                return -1;
            }
        }
        return buf[pos];
    }

    private int read() throws IOException {
        int c = peek();
        if (c >= 0) {
            pos++;
        }
        return c;
    }
}
