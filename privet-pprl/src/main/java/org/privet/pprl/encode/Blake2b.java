package org.privet.pprl.encode;

import java.util.Arrays;

/**
 * BLAKE2b (RFC 7693), with the optional key, salt and personalisation of the BLAKE2 specification
 * (Aumasson, Neves, Wilcox-O'Hearn, Winnerlein 2013). The JDK has no BLAKE2, so it is implemented here and
 * checked against the RFC 7693 Appendix A vector and keyed, salted vectors from a reference implementation.
 *
 * <p>Usage: {@code new Blake2b(64, key, salt, null)}, then {@link #update} any number of times and
 * {@link #digest(byte[], int)}; {@link #reset()} starts a new message with the same parameters (cheaper
 * than a new object: the parameter block and key block are kept). Not thread-safe.
 */
public final class Blake2b {
    private static final long[] IV = {
        0x6a09e667f3bcc908L, 0xbb67ae8584caa73bL, 0x3c6ef372fe94f82bL, 0xa54ff53a5f1d36f1L,
        0x510e527fade682d1L, 0x9b05688c2b3e6c1fL, 0x1f83d9abfb41bd6bL, 0x5be0cd19137e2179L};
    private static final byte[][] SIGMA = {
        {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
        {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
        {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
        {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
        {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
        {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
        {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
        {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
        {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
        {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0}};

    /** Maximal digest, key, salt and personalisation lengths in bytes. */
    public static final int MAX_DIGEST = 64;
    public static final int MAX_KEY = 64;
    public static final int SALT_LENGTH = 16;
    public static final int PERSONAL_LENGTH = 16;

    private final int digestLength;
    private final long[] h0 = new long[8];
    private final byte[] keyBlock;
    private final long[] hKeyed = new long[8]; // state after the (non-final) key block, reused by every message
    private final long[] h = new long[8];
    private final long[] v = new long[16];
    private final long[] m = new long[16];
    private final byte[] buf = new byte[128];
    private int bufLen;
    private long t0;
    private long t1;

    /** Unkeyed BLAKE2b with a digest of {@code digestLength} bytes (1..64). */
    public Blake2b(int digestLength) {
        this(digestLength, null, null, null);
    }

    /**
     * @param digestLength 1..64 bytes
     * @param key          null or 1..64 bytes (keyed mode: a MAC)
     * @param salt         null or exactly 16 bytes
     * @param personal     null or exactly 16 bytes
     */
    public Blake2b(int digestLength, byte[] key, byte[] salt, byte[] personal) {
        if (digestLength < 1 || digestLength > MAX_DIGEST) {
            throw new IllegalArgumentException("BLAKE2b digest length must be in [1, 64] bytes. Provided value: "
                    + digestLength);
        }
        int keyLength = key == null ? 0 : key.length;
        if (key != null && (keyLength < 1 || keyLength > MAX_KEY)) {
            throw new IllegalArgumentException("BLAKE2b key length must be in [1, 64] bytes. Provided length: "
                    + keyLength);
        }
        if (salt != null && salt.length != SALT_LENGTH) {
            throw new IllegalArgumentException("BLAKE2b salt must be 16 bytes. Provided length: " + salt.length);
        }
        if (personal != null && personal.length != PERSONAL_LENGTH) {
            throw new IllegalArgumentException("BLAKE2b personalisation must be 16 bytes. Provided length: "
                    + personal.length);
        }
        this.digestLength = digestLength;
        byte[] p = new byte[64];
        p[0] = (byte) digestLength;
        p[1] = (byte) keyLength;
        p[2] = 1; // fanout
        p[3] = 1; // depth
        if (salt != null) {
            System.arraycopy(salt, 0, p, 32, SALT_LENGTH);
        }
        if (personal != null) {
            System.arraycopy(personal, 0, p, 48, PERSONAL_LENGTH);
        }
        for (int i = 0; i < 8; i++) {
            h0[i] = IV[i] ^ le64(p, i * 8);
        }
        if (keyLength > 0) {
            keyBlock = new byte[128];
            System.arraycopy(key, 0, keyBlock, 0, keyLength);
            System.arraycopy(h0, 0, h, 0, 8);
            t0 = 128;
            compress(keyBlock, 0, false);
            System.arraycopy(h, 0, hKeyed, 0, 8);
        } else {
            keyBlock = null;
        }
        reset();
    }

    /** Digest length in bytes. */
    public int digestLength() {
        return digestLength;
    }

    /** Starts a new message with the same key, salt and personalisation. */
    public void reset() {
        t1 = 0;
        bufLen = 0;
        if (keyBlock != null) {
            System.arraycopy(hKeyed, 0, h, 0, 8);
            t0 = 128;
        } else {
            System.arraycopy(h0, 0, h, 0, 8);
            t0 = 0;
        }
    }

    /** Absorbs {@code len} bytes of {@code in} from {@code off}. */
    public void update(byte[] in, int off, int len) {
        while (len > 0) {
            if (bufLen == 128) { // only compress a full buffer once more input is known: the last block is final
                incrementCounter(128);
                compress(buf, 0, false);
                bufLen = 0;
            }
            int n = Math.min(len, 128 - bufLen);
            System.arraycopy(in, off, buf, bufLen, n);
            bufLen += n;
            off += n;
            len -= n;
        }
    }

    /** Absorbs all of {@code in}. */
    public void update(byte[] in) {
        update(in, 0, in.length);
    }

    /** Finishes the message, writes {@link #digestLength()} bytes to {@code out} at {@code off}, and resets. */
    public void digest(byte[] out, int off) {
        if (keyBlock != null && t0 == 128 && t1 == 0 && bufLen == 0) {
            // empty message: the key block itself is the last block
            System.arraycopy(h0, 0, h, 0, 8);
            t0 = 0;
            System.arraycopy(keyBlock, 0, buf, 0, 128);
            bufLen = 128;
        }
        incrementCounter(bufLen);
        Arrays.fill(buf, bufLen, 128, (byte) 0);
        compress(buf, 0, true);
        for (int i = 0; i < digestLength; i++) {
            out[off + i] = (byte) (h[i >>> 3] >>> ((i & 7) << 3));
        }
        reset();
    }

    /** Finishes the message and returns its digest (then resets). */
    public byte[] digest() {
        byte[] out = new byte[digestLength];
        digest(out, 0);
        return out;
    }

    private void incrementCounter(int n) {
        t0 += n;
        if (Long.compareUnsigned(t0, n) < 0) {
            t1++;
        }
    }

    private void compress(byte[] block, int off, boolean last) {
        for (int i = 0; i < 16; i++) {
            m[i] = le64(block, off + i * 8);
        }
        System.arraycopy(h, 0, v, 0, 8);
        System.arraycopy(IV, 0, v, 8, 8);
        v[12] ^= t0;
        v[13] ^= t1;
        if (last) {
            v[14] = ~v[14];
        }
        for (int r = 0; r < 12; r++) {
            byte[] s = SIGMA[r % 10];
            g(0, 4, 8, 12, m[s[0]], m[s[1]]);
            g(1, 5, 9, 13, m[s[2]], m[s[3]]);
            g(2, 6, 10, 14, m[s[4]], m[s[5]]);
            g(3, 7, 11, 15, m[s[6]], m[s[7]]);
            g(0, 5, 10, 15, m[s[8]], m[s[9]]);
            g(1, 6, 11, 12, m[s[10]], m[s[11]]);
            g(2, 7, 8, 13, m[s[12]], m[s[13]]);
            g(3, 4, 9, 14, m[s[14]], m[s[15]]);
        }
        for (int i = 0; i < 8; i++) {
            h[i] ^= v[i] ^ v[i + 8];
        }
    }

    private void g(int a, int b, int c, int d, long x, long y) {
        long[] w = v;
        w[a] = w[a] + w[b] + x;
        w[d] = Long.rotateRight(w[d] ^ w[a], 32);
        w[c] = w[c] + w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 24);
        w[a] = w[a] + w[b] + y;
        w[d] = Long.rotateRight(w[d] ^ w[a], 16);
        w[c] = w[c] + w[d];
        w[b] = Long.rotateRight(w[b] ^ w[c], 63);
    }

    private static long le64(byte[] b, int off) {
        return (b[off] & 0xffL) | (b[off + 1] & 0xffL) << 8 | (b[off + 2] & 0xffL) << 16
                | (b[off + 3] & 0xffL) << 24 | (b[off + 4] & 0xffL) << 32 | (b[off + 5] & 0xffL) << 40
                | (b[off + 6] & 0xffL) << 48 | (b[off + 7] & 0xffL) << 56;
    }
}
