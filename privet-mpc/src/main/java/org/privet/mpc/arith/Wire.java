package org.privet.mpc.arith;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.privet.mpc.net.MpcException;

/**
 * The byte format of protocol messages: ring elements as little-endian 64-bit words, several arrays
 * concatenated in one message. A received message whose length is not exactly what the protocol step
 * expects is rejected with {@link MpcException} naming the peer, never parsed.
 *
 * <p>Stateless and thread-safe.
 */
public final class Wire {
    private Wire() {
    }

    /** The concatenation of {@code parts}, 8 bytes per element. */
    public static byte[] encode(long[]... parts) {
        int total = 0;
        for (long[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[Math.multiplyExact(total, 8)];
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        var lb = bb.asLongBuffer();
        for (long[] p : parts) {
            lb.put(p);
        }
        return out;
    }

    /**
     * Decodes a message that must hold exactly {@code count} ring elements.
     *
     * @param peer the sender, named in the exception
     * @param step the protocol step, named in the exception
     * @throws MpcException if the length is not {@code 8 * count}
     */
    public static long[] decode(byte[] message, int count, int peer, String step) {
        long[] out = new long[count];
        decodeInto(message, out, peer, step);
        return out;
    }

    /** Decodes a message that must hold exactly {@code out.length} ring elements into {@code out}. */
    public static void decodeInto(byte[] message, long[] out, int peer, String step) {
        if (message.length != (long) out.length * 8) {
            throw new MpcException(peer, step + ": malformed message from party " + peer + ": expected "
                    + ((long) out.length * 8) + " bytes (" + out.length + " ring elements), received "
                    + message.length);
        }
        ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
    }

    /** Adds, element-wise and mod 2^64, the ring elements of {@code message} into {@code acc}. */
    public static void addInto(byte[] message, long[] acc, int peer, String step) {
        if (message.length != (long) acc.length * 8) {
            throw new MpcException(peer, step + ": malformed message from party " + peer + ": expected "
                    + ((long) acc.length * 8) + " bytes (" + acc.length + " ring elements), received "
                    + message.length);
        }
        var lb = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int i = 0; i < acc.length; i++) {
            acc[i] += lb.get(i);
        }
    }

    /** XORs the 64-bit words of {@code message} into {@code acc}. */
    public static void xorInto(byte[] message, long[] acc, int peer, String step) {
        if (message.length != (long) acc.length * 8) {
            throw new MpcException(peer, step + ": malformed message from party " + peer + ": expected "
                    + ((long) acc.length * 8) + " bytes (" + acc.length + " words), received " + message.length);
        }
        var lb = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int i = 0; i < acc.length; i++) {
            acc[i] ^= lb.get(i);
        }
    }
}
