package org.privet.mpc.secagg;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Message encoding: big-endian fixed-width fields, a type byte first. Readers check every bound. */
final class Wire {
    // client -> server
    static final byte ADVERTISE = 1;
    static final byte SHARES = 2;
    static final byte MASKED = 3;
    static final byte UNMASK = 4;
    // server -> client
    static final byte KEYS = 11;
    static final byte CIPHERTEXTS = 12;
    static final byte SURVIVORS = 13;
    static final byte DONE = 14;
    static final byte ABORT = 15;

    private static final java.lang.invoke.VarHandle INT_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            int[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
            long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    private Wire() {
    }

    static String typeName(byte t) {
        return switch (t) {
            case ADVERTISE -> "AdvertiseKeys";
            case SHARES -> "ShareKeys";
            case MASKED -> "MaskedInput";
            case UNMASK -> "Unmasking";
            case KEYS -> "key list";
            case CIPHERTEXTS -> "share ciphertexts";
            case SURVIVORS -> "survivor list";
            case DONE -> "done";
            case ABORT -> "abort";
            default -> "unknown type " + t;
        };
    }

    /** A growable big-endian writer. */
    static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[Math.max(16, capacity)];
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        Writer u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
            return this;
        }

        Writer i32(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
            return this;
        }

        Writer bytes(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
            return this;
        }

        Writer lenBytes(byte[] b) {
            return i32(b.length).bytes(b);
        }

        Writer utf8(String s) {
            return lenBytes(s.getBytes(StandardCharsets.UTF_8));
        }

        /** Packs {@code v[i]} (each {@code < 2^(8*eb)}) little-endian into {@code eb} bytes each. */
        Writer packed(long[] v, int eb) {
            ensure(v.length * eb);
            if (eb == 4) {
                for (long x : v) {
                    INT_LE.set(buf, pos, (int) x);
                    pos += 4;
                }
                return this;
            }
            if (eb == 8) {
                for (long x : v) {
                    LONG_LE.set(buf, pos, x);
                    pos += 8;
                }
                return this;
            }
            for (long x : v) {
                for (int b = 0; b < eb; b++) {
                    buf[pos++] = (byte) (x >>> (8 * b));
                }
            }
            return this;
        }

        byte[] toBytes() {
            return pos == buf.length ? buf : Arrays.copyOf(buf, pos);
        }
    }

    /** A reader whose every read checks the bound; errors are {@link IllegalArgumentException}s. */
    static final class Reader {
        private final byte[] buf;
        private int pos;
        private final String what;

        Reader(byte[] buf, String what) {
            this.buf = buf;
            this.what = what;
        }

        private void need(int n) {
            if (n < 0 || pos + n > buf.length) {
                throw new IllegalArgumentException(what + ": message truncated: needs " + n + " more bytes at offset "
                        + pos + " of " + buf.length);
            }
        }

        int u8() {
            need(1);
            return buf[pos++] & 0xFF;
        }

        int i32() {
            need(4);
            int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8)
                    | (buf[pos + 3] & 0xFF);
            pos += 4;
            return v;
        }

        /** An int in {@code [lo, hi]}, or an error naming {@code field}. */
        int i32(String field, int lo, int hi) {
            int v = i32();
            if (v < lo || v > hi) {
                throw new IllegalArgumentException(what + ": " + field + " must be in [" + lo + ", " + hi
                        + "]. Provided value: " + v);
            }
            return v;
        }

        byte[] bytes(int n) {
            need(n);
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }

        byte[] lenBytes(int max) {
            int n = i32("length", 0, max);
            return bytes(n);
        }

        String utf8() {
            return new String(lenBytes(1 << 16), StandardCharsets.UTF_8);
        }

        /** Reads {@code n} little-endian {@code eb}-byte words; each must be {@code <= mask}. */
        long[] packed(int n, int eb, long mask) {
            need(n * eb);
            long[] out = new long[n];
            for (int i = 0; i < n; i++) {
                long x = 0;
                for (int b = 0; b < eb; b++) {
                    x |= (buf[pos++] & 0xFFL) << (8 * b);
                }
                if ((x & ~mask) != 0) {
                    throw new IllegalArgumentException(what + ": element " + i + " is out of range [0, 2^k): "
                            + Long.toUnsignedString(x) + " > " + Long.toUnsignedString(mask));
                }
                out[i] = x;
            }
            return out;
        }

        /** As {@link #packed}, into {@code out} (all of it). */
        void packedInto(long[] out, int eb, long mask) {
            int n = out.length;
            need(n * eb);
            if (eb == 4 || eb == 8) {
                long bad = 0;
                int p = pos;
                if (eb == 4) {
                    for (int i = 0; i < n; i++, p += 4) {
                        long x = ((int) INT_LE.get(buf, p)) & 0xFFFFFFFFL;
                        bad |= x & ~mask;
                        out[i] = x;
                    }
                } else {
                    for (int i = 0; i < n; i++, p += 8) {
                        long x = (long) LONG_LE.get(buf, p);
                        bad |= x & ~mask;
                        out[i] = x;
                    }
                }
                if (bad == 0) {
                    pos = p;
                    return;
                }
                // fall through to the element-wise loop, which names the first bad element
            }
            for (int i = 0; i < n; i++) {
                long x = 0;
                for (int b = 0; b < eb; b++) {
                    x |= (buf[pos++] & 0xFFL) << (8 * b);
                }
                if ((x & ~mask) != 0) {
                    throw new IllegalArgumentException(what + ": element " + i + " is out of range [0, 2^k): "
                            + Long.toUnsignedString(x) + " > " + Long.toUnsignedString(mask));
                }
                out[i] = x;
            }
        }

        int remaining() {
            return buf.length - pos;
        }

        void end() {
            if (pos != buf.length) {
                throw new IllegalArgumentException(what + ": " + (buf.length - pos) + " unexpected trailing bytes");
            }
        }
    }
}
