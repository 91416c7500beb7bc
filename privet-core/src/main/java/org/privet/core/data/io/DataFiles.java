package org.privet.core.data.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.privet.core.data.DataFormatException;

/** File helpers shared by the loaders. Stateless and thread safe. */
public final class DataFiles {
    private DataFiles() {
    }

    /**
     * Opens {@code file} for reading, transparently gunzipping it when it starts with the gzip magic
     * bytes {@code 1f 8b} (whatever its name). The caller closes the stream.
     *
     * @throws DataFormatException  when the file does not exist or its gzip header is corrupt
     * @throws UncheckedIOException on other I/O errors
     */
    public static InputStream open(Path file) {
        InputStream raw;
        try {
            raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file, "file does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
            }
            return raw;
        } catch (IOException e) {
            closeQuietly(raw);
            throw new DataFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
        }
    }

    /** The file name without directories and without {@code .gz}, {@code .csv}, {@code .arff}... extensions. */
    public static String baseName(Path file) {
        String n = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        if (n.endsWith(".gz")) {
            n = n.substring(0, n.length() - 3);
        }
        int dot = n.lastIndexOf('.');
        if (dot > 0) {
            n = n.substring(0, dot);
        }
        return n.isBlank() ? "data" : n;
    }

    static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing useful to do; the primary error is being reported
        }
    }
}
