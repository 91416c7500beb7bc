package org.privet.pprl.clk;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code .clk} file: encoded records with a checksum, written atomically (temp file, then move) and
 * streamed record by record.
 *
 * <pre>
 * magic    8 bytes  "PRVTCLK\n"
 * version  int32    1
 * bits     int32    bits per record
 * schema   UTF      fingerprint of the linkage schema that made the encodings ("" if none)
 * records  repeated: 0x01, id (UTF, modified UTF-8 as DataOutput.writeUTF), ceil(bits/64) int64 words
 * end      0x00, int64 record count, 32-byte SHA-256 of every byte before the digest
 * </pre>
 * All integers big-endian. A truncated, corrupted or foreign file is an {@link IOException} naming the file
 * and the record where reading stopped; nothing is returned from a file whose checksum does not match.
 */
public final class ClkFile {
    static final byte[] MAGIC = "PRVTCLK\n".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;

    private ClkFile() {
    }

    /** Header of a {@code .clk} file. */
    public record Header(int bits, String schemaFingerprint) {
    }

    /** Writes a whole set (see {@link #writer}). */
    public static void write(Path target, ClkSet set, String schemaFingerprint) throws IOException {
        try (Writer w = writer(target, set.bits(), schemaFingerprint)) {
            long[] words = set.words();
            int wpr = set.wordsPerRecord();
            for (int i = 0; i < set.size(); i++) {
                w.write(set.id(i), words, i * wpr);
            }
            w.commit();
        }
    }

    /**
     * Opens a streaming writer to a temp file beside {@code target}; {@link Writer#commit()} finishes it and
     * moves it into place. Closing without commit deletes the temp file and leaves {@code target} untouched.
     */
    public static Writer writer(Path target, int bits, String schemaFingerprint) throws IOException {
        return new Writer(target, bits, schemaFingerprint == null ? "" : schemaFingerprint);
    }

    /** Streaming writer; not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final Path target;
        private final Path tmp;
        private final int bits;
        private final int wordsPerRecord;
        private final DataOutputStream out;
        private final MessageDigest digest;
        private long count;
        private boolean done;

        private Writer(Path target, int bits, String fingerprint) throws IOException {
            if (bits <= 0) {
                throw new IllegalArgumentException("bits must be > 0. Provided value: " + bits);
            }
            this.target = target.toAbsolutePath();
            this.bits = bits;
            this.wordsPerRecord = (bits + 63) >>> 6;
            Path dir = this.target.getParent();
            Files.createDirectories(dir);
            this.tmp = Files.createTempFile(dir, "." + this.target.getFileName(), ".tmp");
            this.digest = sha256();
            OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
            this.out = new DataOutputStream(new DigestOutputStream(raw, digest));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(bits);
            out.writeUTF(fingerprint);
        }

        /** Appends one record: {@code wordsPerRecord} words of {@code words} from {@code offset}. */
        public void write(String id, long[] words, int offset) throws IOException {
            if (done) {
                throw new IllegalStateException("writer already committed or closed");
            }
            int tail = bits & 63;
            if (tail != 0 && (words[offset + wordsPerRecord - 1] & (-1L << tail)) != 0) {
                throw new IllegalArgumentException("record " + count + " (id " + id + "): bits at positions >= "
                        + bits + " must be zero");
            }
            out.writeByte(1);
            out.writeUTF(id);
            for (int k = 0; k < wordsPerRecord; k++) {
                out.writeLong(words[offset + k]);
            }
            count++;
        }

        /** Number of records written so far. */
        public long count() {
            return count;
        }

        /** Writes the trailer, flushes, and moves the file into place. */
        public void commit() throws IOException {
            if (done) {
                throw new IllegalStateException("writer already committed or closed");
            }
            out.writeByte(0);
            out.writeLong(count);
            out.flush();
            byte[] d = digest.digest();
            out.write(d); // digest stream is past its use: these bytes are not hashed into anything checked
            out.close();
            done = true;
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }

        /** Abandons an uncommitted file (its temp file is deleted). */
        @Override
        public void close() throws IOException {
            if (!done) {
                done = true;
                try {
                    out.close();
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        }
    }

    /** Reads only the header. */
    public static Header header(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            return readHeader(file, in);
        }
    }

    private static Header readHeader(Path file, DataInputStream in) throws IOException {
        byte[] magic = new byte[MAGIC.length];
        try {
            in.readFully(magic);
        } catch (EOFException e) {
            throw new IOException(file + ": not a .clk file (shorter than its header)");
        }
        if (!Arrays.equals(magic, MAGIC)) {
            throw new IOException(file + ": not a .clk file (bad magic bytes)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException(file + ": .clk version " + version + " is not supported (this build reads "
                    + VERSION + ")");
        }
        int bits = in.readInt();
        if (bits <= 0 || bits > (1 << 24)) {
            throw new IOException(file + ": corrupt header: bits per record " + bits);
        }
        return new Header(bits, in.readUTF());
    }

    /** Reads and verifies a whole file. */
    public static ClkSet read(Path file) throws IOException {
        MessageDigest digest = sha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(new DigestInputStream(raw, digest))) {
            Header h = readHeader(file, in);
            int wpr = (h.bits() + 63) >>> 6;
            List<String> ids = new ArrayList<>();
            long[] words = new long[1024 * wpr];
            int n = 0;
            try {
                while (true) {
                    int tag = in.readUnsignedByte();
                    if (tag == 0) {
                        break;
                    }
                    if (tag != 1) {
                        throw new IOException(file + ": corrupt at record " + n + ": bad record tag " + tag);
                    }
                    ids.add(in.readUTF());
                    if ((long) (n + 1) * wpr > words.length) {
                        if ((long) words.length * 2 > Integer.MAX_VALUE - 8) {
                            throw new IOException(file + ": too many records for one ClkSet (" + n + ")");
                        }
                        words = Arrays.copyOf(words, words.length * 2);
                    }
                    for (int k = 0; k < wpr; k++) {
                        words[n * wpr + k] = in.readLong();
                    }
                    n++;
                }
                long count = in.readLong();
                byte[] expected = digest.digest();
                byte[] actual = new byte[expected.length];
                in.readFully(actual);
                if (count != n) {
                    throw new IOException(file + ": corrupt trailer: says " + count + " records, file has " + n);
                }
                if (!MessageDigest.isEqual(expected, actual)) {
                    throw new IOException(file + ": checksum mismatch: the file is corrupt or was modified");
                }
                if (in.read() != -1) {
                    throw new IOException(file + ": trailing bytes after the checksum");
                }
            } catch (EOFException e) {
                throw new IOException(file + ": truncated after " + n + " records");
            }
            try {
                return new ClkSet(ids, h.bits(), Arrays.copyOf(words, n * wpr));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": corrupt: " + e.getMessage(), e);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 is in every JDK", e);
        }
    }
}
