package org.privet.onnx;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reader of the protocol-buffers wire format (proto2/proto3 encoding): base-128
 * varints, little-endian fixed 32- and 64-bit values, and length-delimited fields. It reads a window
 * {@code [position, end)} of a byte array and never reads outside it: a varint longer than 10 bytes,
 * a length that runs past the window, a group (wire types 3 and 4, unused by ONNX) or an unknown
 * wire type throws {@link ProtoFormatException} naming the byte offset.
 *
 * <p>Usage: {@code while (r.hasMore()) { int tag = r.readTag(); switch (tag >>> 3) ... }}. Not
 * thread safe (it has a cursor); the underlying array is never modified.
 */
final class ProtoReader {
    static final int VARINT = 0;
    static final int FIXED64 = 1;
    static final int LENGTH_DELIMITED = 2;
    static final int FIXED32 = 5;

    private final byte[] buf;
    private final int end;
    private int pos;

    ProtoReader(byte[] buf) {
        this(buf, 0, buf.length);
    }

    private ProtoReader(byte[] buf, int from, int end) {
        this.buf = buf;
        this.pos = from;
        this.end = end;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** Current offset in the whole array (for error messages). */
    int position() {
        return pos;
    }

    /**
     * Reads a field key: {@code (field number << 3) | wire type}; checks the field number is
     * {@code >= 1} and the wire type is one of 0, 1, 2, 5.
     */
    int readTag() throws ProtoFormatException {
        int at = pos;
        long key = readVarint();
        if (key > 0xFFFF_FFFFL || key < 0) {
            throw new ProtoFormatException(at, "field key " + Long.toUnsignedString(key) + " does not fit 32 bits");
        }
        int tag = (int) key;
        int field = tag >>> 3;
        int wire = tag & 7;
        if (field == 0) {
            throw new ProtoFormatException(at, "field number 0 is invalid (wire type " + wire + ")");
        }
        if (wire == 3 || wire == 4) {
            throw new ProtoFormatException(at, "field " + field + " uses a group (wire type " + wire
                    + "), which ONNX never does");
        }
        if (wire != VARINT && wire != FIXED64 && wire != LENGTH_DELIMITED && wire != FIXED32) {
            throw new ProtoFormatException(at, "field " + field + " has invalid wire type " + wire);
        }
        return tag;
    }

    long readVarint() throws ProtoFormatException {
        int at = pos;
        long v = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (pos >= end) {
                throw new ProtoFormatException(at, "truncated varint (the data ends after " + (pos - at) + " bytes)");
            }
            byte b = buf[pos++];
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new ProtoFormatException(at, "varint longer than 10 bytes");
    }

    /** A varint that must fit a non-negative int (lengths, counts). */
    int readLength() throws ProtoFormatException {
        int at = pos;
        long v = readVarint();
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new ProtoFormatException(at, "length " + Long.toUnsignedString(v) + " is out of range");
        }
        if (v > end - pos) {
            throw new ProtoFormatException(at, "length-delimited field of " + v + " bytes runs past the end of its "
                    + "message (" + (end - pos) + " bytes remain)");
        }
        return (int) v;
    }

    int readFixed32() throws ProtoFormatException {
        need(4, "fixed32");
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8 | (buf[pos + 2] & 0xFF) << 16 | (buf[pos + 3] & 0xFF) << 24;
        pos += 4;
        return v;
    }

    long readFixed64() throws ProtoFormatException {
        need(8, "fixed64");
        long lo = readFixed32() & 0xFFFF_FFFFL;
        long hi = readFixed32() & 0xFFFF_FFFFL;
        return lo | hi << 32;
    }

    float readFloat() throws ProtoFormatException {
        return Float.intBitsToFloat(readFixed32());
    }

    /** A reader over the next length-delimited field's payload; this reader skips past it. */
    ProtoReader readMessage() throws ProtoFormatException {
        int len = readLength();
        ProtoReader sub = new ProtoReader(buf, pos, pos + len);
        pos += len;
        return sub;
    }

    byte[] readBytes() throws ProtoFormatException {
        int len = readLength();
        byte[] out = new byte[len];
        System.arraycopy(buf, pos, out, 0, len);
        pos += len;
        return out;
    }

