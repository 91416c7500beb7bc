package org.privet.dp.sgd;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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
    private static final int BLOCK_BYTES = 4096;
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final transient Cipher cipher;
    private final byte[] zeros = new byte[BLOCK_BYTES];
    private final byte[] block = new byte[BLOCK_BYTES];
    private int pos = BLOCK_BYTES;

    /**
     * @param key    32 bytes (copied)
     * @param stream which of the 2^64 independent streams of this key
     */
    AesCtrRandom(byte[] key, long stream) {
        super("PrivetAesCtr", "AES-256-CTR keystream");
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes. Provided length: " + key.length);
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[i] = (byte) (stream >>> (56 - 8 * i));
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.clone(), "AES"), new IvParameterSpec(iv));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is not available on this JVM", e);
        }
    }

    private void refill() {
        try {
            int n = cipher.update(zeros, 0, BLOCK_BYTES, block, 0);
            if (n != BLOCK_BYTES) {
                throw new AssertionError("internal invariant: CTR mode returned " + n + " of " + BLOCK_BYTES + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR keystream failed", e);
        }
        pos = 0;
    }

    @Override
    public long nextLong() {
        if (pos > BLOCK_BYTES - 8) {
            refill();
        }
        long r = (long) LONGS.get(block, pos);
        pos += 8;
        return r;
    }

    @Override
    public String getAlgorithm() {
        return "AES-256-CTR";
    }
}
