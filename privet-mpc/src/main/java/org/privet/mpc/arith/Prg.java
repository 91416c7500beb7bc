package org.privet.mpc.arith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cryptographic pseudo-random generator: AES-128 in counter mode over a 128-bit key, producing uniform
 * 64-bit ring elements. Used for masks, shares and the dealer's correlated randomness. Two generators made
 * from the same key produce the same stream (that is how a dealer and a party derive the same triples
 * from a shared seed).
 *
 * <p>Security: {@link #secure()} keys itself from {@link SecureRandom}; {@link #fromKey(byte[])} is for keys
 * that are themselves secret and uniform (a seed the dealer shares with one party); {@link
 * #insecureForTests(long)} derives the key from a 64-bit seed and must never protect real data.
 *
 * <p>Not thread-safe: one generator per thread.
 */
public final class Prg {
    private static final int BUF_BYTES = 8192;
    private final Cipher cipher;
    private final byte[] zeros = new byte[BUF_BYTES];
    private final byte[] buf = new byte[BUF_BYTES];
    private final LongBuffer longs = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
    /** Index of the next unused long in {@link #buf}; BUF_BYTES/8 when empty. */
    private int next = BUF_BYTES / 8;

    private Prg(byte[] key) {
        if (key.length != 16) {
            throw new IllegalArgumentException("PRG key must be 16 bytes. Provided length: " + key.length);
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR/NoPadding is unavailable in this JDK", e);
        }
    }

    /** A generator keyed from {@link SecureRandom}: the default for shares and masks. */
    public static Prg secure() {
        return fromKey(newKey(new SecureRandom()));
    }

    /** A generator keyed with {@code key} (16 secret, uniformly random bytes; the array is copied). */
    public static Prg fromKey(byte[] key) {
        return new Prg(key.clone());
    }

    /** Draws a fresh 16-byte key from {@code random}. */
    public static byte[] newKey(SecureRandom random) {
        byte[] k = new byte[16];
        random.nextBytes(k);
        return k;
    }

    /** A reproducible generator for tests: its key is a public function of {@code seed}. Never for real data. */
    public static Prg insecureForTests(long seed) {
        byte[] k = new byte[16];
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putLong(seed).putLong(~seed ^ 0x5DEECE66DL);
        return new Prg(k);
    }

    /** A 16-byte key drawn from this stream (to key a child generator). */
    public byte[] nextKey() {
        byte[] k = new byte[16];
        ByteBuffer.wrap(k).order(ByteOrder.LITTLE_ENDIAN).putLong(nextLong()).putLong(nextLong());
        return k;
    }

    private void refill() {
        try {
            int n = cipher.update(zeros, 0, BUF_BYTES, buf, 0);
            if (n != BUF_BYTES) {
                throw new AssertionError("internal invariant: AES-CTR returned " + n + " of " + BUF_BYTES + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR failed", e);
        }
        next = 0;
    }

    /** The next uniform 64-bit value. */
    public long nextLong() {
        if (next == BUF_BYTES / 8) {
            refill();
        }
        return longs.get(next++);
    }

    /** Fills {@code out[from, from + len)} with uniform 64-bit values. */
    public void fill(long[] out, int from, int len) {
        int pos = from;
        int end = from + len;
        while (pos < end) {
            if (next == BUF_BYTES / 8) {
                refill();
            }
            int n = Math.min(end - pos, BUF_BYTES / 8 - next);
            longs.get(next, out, pos, n);
            next += n;
            pos += n;
        }
    }

    /** A new array of {@code len} uniform 64-bit values. */
    public long[] nextLongs(int len) {
        long[] out = new long[len];
        fill(out, 0, len);
        return out;
    }

    /** A uniform value in {@code [0, bound)} for {@code 0 < bound}, by rejection (no modulo bias). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be > 0. Provided value: " + bound);
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        while (true) {
            long r = nextLong() >>> 32;
            if (r < limit) {
                return (int) (r % bound);
            }
        }
    }

    @Override
    public String toString() {
        return "Prg[AES-128-CTR]";
    }
}
