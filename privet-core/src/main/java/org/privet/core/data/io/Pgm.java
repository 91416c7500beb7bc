package org.privet.core.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.privet.core.data.DataFormatException;

/**
 * Reader of Netpbm grey maps: binary {@code P5} and plain-text {@code P2}, 8-bit
 * ({@code maxval <= 255}) and 16-bit big-endian ({@code maxval <= 65535}), header comments
 * ({@code #} to end of line). Only the first image of a multi-image file is read. Stateless.
 */
public final class Pgm {
    private Pgm() {
    }

    /**
     * A grey image: {@code pixels[y * width + x]} in [0, 1] ({@code value / maxval}).
     *
     * @param width  columns
     * @param height rows
     * @param pixels row-major intensities in [0, 1]
     */
    public record Image(int width, int height, float[] pixels) {
    }

    /** Reads {@code file} (gzipped allowed). */
    public static Image read(Path file) {
        try (InputStream in = DataFiles.open(file)) {
            return read(in, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a PGM image from {@code in}; {@code file} is for error messages only. */
    public static Image read(InputStream in, Path file) throws IOException {
        int m0 = in.read();
        int m1 = in.read();
        if (m0 != 'P' || (m1 != '5' && m1 != '2')) {
            throw new DataFormatException(file, "not a PGM image: magic must be P5 or P2");
        }
        boolean binary = m1 == '5';
        int[] last = new int[1];
        long width = headerInt(in, file, "width", last);
        long height = headerInt(in, file, "height", last);
        long maxval = headerInt(in, file, "maxval", last);
        if (width < 1 || height < 1) {
            throw new DataFormatException(file, "PGM size must be positive. Provided value: " + width + "x" + height);
        }
        if (maxval < 1 || maxval > 65535) {
            throw new DataFormatException(file, "PGM maxval must be in [1, 65535]. Provided value: " + maxval);
        }
        if (width * height > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file, "PGM image " + width + "x" + height + " is too large");
        }
        if (!Character.isWhitespace(last[0])) {
            throw new DataFormatException(file, "PGM header must end with one whitespace character");
        }
        int n = (int) (width * height);
        float[] px = new float[n];
        float fmax = maxval;
        if (binary) {
            int bytes = maxval < 256 ? 1 : 2;
            byte[] raw = in.readNBytes(n * bytes);
            if (raw.length < n * bytes) {
                throw new DataFormatException(file, "truncated PGM data: " + width + "x" + height + " pixels of " + bytes
                        + " byte(s) need " + (long) n * bytes + " bytes after the header, found " + raw.length);
            }
            for (int i = 0; i < n; i++) {
                int v = bytes == 1 ? raw[i] & 0xff : ((raw[2 * i] & 0xff) << 8) | (raw[2 * i + 1] & 0xff);
                if (v > maxval) {
                    throw new DataFormatException(file, "pixel " + i + " has value " + v + " above maxval " + maxval);
                }
                px[i] = v / fmax;
            }
        } else {
            for (int i = 0; i < n; i++) {
                long v = headerInt(in, file, "pixel " + i, last);
                if (v > maxval) {
                    throw new DataFormatException(file, "pixel " + i + " has value " + v + " above maxval " + maxval);
                }
                px[i] = v / fmax;
            }
        }
        return new Image((int) width, (int) height, px);
    }

    /** Skips blanks and comments, then reads a decimal integer; {@code last[0]} gets the byte after it. */
    private static long headerInt(InputStream in, Path file, String what, int[] last) throws IOException {
        int c = in.read();
        while (true) {
            if (c == '#') {
                while (c >= 0 && c != '\n' && c != '\r') {
                    c = in.read();
                }
            } else if (c >= 0 && Character.isWhitespace(c)) {
                c = in.read();
            } else {
                break;
            }
        }
        if (c < '0' || c > '9') {
            throw new DataFormatException(file, "PGM: expected the " + what + " as a decimal number, found "
                    + (c < 0 ? "end of file" : "'" + (char) c + "'"));
        }
        long v = 0;
        while (c >= '0' && c <= '9') {
            v = v * 10 + (c - '0');
            if (v > Integer.MAX_VALUE) {
                throw new DataFormatException(file, "PGM: " + what + " is too large");
            }
            c = in.read();
        }
        last[0] = c;
        return v;
    }
}
