package org.privet.core.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.tensor.Tensor;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST (gzipped or not, detected from the content).
 *
 * <p>An IDX file is a big-endian header {@code 00 00 TYPE NDIMS}, then {@code NDIMS} 32-bit sizes,
 * then the values row-major. Only unsigned bytes ({@code TYPE = 0x08}) are supported, as used by
 * MNIST: images are {@code idx3} (count, rows, columns), labels {@code idx1} (count). The header,
 * the sizes and the exact byte length are checked; a truncated or over-long file is an error
 * naming the file with the expected and actual byte counts. Stateless and thread safe.
 */
public final class IdxLoader {
    private static final int UBYTE = 0x08;

    private IdxLoader() {
    }

    /** An IDX array: its dimensions and its unsigned byte values (row-major). */
    public record IdxArray(int[] dims, byte[] values) {
        /** Value {@code i} as an int in [0, 255]. */
        public int get(int i) {
            return values[i] & 0xff;
        }
    }

    /** Reads any unsigned-byte IDX file. */
    public static IdxArray read(Path file) {
        try (InputStream in = DataFiles.open(file)) {
            byte[] head = in.readNBytes(4);
            if (head.length < 4) {
                throw new DataFormatException(file, "truncated IDX header: expected at least 4 bytes, file has "
                        + head.length);
            }
            if (head[0] != 0 || head[1] != 0) {
                throw new DataFormatException(file, String.format("bad IDX magic %02x %02x %02x %02x: must start with 00 00"
                        + " (is this an IDX file?)", head[0], head[1], head[2], head[3]));
            }
            int type = head[2] & 0xff;
            if (type != UBYTE) {
                throw new DataFormatException(file, String.format("IDX data type 0x%02x is not supported; only unsigned"
                        + " bytes (0x08) are", type));
            }
            int nd = head[3] & 0xff;
            if (nd < 1) {
                throw new DataFormatException(file, "IDX file declares 0 dimensions");
            }
            byte[] dimBytes = in.readNBytes(4 * nd);
            long headerLen = 4L + 4L * nd;
            if (dimBytes.length < 4 * nd) {
                throw new DataFormatException(file, "truncated IDX header: expected " + headerLen + " bytes, file has "
                        + (4 + dimBytes.length));
            }
            int[] dims = new int[nd];
            long total = 1;
            for (int d = 0; d < nd; d++) {
                int v = ((dimBytes[4 * d] & 0xff) << 24) | ((dimBytes[4 * d + 1] & 0xff) << 16)
                        | ((dimBytes[4 * d + 2] & 0xff) << 8) | (dimBytes[4 * d + 3] & 0xff);
                if (v < 0) {
                    throw new DataFormatException(file, "IDX dimension " + d + " is negative: " + v);
                }
                dims[d] = v;
                total *= v;
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file, "IDX array of " + Arrays.toString(dims) + " = " + total
                        + " values is too large for one Java array");
            }
            byte[] values = in.readNBytes((int) total);
            if (values.length < total) {
                throw new DataFormatException(file, "truncated IDX data: " + Arrays.toString(dims) + " needs "
                        + (headerLen + total) + " bytes, file has " + (headerLen + values.length));
            }
            long extra = 0;
            byte[] skip = new byte[8192];
            int r;
            while ((r = in.read(skip)) > 0) {
                extra += r;
            }
            if (extra > 0) {
                throw new DataFormatException(file, "IDX file is longer than its header says: " + Arrays.toString(dims)
                        + " needs " + (headerLen + total) + " bytes, file has " + (headerLen + total + extra));
            }
            return new IdxArray(dims, values);
        } catch (java.io.EOFException e) {
            throw new DataFormatException(file, "truncated gzip stream: " + e.getMessage(), e);
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file, "corrupt gzip data: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads an image file ({@code idx3}) and its label file ({@code idx1}) as a data set of shape
     * {@code [n, 1, rows, cols]} with pixels {@code value / 255} in [0, 1].
     *
     * @param numClasses number of classes (10 for MNIST); labels must be below it
     * @param classNames class names, size {@code numClasses}, or null for {@code "0", "1", ...}
     */
    public static Dataset load(Path images, Path labels, String name, int numClasses, List<String> classNames) {
        if (numClasses < 1 || numClasses > 256) {
            throw new IllegalArgumentException("numClasses must be in [1, 256]. Provided value: " + numClasses);
        }
        IdxArray img = read(images);
        if (img.dims().length != 3) {
            throw new DataFormatException(images, "expected an idx3 image file [count, rows, columns], found "
                    + img.dims().length + " dimensions " + Arrays.toString(img.dims()));
        }
        IdxArray lab = read(labels);
        if (lab.dims().length != 1) {
            throw new DataFormatException(labels, "expected an idx1 label file [count], found " + lab.dims().length
                    + " dimensions " + Arrays.toString(lab.dims()));
        }
        int n = img.dims()[0];
        if (lab.dims()[0] != n) {
            throw new DataFormatException(labels, "has " + lab.dims()[0] + " labels but " + images + " has " + n
                    + " images");
        }
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = lab.get(i);
            if (y[i] >= numClasses) {
                throw new DataFormatException(labels, i + 1, null, "label " + y[i] + " is outside [0, " + numClasses + ")");
            }
        }
        byte[] v = img.values();
        float[] lut = new float[256];
        for (int i = 0; i < 256; i++) {
            lut[i] = i / 255f;
        }
        float[] x = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            x[i] = lut[v[i] & 0xff];
        }
        List<String> names = classNames;
        if (names == null) {
            names = new ArrayList<>(numClasses);
            for (int c = 0; c < numClasses; c++) {
                names.add(Integer.toString(c));
            }
        } else if (names.size() != numClasses) {
            throw new IllegalArgumentException(classNames.size() + " class names for " + numClasses + " classes");
        }
        int h = img.dims()[1];
        int w = img.dims()[2];
        return new Dataset(name, Tensor.wrap(x, n, 1, h, w), y, Schema.image(1, h, w, names));
    }
}
