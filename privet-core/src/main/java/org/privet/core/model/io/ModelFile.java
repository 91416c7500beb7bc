package org.privet.core.model.io;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.privet.core.tensor.Tensor;

/**
 * The Privet model file: a versioned, checksummed binary container of a JSON header and named
 * arrays.
 *
 * <p><b>Layout</b> (all integers little-endian, format version {@value #FORMAT_VERSION}):
 * <pre>
 *   magic        8 bytes  "PRIVETMF" (ASCII)
 *   version      int32    format version
 *   headerLen    int32    0..{@value #MAX_HEADER_BYTES}
 *   header       headerLen bytes of UTF-8 JSON: an object with a string "kind" and the codec's fields
 *   count        int32    number of arrays
 *   count times:
 *     nameLen    int32    1..{@value #MAX_NAME_BYTES}
 *     name       nameLen bytes of UTF-8, unique within the file
 *     dtype      uint8    1 = float32, 2 = int32 (int32 arrays have rank 1)
 *     rank       uint8    0..{@value #MAX_RANK}
 *     dims       rank int32, each >= 0
 *     data       4 * prod(dims) bytes, row-major
 *   sha256       32 bytes: SHA-256 of every preceding byte
 * </pre>
 *
 * <p><b>Reading</b> validates in this order and throws {@link ModelFileException}, whose message
 * starts with the path: foreign file ("not a Privet model file"), newer or invalid format version,
 * truncation ("truncated: header says N bytes of tensor 'w', M remain"), other structural
 * damage ("corrupted: ..."), checksum ("corrupted: SHA-256 mismatch"), then the JSON header. Every
 * length is checked against the bytes left in the file before anything is allocated, so a hostile
 * file cannot make the reader allocate more than about the file's own size. Reading streams
 * through a 64 KiB buffer. Unknown kinds are rejected by {@link Models#load}, not here.
 *
 * <p><b>Writing</b> goes to a temporary file in the target's folder that is flushed to disk and
 * then atomically moved over the target, so readers see the old file or the new one, never a
 * partial one; the temporary file is deleted if anything fails.
 *
 * <p>Stateless and thread safe; concurrent writers of the same path leave one complete file.
 */
public final class ModelFile {
    /** The first 8 bytes of every model file. */
    public static final String MAGIC = "PRIVETMF";
    /** The format version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;
    /** Largest JSON header accepted, in bytes. */
    public static final int MAX_HEADER_BYTES = 16 << 20;
    /** Longest array name accepted, in UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 1024;
    /** Highest array rank accepted. */
    public static final int MAX_RANK = 16;

    static final int DTYPE_FLOAT32 = 1;
    static final int DTYPE_INT32 = 2;
    private static final byte[] MAGIC_BYTES = MAGIC.getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    /** magic + version + headerLen + count + digest. */
    private static final int MIN_FILE_BYTES = 8 + 4 + 4 + 4 + DIGEST_BYTES;
    private static final int BUFFER_BYTES = 1 << 16;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFile() {
    }

    /**
     * What a model file holds.
     *
     * @param kind what the arrays encode, e.g. {@code "logistic-regression"}; non-blank
     * @param header the codec's JSON fields (the reserved key {@code "kind"} must not appear)
     * @param tensors named float32 tensors, in file order
     * @param intArrays named 1-D int32 arrays, in file order after the tensors; names are unique
     *     across both maps
     */
    public record Contents(String kind, ObjectNode header, LinkedHashMap<String, Tensor> tensors,
            LinkedHashMap<String, int[]> intArrays) {
        public Contents {
            if (kind == null || kind.isBlank()) {
                throw new IllegalArgumentException("kind must be a non-blank string. Provided value: " + kind);
            }
            if (header == null || tensors == null || intArrays == null) {
                throw new IllegalArgumentException("header, tensors and intArrays must not be null");
            }
            if (header.has("kind")) {
                throw new IllegalArgumentException("header key 'kind' is reserved; pass the kind as the first argument");
            }
            for (String name : intArrays.keySet()) {
                if (tensors.containsKey(name)) {
                    throw new IllegalArgumentException("array name '" + name + "' is used by a tensor and an int array");
                }
            }
        }

        /** Contents without int arrays. */
        public Contents(String kind, ObjectNode header, LinkedHashMap<String, Tensor> tensors) {
            this(kind, header, tensors, new LinkedHashMap<>());
        }

        /**
         * The tensor called {@code name}.
         *
         * @throws IllegalArgumentException if there is none
         */
        public Tensor tensor(String name) {
            Tensor t = tensors.get(name);
            if (t == null) {
                throw new IllegalArgumentException(kind + ": missing tensor '" + name + "'; present: " + tensors.keySet());
            }
            return t;
        }

        /**
         * The int array called {@code name}.
         *
         * @throws IllegalArgumentException if there is none
         */
        public int[] ints(String name) {
            int[] a = intArrays.get(name);
            if (a == null) {
                throw new IllegalArgumentException(kind + ": missing int array '" + name + "'; present: "
                        + intArrays.keySet());
            }
            return a;
        }
    }

