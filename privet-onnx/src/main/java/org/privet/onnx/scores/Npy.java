package org.privet.onnx.scores;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.privet.core.data.DataFormatException;

/**
 * A reader of numpy's {@code .npy} files (format versions 1.0, 2.0 and 3.0): the magic
 * {@code \x93NUMPY}, a little-endian header length (2 bytes in v1, 4 in v2/v3), a Python-literal
 * header {@code {'descr': '<f4', 'fortran_order': False, 'shape': (n, c), }}, then the data in C
 * (row-major) order.
 *
 * <p>Element types: {@code <f4}, {@code <f8}, {@code |b1} (bool), {@code <i8}, and also
 * {@code <i4}, {@code |i1}, {@code |u1}. Big-endian data, Fortran order, object arrays and other
 * types are refused with a {@link DataFormatException} naming the file and the header; so is a data
 * section shorter or longer than the shape says. Stateless and thread safe.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private Npy() {
    }

    /**
     * An array read from a file: its numpy type string (e.g. {@code <f4}), its shape, and its values
     * as doubles in C order (bools as 0/1; int64 values beyond 2^53 lose precision).
     */
    public record Array(String dtype, int[] shape, double[] values) {
        /** Number of dimensions. */
        public int rank() {
            return shape.length;
        }

        /** Whether the values are floating point ({@code f4}/{@code f8}). */
        public boolean isFloat() {
            return dtype.endsWith("f4") || dtype.endsWith("f8");
        }

        @Override
        public String toString() {
            return dtype + Arrays.toString(shape);
        }
    }

    /**
     * Reads {@code file}.
     *
     * @throws DataFormatException naming the file when it is not a supported .npy array
     * @throws IOException when it cannot be read
     */
    public static Array read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return parse(b, file);
    }

    /** {@link #read} on bytes already in memory; {@code file} names them in messages. */
    public static Array parse(byte[] b, Path file) {
        if (b.length < 10 || !Arrays.equals(Arrays.copyOf(b, 6), MAGIC)) {
            throw new DataFormatException(file, "not a .npy file (no \\x93NUMPY magic at the start)");
        }
        int major = b[6] & 0xFF;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (b[8] & 0xFF) | (b[9] & 0xFF) << 8;
            start = 10;
        } else if (major == 2 || major == 3) {
            if (b.length < 12) {
                throw new DataFormatException(file, ".npy header truncated");
            }
            long len = (b[8] & 0xFFL) | (b[9] & 0xFFL) << 8 | (b[10] & 0xFFL) << 16 | (b[11] & 0xFFL) << 24;
            if (len > Integer.MAX_VALUE) {
                throw new DataFormatException(file, ".npy header length " + len + " is out of range");
            }
            headerLen = (int) len;
            start = 12;
        } else {
            throw new DataFormatException(file, ".npy format version " + major + "." + (b[7] & 0xFF)
                    + " is not supported (1.0, 2.0 and 3.0 are)");
        }
        if (headerLen > b.length - start) {
            throw new DataFormatException(file, ".npy header of " + headerLen + " bytes runs past the end of the file ("
                    + (b.length - start) + " bytes remain): truncated");
        }
        String header = new String(b, start, headerLen, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                .trim();
        Matcher d = DESCR.matcher(header);
        Matcher f = FORTRAN.matcher(header);
        Matcher s = SHAPE.matcher(header);
        if (!d.find() || !f.find() || !s.find()) {
            throw new DataFormatException(file, ".npy header must give 'descr', 'fortran_order' and 'shape'; it is: "
                    + header);
        }
        String dtype = d.group(1);
        if (f.group(1).equals("True")) {
            throw new DataFormatException(file, "the array is in Fortran (column-major) order; save it in C order "
                    + "(numpy.ascontiguousarray) — header: " + header);
        }
        int size = switch (dtype) {
            case "<f4", "<i4" -> 4;
            case "<f8", "<i8" -> 8;
            case "|b1", "|i1", "|u1", "<b1", "<i1", "<u1", "=b1", "=i1", "=u1" -> 1;
            default -> throw new DataFormatException(file, "element type '" + dtype + "' is not supported; use "
                    + "<f4, <f8, |b1 or <i8 (little-endian; also <i4, |i1, |u1) — header: " + header);
        };
        String kind = dtype.substring(1);
        int[] shape = shape(s.group(1), file, header);
        long count = 1;
        for (int x : shape) {
            count *= x;
            if (count > Integer.MAX_VALUE) {
                throw new DataFormatException(file, "array of shape " + Arrays.toString(shape) + " is too large");
            }
        }
        int dataStart = start + headerLen;
        long need = count * size;
        long have = b.length - dataStart;
        if (have != need) {
            throw new DataFormatException(file, "shape " + Arrays.toString(shape) + " of " + dtype + " needs " + need
                    + " data bytes but the file has " + have + (have < need ? " (truncated)" : " (trailing bytes)"));
        }
        ByteBuffer buf = ByteBuffer.wrap(b, dataStart, (int) need).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[(int) count];
        for (int i = 0; i < v.length; i++) {
            v[i] = switch (kind) {
                case "f4" -> buf.getFloat();
                case "f8" -> buf.getDouble();
                case "i4" -> buf.getInt();
                case "i8" -> buf.getLong();
                case "i1" -> buf.get();
                case "u1" -> buf.get() & 0xFF;
                case "b1" -> {
                    byte x = buf.get();
                    if (x != 0 && x != 1) {
                        throw new DataFormatException(file, "bool element " + i + " has byte value " + x);
                    }
                    yield x;
                }
                default -> throw new AssertionError("internal invariant: dtype " + dtype);
            };
        }
        return new Array(dtype, shape, v);
    }

    private static int[] shape(String s, Path file, String header) {
        String t = s.trim();
        if (t.isEmpty()) {
            return new int[0];
        }
        String[] parts = t.split(",");
        int n = parts.length;
        if (parts[n - 1].isBlank()) {
            n--;
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            try {
                long v = Long.parseLong(parts[i].trim().replace("L", ""));
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                out[i] = (int) v;
            } catch (NumberFormatException e) {
                throw new DataFormatException(file, ".npy shape entry '" + parts[i].trim() + "' is not a dimension — "
                        + "header: " + header);
            }
        }
        return out;
    }

    /** Writes a little-endian {@code <f4} array (v1 header) — for tests and exports. */
    public static byte[] writeFloat32(float[] values, int... shape) {
        String h = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + shapeLiteral(shape) + "), }";
        return write(h, values.length * 4, bb -> {
            for (float v : values) {
                bb.putFloat(v);
            }
        });
    }

    private static String shapeLiteral(int[] shape) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i]);
        }
        return shape.length == 1 ? b + "," : b.toString();
    }

    private static byte[] write(String dict, int dataBytes, java.util.function.Consumer<ByteBuffer> fill) {
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        byte[] hb = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer bb = ByteBuffer.allocate(10 + hb.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        bb.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) hb.length).put(hb);
        fill.accept(bb);
        return bb.array();
    }
}
