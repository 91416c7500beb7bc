package org.privet.pprl.encode;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HKDF with HMAC-SHA256 (RFC 5869): derives independent per-field, per-purpose keys from the shared linkage
 * secret, so that a field's key depends on its name (never on its column position) and no two fields or
 * purposes share a key. Stateless and thread-safe.
 */
public final class Hkdf {
    private static final byte[] SALT = "org.privet.pprl/v1".getBytes(StandardCharsets.US_ASCII);

    private Hkdf() {
    }

    /** RFC 5869 extract-then-expand: {@code length} (1..8160) bytes of output keying material. */
    public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
        if (length < 1 || length > 255 * 32) {
            throw new IllegalArgumentException("HKDF output length must be in [1, 8160] bytes. Provided value: "
                    + length);
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt == null || salt.length == 0 ? new byte[32] : salt, "HmacSHA256"));
            byte[] prk = mac.doFinal(ikm);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            byte[] out = new byte[length];
            byte[] t = new byte[0];
            int pos = 0;
            for (int i = 1; pos < length; i++) {
                mac.update(t);
                mac.update(info);
                mac.update((byte) i);
                t = mac.doFinal();
                int n = Math.min(t.length, length - pos);
                System.arraycopy(t, 0, out, pos, n);
                pos += n;
            }
            return out;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("internal invariant: HmacSHA256 is in every JDK", e);
        }
    }

    /** A key of {@code length} bytes for {@code purpose} (e.g. "field/first_name/hmac"), from the secret. */
    static byte[] key(LinkageSecret secret, String purpose, int length) {
        return derive(SALT, secret.bytes(), purpose.getBytes(StandardCharsets.UTF_8), length);
    }
}