    /** A fresh empty JSON object for building headers. */
    public static ObjectNode newHeader() {
        return JSON.createObjectNode();
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes {@code contents} to {@code path} atomically (temporary file in the same folder, then
     * move), replacing any existing file.
     *
     * @throws IllegalArgumentException if a name is empty or longer than {@value #MAX_NAME_BYTES}
     *     UTF-8 bytes, a tensor's rank exceeds {@value #MAX_RANK}, or the header exceeds
     *     {@value #MAX_HEADER_BYTES} bytes
     * @throws IOException if the folder does not exist or cannot be written
     */
    public static void write(Path path, Contents contents) throws IOException {
        ObjectNode json = JSON.createObjectNode();
        json.put("kind", contents.kind());
        json.setAll(contents.header());
        byte[] header = JSON.writeValueAsBytes(json);
        if (header.length > MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("header must be at most " + MAX_HEADER_BYTES + " bytes of JSON. Provided: "
                    + header.length + " bytes");
        }
        for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
            checkName(e.getKey());
            if (e.getValue().rank() > MAX_RANK) {
                throw new IllegalArgumentException("tensor '" + e.getKey() + "': rank must be at most " + MAX_RANK
                        + ". Provided shape: " + e.getValue().shapeString());
            }
        }
        for (String name : contents.intArrays().keySet()) {
            checkName(name);
        }
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = createTemp(dir, target.getFileName().toString());
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                Out out = new Out(ch);
                out.bytes(MAGIC_BYTES);
                out.int32(FORMAT_VERSION);
                out.int32(header.length);
                out.bytes(header);
                out.int32(contents.tensors().size() + contents.intArrays().size());
                for (Map.Entry<String, Tensor> e : contents.tensors().entrySet()) {
                    Tensor t = e.getValue();
                    out.entryHead(e.getKey(), DTYPE_FLOAT32, t.shape());
                    out.floats(t.data());
                }
                for (Map.Entry<String, int[]> e : contents.intArrays().entrySet()) {
                    int[] a = e.getValue();
                    out.entryHead(e.getKey(), DTYPE_INT32, new int[] {a.length});
                    out.ints(a);
                }
                out.finish();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException d) {
                e.addSuppressed(d);
            }
            throw e;
        }
    }

    private static void checkName(String name) {
        int len = name.getBytes(StandardCharsets.UTF_8).length;
        if (len < 1 || len > MAX_NAME_BYTES) {
            throw new IllegalArgumentException("array name must have 1.." + MAX_NAME_BYTES
                    + " UTF-8 bytes. Provided: " + len + " bytes");
        }
    }

