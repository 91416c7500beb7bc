package org.privet.mpc.shamir;

import java.util.Arrays;

/**
 * One party's share of a secret: the x-coordinate {@code x} in {@code [1, p)} and, for each 7-byte chunk of
 * the secret, the value of that chunk's polynomial at {@code x}. {@code secretLength} is the length in bytes
 * of the shared secret, needed to turn the reconstructed chunks back into bytes. Immutable (the array is
 * copied in and out).
 */
public final class ShamirShare {
    private final long x;
    private final long[] y;
    private final int secretLength;

    /**
     * @param x the evaluation point, in {@code [1, 2^61 - 1)}
     * @param y one field element in {@code [0, 2^61 - 1)} per chunk; {@code ceil(secretLength / 7)} of them
     * @param secretLength secret length in bytes, {@code >= 1}
     */
    public ShamirShare(long x, long[] y, int secretLength) {
        if (x <= 0 || x >= PrimeField61.P) {
            throw new IllegalArgumentException("share x must be in [1, 2^61 - 1). Provided value: " + x);
        }
        if (secretLength < 1) {
            throw new IllegalArgumentException("secretLength must be >= 1. Provided value: " + secretLength);
        }
        if (y.length != ShamirSharing.chunks(secretLength)) {
            throw new IllegalArgumentException("a share of a " + secretLength + "-byte secret has "
                    + ShamirSharing.chunks(secretLength) + " field elements. Provided: " + y.length);
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= PrimeField61.P) {
                throw new IllegalArgumentException("share value " + i + " must be in [0, 2^61 - 1). Provided value: "
                        + y[i]);
            }
        }
        this.x = x;
        this.y = y.clone();
        this.secretLength = secretLength;
    }

    /** Trusted constructor for arrays this package created (no copy, no check). */
    ShamirShare(long x, long[] y, int secretLength, boolean trusted) {
        this.x = x;
        this.y = y;
        this.secretLength = secretLength;
    }

    public long x() {
        return x;
    }

    /** A copy of the share values, one per chunk. */
    public long[] y() {
        return y.clone();
    }

    long yAt(int chunk) {
        return y[chunk];
    }

    public int secretLength() {
        return secretLength;
    }

    /** Bytes of {@link #toBytes()}: 8 (x) + 4 (length) + 8 per chunk. */
    public int encodedLength() {
        return 12 + 8 * y.length;
    }

    /** Big-endian encoding: x (8 bytes), secretLength (4), then each chunk value (8). */
    public byte[] toBytes() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(encodedLength());
        b.putLong(x).putInt(secretLength);
        for (long v : y) {
            b.putLong(v);
        }
        return b.array();
    }

    /** Parses {@link #toBytes()}; throws {@link IllegalArgumentException} naming the bad field. */
    public static ShamirShare fromBytes(byte[] bytes) {
        if (bytes.length < 20 || (bytes.length - 12) % 8 != 0) {
            throw new IllegalArgumentException("a Shamir share encoding is 12 + 8k bytes (k >= 1). Provided length: "
                    + bytes.length);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        long x = b.getLong();
        int len = b.getInt();
        long[] y = new long[(bytes.length - 12) / 8];
        for (int i = 0; i < y.length; i++) {
            y[i] = b.getLong();
        }
        return new ShamirShare(x, y, len);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShamirShare s && s.x == x && s.secretLength == secretLength && Arrays.equals(s.y, y);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(x) * 31 + Arrays.hashCode(y);
    }

    @Override
    public String toString() {
        return "ShamirShare[x=" + x + ", " + secretLength + "-byte secret]"; // never print share values
    }
}