    /** Length of the next length-delimited field, skipping it (for large payloads only measured). */
    int skipBytes() throws ProtoFormatException {
        int len = readLength();
        pos += len;
        return len;
    }

    String readString() throws ProtoFormatException {
        int at = pos;
        byte[] b = readBytes();
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(b)).toString();
        } catch (CharacterCodingException e) {
            throw new ProtoFormatException(at, "string field is not valid UTF-8");
        }
    }

    /** Skips a field of the given wire type. */
    void skip(int wireType) throws ProtoFormatException {
        switch (wireType) {
            case VARINT -> readVarint();
            case FIXED64 -> {
                need(8, "fixed64");
                pos += 8;
            }
            case LENGTH_DELIMITED -> skipBytes();
            case FIXED32 -> {
                need(4, "fixed32");
                pos += 4;
            }
            default -> throw new ProtoFormatException(pos, "cannot skip wire type " + wireType);
        }
    }

    /**
     * Reads a repeated int64 field, packed (wire type 2) or not (wire type 0), appending to {@code out}.
     */
    void readInt64s(int wireType, LongList out) throws ProtoFormatException {
        if (wireType == VARINT) {
            out.add(readVarint());
        } else if (wireType == LENGTH_DELIMITED) {
            ProtoReader p = readMessage();
            while (p.hasMore()) {
                out.add(p.readVarint());
            }
        } else {
            throw new ProtoFormatException(pos, "repeated int64 field with wire type " + wireType);
        }
    }

    /** Number of fixed32 values in a repeated float field (packed or one unpacked value), skipping them. */
    int countFixed32(int wireType) throws ProtoFormatException {
        if (wireType == FIXED32) {
            skip(FIXED32);
            return 1;
        }
        if (wireType == LENGTH_DELIMITED) {
            int at = pos;
            int len = skipBytes();
            if (len % 4 != 0) {
                throw new ProtoFormatException(at, "packed float field of " + len + " bytes is not a multiple of 4");
            }
            return len / 4;
        }
        throw new ProtoFormatException(pos, "repeated float field with wire type " + wireType);
    }

    /** Number of values in a repeated varint field (packed or unpacked), skipping them. */
    int countVarints(int wireType) throws ProtoFormatException {
        if (wireType == VARINT) {
            readVarint();
            return 1;
        }
        if (wireType == LENGTH_DELIMITED) {
            ProtoReader p = readMessage();
            int n = 0;
            while (p.hasMore()) {
                p.readVarint();
                n++;
            }
            return n;
        }
        throw new ProtoFormatException(pos, "repeated varint field with wire type " + wireType);
    }

    /** Number of fixed64 values (packed or unpacked), skipping them. */
    int countFixed64(int wireType) throws ProtoFormatException {
        if (wireType == FIXED64) {
            skip(FIXED64);
            return 1;
        }
        if (wireType == LENGTH_DELIMITED) {
            int at = pos;
            int len = skipBytes();
            if (len % 8 != 0) {
                throw new ProtoFormatException(at, "packed double field of " + len + " bytes is not a multiple of 8");
            }
            return len / 8;
        }
        throw new ProtoFormatException(pos, "repeated fixed64 field with wire type " + wireType);
    }

    /** Checks the wire type of a field the schema fixes. */
    static void expect(int tag, int wireType, String what, int offset) throws ProtoFormatException {
        if ((tag & 7) != wireType) {
            throw new ProtoFormatException(offset, what + " (field " + (tag >>> 3) + ") has wire type " + (tag & 7)
                    + ", expected " + wireType);
        }
    }

    private void need(int n, String what) throws ProtoFormatException {
        if (end - pos < n) {
            throw new ProtoFormatException(pos, "truncated " + what + " (" + (end - pos) + " of " + n + " bytes)");
        }
    }

    /** A growable primitive long list (no boxing). */
    static final class LongList {
        private long[] a = new long[4];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        long[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }

    /** A wire-format error at a byte offset. */
    static final class ProtoFormatException extends Exception {
        private static final long serialVersionUID = 1L;
        private final int offset;

        ProtoFormatException(int offset, String message) {
            super("byte " + offset + ": " + message);
            this.offset = offset;
        }

        int offset() {
            return offset;
        }
    }
}
