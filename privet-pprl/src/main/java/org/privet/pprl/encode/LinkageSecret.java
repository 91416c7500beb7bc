package org.privet.pprl.encode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;

/**
 * The secret shared by the data owners of a linkage (never by the linkage unit): every hash key is derived
 * from it with {@link Hkdf}. At least {@value #MIN_BYTES} bytes (128 bits) and at most {@value #MAX_BYTES}.
 * A secret file holds the raw bytes, e.g. made with {@code head -c 32 /dev/urandom > linkage.key}; its bytes
 * are used exactly as stored (a trailing newline is a byte like any other). Immutable and thread-safe.
 */
public final class LinkageSecret {
    /** Minimal secret length: 128 bits. */
    public static final int MIN_BYTES = 16;
    /** Maximal secret length. */
    public static final int MAX_BYTES = 1024;

    private final byte[] bytes;

    private LinkageSecret(byte[] bytes) {
        this.bytes = bytes;
    }

    /** A secret from bytes (copied); throws if shorter than 16 or longer than 1024 bytes. */
    public static LinkageSecret of(byte[] bytes) {
        if (bytes.length < MIN_BYTES || bytes.length > MAX_BYTES) {
            throw new IllegalArgumentException("linkage secret must be " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes (at least 128 bits). Provided length: " + bytes.length + " bytes");
        }
        return new LinkageSecret(bytes.clone());
    }

    /** A fresh 32-byte secret from {@link SecureRandom}. */
    public static LinkageSecret generate() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return new LinkageSecret(b);
    }

    /** Reads a secret file; a wrong length is an {@link IOException} naming the file. */
    public static LinkageSecret read(Path file) throws IOException {
        long size = Files.size(file);
        if (size < MIN_BYTES || size > MAX_BYTES) {
            throw new IOException(file + ": linkage secret must be " + MIN_BYTES + " to " + MAX_BYTES
                    + " bytes (at least 128 bits). File length: " + size + " bytes");
        }
        return new LinkageSecret(Files.readAllBytes(file));
    }

    byte[] bytes() {
        return bytes;
    }

    /** Number of bytes. */
    public int length() {
        return bytes.length;
    }

    @Override
    public String toString() {
        return "LinkageSecret[" + bytes.length + " bytes, redacted]";
    }
}
