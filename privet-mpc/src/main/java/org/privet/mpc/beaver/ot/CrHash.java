package org.privet.mpc.beaver.ot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
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
    private final Cipher pi;

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

    private byte[] aes(byte[] in) {
        try {
            return pi.doFinal(in);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES failed", e);
        }
    }

    /**
     * Hashes {@code count} 128-bit rows ({@code rows[2i], rows[2i+1]}, optionally XORed with {@code (x0, x1)})
     * with tweaks {@code firstIndex + i}; writes {@code outWords} words per row to {@code out[i * outWords ...]}.
     */
    void hash(long[] rows, int count, long x0, long x1, long firstIndex, int outWords, long[] out) {
        byte[] in = new byte[count * 16];
        LongBuffer ib = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int i = 0; i < count; i++) {
            ib.put(2 * i, rows[2 * i] ^ x0);
            ib.put(2 * i + 1, rows[2 * i + 1] ^ x1);
        }
        byte[] px = aes(in);
        LongBuffer pb = ByteBuffer.wrap(px).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        int blocks = (outWords + 1) / 2;
        byte[] tw = new byte[count * blocks * 16];
        LongBuffer tb = ByteBuffer.wrap(tw).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int i = 0; i < count; i++) {
            long p0 = pb.get(2 * i);
            long p1 = pb.get(2 * i + 1);
            long idx = firstIndex + i;
            for (int j = 0; j < blocks; j++) {
                int at = 2 * (i * blocks + j);
                tb.put(at, p0 ^ idx);
                tb.put(at + 1, p1 ^ j);
            }
        }
        byte[] enc = aes(tw);
        LongBuffer eb = ByteBuffer.wrap(enc).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
        for (int i = 0; i < count; i++) {
            long p0 = pb.get(2 * i);
            long p1 = pb.get(2 * i + 1);
            int base = i * outWords;
            for (int w = 0; w < outWords; w++) {
                int at = 2 * (i * blocks) + w;
                out[base + w] = eb.get(at) ^ ((w & 1) == 0 ? p0 : p1);
            }
        }
    }
}