    /** A new hidden temporary file ".name.random.tmp" beside the target, with default permissions. */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            Path tmp = dir.resolve("." + name + "." + suffix + ".tmp");
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
    }

    /** Buffered little-endian writer that digests everything it writes. */
    private static final class Out {
        private final FileChannel ch;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final MessageDigest md = sha256();

        Out(FileChannel ch) {
            this.ch = ch;
        }

        void int32(int v) throws IOException {
            room(4);
            buf.putInt(v);
        }

        void bytes(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                room(1);
                int k = Math.min(buf.remaining(), b.length - off);
                buf.put(b, off, k);
                off += k;
            }
        }

        void entryHead(String name, int dtype, int[] shape) throws IOException {
            byte[] nb = name.getBytes(StandardCharsets.UTF_8);
            int32(nb.length);
            bytes(nb);
            room(2);
            buf.put((byte) dtype);
            buf.put((byte) shape.length);
            for (int s : shape) {
                int32(s);
            }
        }

        void floats(float[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                room(4);
                int k = Math.min(buf.remaining() / 4, a.length - off);
                buf.asFloatBuffer().put(a, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
        }

        void ints(int[] a) throws IOException {
            int off = 0;
            while (off < a.length) {
                room(4);
                int k = Math.min(buf.remaining() / 4, a.length - off);
                buf.asIntBuffer().put(a, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
        }

        /** Flushes, then appends the digest of everything written. */
        void finish() throws IOException {
            flush();
            ByteBuffer d = ByteBuffer.wrap(md.digest());
            while (d.hasRemaining()) {
                ch.write(d);
            }
        }

        private void room(int n) throws IOException {
            if (buf.remaining() < n) {
                flush();
            }
        }

        private void flush() throws IOException {
            buf.flip();
            md.update(buf.array(), 0, buf.limit());
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            buf.clear();
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and validates a model file; see the class comment for the checks and their order.
     *
     * @throws ModelFileException if the file is not a valid model file of a supported version
     * @throws IOException if it cannot be read at all (missing, no permission)
     */
    public static Contents read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long len = ch.size();
            ByteBuffer prefix = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            while (prefix.hasRemaining() && ch.read(prefix, prefix.position()) > 0) {
                // read until 12 bytes or end of file
            }
            int have = prefix.position();
            byte[] first = Arrays.copyOf(prefix.array(), Math.min(have, 8));
            if (have < 8) {
                if (Arrays.equals(first, Arrays.copyOf(MAGIC_BYTES, have))) {
                    throw new ModelFileException(path, "truncated: file has " + have
                            + " bytes, fewer than the 8-byte magic");
                }
                throw new ModelFileException(path, foreign(first));
            }
            if (!Arrays.equals(first, MAGIC_BYTES)) {
                throw new ModelFileException(path, foreign(first));
            }
            if (have < 12) {
                throw new ModelFileException(path, "truncated: file has " + have + " bytes and ends inside the format version");
            }
            int version = prefix.getInt(8);
            if (version > FORMAT_VERSION) {
                throw new ModelFileException(path, "written by a newer Privet: format " + version + ", this build reads "
                        + FORMAT_VERSION);
            }
            if (version < 1) {
                throw new ModelFileException(path, "corrupted: format version " + version + " is not valid (versions start at 1)");
            }
            if (len < MIN_FILE_BYTES) {
                throw new ModelFileException(path, "truncated: file has " + len + " bytes; the smallest model file has "
                        + MIN_FILE_BYTES);
            }
            In in = new In(ch, path, len - DIGEST_BYTES);
            in.skip(12);
            int headerLen = in.int32("header length");
            if (headerLen < 0 || headerLen > MAX_HEADER_BYTES) {
                throw new ModelFileException(path, "corrupted: header length " + headerLen + " is outside [0, "
                        + MAX_HEADER_BYTES + "]");
            }
            in.need(headerLen, "header says " + headerLen + " bytes of JSON header");
            byte[] header = in.bytes(headerLen);
            int count = in.int32("array count");
            if (count < 0) {
                throw new ModelFileException(path, "corrupted: array count " + count + " is negative");
            }
            // Each entry takes at least nameLen + 1 name byte + dtype + rank = 7 bytes.
            in.need(7L * count, "header says " + count + " arrays (at least " + 7L * count + " bytes)");
            LinkedHashMap<String, Tensor> tensors = new LinkedHashMap<>();
            LinkedHashMap<String, int[]> ints = new LinkedHashMap<>();
            for (int e = 0; e < count; e++) {
                readEntry(in, path, e, tensors, ints);
            }
            if (in.remaining() != 0) {
                throw new ModelFileException(path, "corrupted: " + in.remaining() + " unexpected bytes after the last of "
                        + count + " arrays");
            }
            byte[] computed = in.digest();
            ByteBuffer stored = ByteBuffer.allocate(DIGEST_BYTES);
            while (stored.hasRemaining()) {
                if (ch.read(stored, len - DIGEST_BYTES + stored.position()) < 0) {
                    throw new ModelFileException(path, "truncated: file shrank while it was being read");
                }
            }
            if (!MessageDigest.isEqual(computed, stored.array())) {
                HexFormat hex = HexFormat.of();
                throw new ModelFileException(path, "corrupted: SHA-256 mismatch (stored " + hex.formatHex(stored.array())
                        + ", computed " + hex.formatHex(computed) + ")");
            }
            return contents(path, header, tensors, ints);
        }
    }

    private static String foreign(byte[] first) {
        return "not a Privet model file (starts with bytes " + HexFormat.ofDelimiter(" ").formatHex(first)
                + ", expected '" + MAGIC + "')";
    }

    private static void readEntry(In in, Path path, int e, LinkedHashMap<String, Tensor> tensors,
            LinkedHashMap<String, int[]> ints) throws IOException {
        int nameLen = in.int32("name length of array " + e);
        if (nameLen < 1 || nameLen > MAX_NAME_BYTES) {
            throw new ModelFileException(path, "corrupted: array " + e + " has name length " + nameLen + ", outside [1, "
                    + MAX_NAME_BYTES + "]");
        }
        in.need(nameLen, "header says " + nameLen + " bytes of name of array " + e);
        String name;
        try {
            name = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in.bytes(nameLen)))
                    .toString();
        } catch (CharacterCodingException ex) {
            throw new ModelFileException(path, "corrupted: name of array " + e + " is not UTF-8", ex);
        }
        if (tensors.containsKey(name) || ints.containsKey(name)) {
            throw new ModelFileException(path, "corrupted: array name '" + name + "' appears twice");
        }
        in.need(2, "array '" + name + "' type and rank");
        int dtype = in.uint8();
        int rank = in.uint8();
        if (dtype != DTYPE_FLOAT32 && dtype != DTYPE_INT32) {
            throw new ModelFileException(path, "corrupted: array '" + name + "' has unknown element type " + dtype
                    + " (1 = float32, 2 = int32)");
        }
        if (rank > MAX_RANK || (dtype == DTYPE_INT32 && rank != 1)) {
            throw new ModelFileException(path, "corrupted: array '" + name + "' has rank " + rank + " (float32: 0.."
                    + MAX_RANK + ", int32: 1)");
        }
        in.need(4L * rank, "header says rank " + rank + " for tensor '" + name + "'");
        int[] shape = new int[rank];
        long elements = 1;
        for (int r = 0; r < rank; r++) {
            shape[r] = in.int32("dimension " + r + " of tensor '" + name + "'");
            if (shape[r] < 0) {
                throw new ModelFileException(path, "corrupted: tensor '" + name + "' has negative dimension " + shape[r]);
            }
            elements *= shape[r];
            if (elements > Integer.MAX_VALUE) {
                throw new ModelFileException(path, "corrupted: tensor '" + name + "' has shape " + Arrays.toString(
                        Arrays.copyOf(shape, r + 1)) + "... with more than " + Integer.MAX_VALUE + " elements");
            }
        }
        long bytes = 4 * elements;
        in.need(bytes, "header says " + bytes + " bytes of tensor '" + name + "'");
        if (dtype == DTYPE_FLOAT32) {
            float[] data = new float[(int) elements];
            in.floats(data);
            tensors.put(name, Tensor.wrap(data, shape));
        } else {
            int[] data = new int[(int) elements];
            in.ints(data);
            ints.put(name, data);
        }
    }

    private static Contents contents(Path path, byte[] header, LinkedHashMap<String, Tensor> tensors,
            LinkedHashMap<String, int[]> ints) throws ModelFileException {
        JsonNode node;
        try {
            CharBuffer text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header));
            node = JSON.readTree(text.toString());
        } catch (CharacterCodingException | JacksonException e) {
            throw new ModelFileException(path, "malformed header: not UTF-8 JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new ModelFileException(path, "malformed header: expected a JSON object, found "
                    + (node == null ? "nothing" : node.getNodeType()));
        }
        ObjectNode obj = (ObjectNode) node;
        JsonNode kind = obj.remove("kind");
        if (kind == null || !kind.isTextual() || kind.asText().isBlank()) {
            throw new ModelFileException(path, "malformed header: field 'kind' must be a non-blank string. Found: " + kind);
        }
        return new Contents(kind.asText(), obj, tensors, ints);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: every Java platform provides SHA-256", e);
        }
    }

    /**
     * Buffered little-endian reader over the payload (everything before the digest) that digests
     * the bytes as they are fetched and refuses to read past the payload.
     */
    private static final class In {
        private final FileChannel ch;
        private final Path path;
        private final long end;
        private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        private final MessageDigest md = sha256();
        private long fetched;
        private long consumed;

        In(FileChannel ch, Path path, long end) {
            this.ch = ch;
            this.path = path;
            this.end = end;
            buf.limit(0);
        }

        long remaining() {
            return end - consumed;
        }

        /** Fails with "truncated: {what}, {remaining} remain" unless {@code n} more bytes exist. */
        void need(long n, String what) throws ModelFileException {
            if (n > end - consumed) {
                throw new ModelFileException(path, "truncated: " + what + ", " + (end - consumed) + " remain");
            }
        }

        /** Makes {@code n <= BUFFER_BYTES} bytes available in the buffer; the caller checked {@link #need}. */
        private void fill(int n) throws IOException {
            if (buf.remaining() >= n) {
                return;
            }
            buf.compact();
            while (buf.position() < n) {
                int want = (int) Math.min(buf.remaining(), end - fetched);
                if (want <= 0) {
                    throw new AssertionError("internal invariant: read past the payload (need() not called)");
                }
                int start = buf.position();
                buf.limit(start + want);
                int r = ch.read(buf, fetched);
                if (r < 0) {
                    throw new ModelFileException(path, "truncated: file shrank while it was being read");
                }
                md.update(buf.array(), start, r);
                fetched += r;
                buf.limit(buf.capacity());
            }
            buf.flip();
        }

        void skip(int n) throws IOException {
            need(n, "skipping " + n + " bytes");
            fill(n);
            buf.position(buf.position() + n);
            consumed += n;
        }

        int int32(String what) throws IOException {
            need(4, "file ends inside the " + what);
            fill(4);
            consumed += 4;
            return buf.getInt();
        }

        int uint8() throws IOException {
            fill(1);
            consumed += 1;
            return buf.get() & 0xFF;
        }

        byte[] bytes(int n) throws IOException {
            byte[] out = new byte[n];
            int off = 0;
            while (off < n) {
                int k = Math.min(BUFFER_BYTES, n - off);
                fill(k);
                buf.get(out, off, k);
                off += k;
            }
            consumed += n;
            return out;
        }

        void floats(float[] dst) throws IOException {
            int off = 0;
            while (off < dst.length) {
                int k = Math.min(BUFFER_BYTES / 4, dst.length - off);
                fill(4 * k);
                buf.asFloatBuffer().get(dst, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
            consumed += 4L * dst.length;
        }

        void ints(int[] dst) throws IOException {
            int off = 0;
            while (off < dst.length) {
                int k = Math.min(BUFFER_BYTES / 4, dst.length - off);
                fill(4 * k);
                buf.asIntBuffer().get(dst, off, k);
                buf.position(buf.position() + 4 * k);
                off += k;
            }
            consumed += 4L * dst.length;
        }

        /** Digest of the whole payload; valid once everything has been consumed. */
        byte[] digest() {
            if (fetched != end || consumed != end) {
                throw new AssertionError("internal invariant: digest requested after " + consumed + " of " + end
                        + " payload bytes");
            }
            return md.digest();
        }
    }
}
