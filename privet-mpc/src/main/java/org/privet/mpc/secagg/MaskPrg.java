package org.privet.mpc.secagg;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.stream.IntStream;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudorandom generator that expands a 32-byte seed into a mask vector: AES-256 in counter mode from
 * counter 0, the keystream read as little-endian unsigned words of {@code w} bytes ({@code w} = the smallest
 * of 1, 2, 4, 8 with {@code 8w >= k}); element {@code i} is word {@code i} taken mod {@code 2^k}. Because
 * {@code 2^k} divides {@code 2^64}, masks are accumulated in plain {@code long} arithmetic and reduced once.
 * Counter mode lets each thread expand its own slice of every seed (the counter starts at the slice's first
 * block), so the work splits over cores without copies. Stateless and thread-safe.
 */
final class MaskPrg {
    private static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Keystream bytes per cipher call (a multiple of 16). */
    private static final int BUF = 16 * 1024;
    /** Below this many element-seeds of work, one thread. */
    private static final long PARALLEL_MIN = 1L << 20;

    private MaskPrg() {
    }

    static int wordBytes(int bits) {
        return bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
    }

    /**
     * {@code acc[i] += signs[s] * PRG(seeds[s])[i]} (mod {@code 2^64}) for every seed {@code s} and every
     * {@code i < acc.length}; {@code signs[s]} is +1 or -1. Uses the common fork-join pool when the work is
     * large.
     */
    static void addAll(long[] acc, byte[][] seeds, int[] signs, int bits) {
        if (seeds.length != signs.length) {
            throw new IllegalArgumentException("seeds and signs differ in length: " + seeds.length + " vs " + signs.length);
        }
        int w = wordBytes(bits);
        int d = acc.length;
        int threads = Runtime.getRuntime().availableProcessors();
        if (threads == 1 || (long) d * seeds.length < PARALLEL_MIN || d < 16 * threads) {
            addRange(acc, seeds, signs, w, 0, d);
            return;
        }
        int slice = ((d / threads + 15) / 16) * 16; // multiple of 16 elements: slice starts on a block boundary
        int parts = (d + slice - 1) / slice;
        IntStream.range(0, parts).parallel().forEach(p -> addRange(acc, seeds, signs, w, p * slice,
                Math.min(d, (p + 1) * slice)));
    }

    private static void addRange(long[] acc, byte[][] seeds, int[] signs, int w, int lo, int hi) {
        Cipher aes;
        try {
            aes = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR is not available in this JDK", e);
        }
        byte[] zeros = new byte[BUF];
        byte[] ks = new byte[BUF];
        long firstBlock = (long) lo * w / 16;
        if ((long) lo * w % 16 != 0) {
            throw new AssertionError("internal invariant: slice start " + lo + " not on an AES block boundary");
        }
        byte[] iv = new byte[16];
        for (int i = 0; i < 8; i++) {
            iv[15 - i] = (byte) (firstBlock >>> (8 * i));
        }
        IvParameterSpec ivSpec = new IvParameterSpec(iv);
        int perBuf = BUF / w;
        for (int s = 0; s < seeds.length; s++) {
            try {
                aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(seeds[s], "AES"), ivSpec);
            } catch (GeneralSecurityException e) {
                throw new IllegalArgumentException("bad mask seed " + s + ": " + e.getMessage(), e);
            }
            boolean add = signs[s] > 0;
            for (int start = lo; start < hi; start += perBuf) {
                int n = Math.min(perBuf, hi - start);
                int bytes = n * w;
                int padded = (bytes + 15) & ~15;
                try {
                    aes.update(zeros, 0, padded, ks, 0);
                } catch (GeneralSecurityException e) {
                    throw new IllegalStateException("AES/CTR failed", e);
                }
                accumulate(acc, start, n, ks, w, add);
            }
        }
    }

    private static void accumulate(long[] acc, int start, int n, byte[] ks, int w, boolean add) {
        switch (w) {
            case 1 -> {
                for (int i = 0; i < n; i++) {
                    long v = ks[i] & 0xFFL;
                    acc[start + i] += add ? v : -v;
                }
            }
            case 2 -> {
                for (int i = 0; i < n; i++) {
                    long v = ((short) SHORT.get(ks, i << 1)) & 0xFFFFL;
                    acc[start + i] += add ? v : -v;
                }
            }
            case 4 -> {
                if (add) {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] += ((int) INT.get(ks, i << 2)) & 0xFFFFFFFFL;
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] -= ((int) INT.get(ks, i << 2)) & 0xFFFFFFFFL;
                    }
                }
            }
            default -> {
                if (add) {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] += (long) LONG.get(ks, i << 3);
                    }
                } else {
                    for (int i = 0; i < n; i++) {
                        acc[start + i] -= (long) LONG.get(ks, i << 3);
                    }
                }
            }
        }
    }
}
