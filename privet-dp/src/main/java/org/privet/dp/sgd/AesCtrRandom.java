package org.privet.dp.sgd;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.privet.dp.noise.LongStreamRandom;

/**
 * A fast cryptographically secure bit stream: the AES-256 keystream in counter mode (the core of NIST
 * SP 800-90A CTR_DRBG, without its derivation function and reseeding; one stream never outputs more than
 * 2^64 blocks). The key comes from a {@link SecureRandom} (or, in tests only, from a seed). Streams are
 * addressed by a 64-bit stream index placed in the upper half of the initial counter, so independent
 * chunks of one noise vector can be drawn on several threads and still give the same output for the
 * same key. Not thread-safe: one instance per thread.
 */
final class AesCtrRandom extends LongStreamRandom {
    private static final long serialVersionUID = 1L;
    private static final int BLOCK_BYTES = 8192;

    private final transient Cipher cipher;
    private final byte[] zeros = new byte[BLOCK_BYTES];
    private final byte[] block = new byte[BLOCK_BYTES];
    private final long[] words = new long[BLOCK_BYTES / 8];
    private final java.nio.LongBuffer view = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    private int pos = BLOCK_BYTES / 8;

    /**
     * @param key    32 bytes (copied)
     * @param stream which of the 2^64 independent streams of this key
     */
    AesCtrRandom(byte[] key, long stream) {
        super("PrivetAesCtr", "AES-256-CTR keystream");
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes. Provided length: " + key.length);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is not available on this JVM", e);
        }
        rekey(key, stream);
    }

    /**
     * Restarts this generator on another key and stream (cheaper than a new instance: the cipher object
     * is reused); buffered bits of the previous stream are discarded.
     */
    void rekey(byte[] key, long stream) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes. Provided length: " + key.length);
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (stream >>> (56 - 8 * i));
        }
        try {
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR key set-up failed", e);
        }
        pos = words.length;
    }

    private void refill() {
        keystream();
        view.clear();
        view.get(words);
        pos = 0;
    }

    private void keystream() {
        try {
            int n = cipher.update(zeros, 0, BLOCK_BYTES, block, 0);
            if (n != BLOCK_BYTES) {
                throw new AssertionError("internal invariant: CTR mode returned " + n + " of " + BLOCK_BYTES + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR keystream failed", e);
        }
    }

    @Override
    public long nextLong() {
        if (pos == words.length) {
            refill();
        }
        return words[pos++];
    }

    /**
     * Writes the next {@code out.length} keystream bytes into {@code out} (a multiple of 16, at most 8192),
     * bypassing and discarding this generator's word buffer: a caller uses either this or {@link #nextLong}
     * on one stream.
     */
    void keystream(byte[] out) {
        if (out.length % 16 != 0 || out.length > BLOCK_BYTES) {
            throw new IllegalArgumentException("keystream length must be a multiple of 16 and <= " + BLOCK_BYTES
                    + ". Provided: " + out.length);
        }
        try {
            int n = cipher.update(zeros, 0, out.length, out, 0);
            if (n != out.length) {
                throw new AssertionError("internal invariant: CTR mode returned " + n + " of " + out.length + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR keystream failed", e);
        }
        pos = words.length;
    }

    @Override
    public String getAlgorithm() {
        return "AES-256-CTR";
    }
}
