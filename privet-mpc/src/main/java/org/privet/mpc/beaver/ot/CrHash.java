package org.privet.mpc.beaver.ot;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * A tweakable correlation-robust hash from fixed-key AES, {@code H(x, t) = pi(pi(x) ^ t) ^ pi(x)} with
 * {@code pi} = AES-128 under a fixed public key (the TCCR construction of Guo, Katz, Wang and Yu, IEEE S&P
 * 2020), used to break the correlation of IKNP rows. Outputs of {@code L} words per row use tweaks {@code
 * (index, 0..ceil(L/2)-1)}: one AES block per two output words. Not thread-safe.
 */
final class CrHash {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private final Cipher pi;
    private byte[] in = new byte[0];
    private byte[] px = new byte[0];
    private byte[] tw = new byte[0];
    private byte[] enc = new byte[0];

    CrHash() {
        try {
            byte[] key = MessageDigest.getInstance("SHA-256")
                    .digest("privet-iknp-tccr-fixed-key-v1".getBytes(StandardCharsets.US_ASCII));
            pi = Cipher.getInstance("AES/ECB/NoPadding");
            pi.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, 0, 16, "AES"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/ECB/NoPadding or SHA-256 unavailable", e);
        }
    }

    private void aes(byte[] src, byte[] dst, int len) {
        try {
            int n = pi.doFinal(src, 0, len, dst, 0);
            if (n != len) {
                throw new AssertionError("internal invariant: AES-ECB returned " + n + " of " + len + " bytes");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    private static byte[] atLeast(byte[] b, int len) {
        return b.length >= len ? b : new byte[len];
    }

    /**
     * Hashes {@code count} 128-bit rows ({@code rows[2i], rows[2i+1]}, XORed with {@code (x0, x1)}) with tweaks
     * {@code firstIndex + i}; writes {@code outWords} words per row to {@code out[i * outWords ...]}.
     */
    void hash(long[] rows, int count, long x0, long x1, long firstIndex, int outWords, long[] out) {
        int len = count * 16;
        in = atLeast(in, len);
        px = atLeast(px, len);
        for (int i = 0; i < count; i++) {
            LONGS.set(in, 16 * i, rows[2 * i] ^ x0);
            LONGS.set(in, 16 * i + 8, rows[2 * i + 1] ^ x1);
        }
        aes(in, px, len);
        int blocks = (outWords + 1) / 2;
        int tlen = count * blocks * 16;
        tw = atLeast(tw, tlen);
        enc = atLeast(enc, tlen);
        for (int i = 0; i < count; i++) {
            long p0 = (long) LONGS.get(px, 16 * i);
            long p1 = (long) LONGS.get(px, 16 * i + 8);
            long idx = firstIndex + i;
            for (int j = 0; j < blocks; j++) {
                int at = 16 * (i * blocks + j);
                LONGS.set(tw, at, p0 ^ idx);
                LONGS.set(tw, at + 8, p1 ^ j);
            }
        }
        aes(tw, enc, tlen);
        for (int i = 0; i < count; i++) {
            long p0 = (long) LONGS.get(px, 16 * i);
            long p1 = (long) LONGS.get(px, 16 * i + 8);
            int base = i * outWords;
            int at = 16 * i * blocks;
            for (int w = 0; w < outWords; w++) {
                out[base + w] = (long) LONGS.get(enc, at + 8 * w) ^ ((w & 1) == 0 ? p0 : p1);
            }
        }
    }
}
