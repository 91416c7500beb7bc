package org.privet.mpc.secagg;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The primitives of the protocol, all from the JDK: X25519 key agreement (RFC 7748), HKDF-SHA256 (RFC
 * 5869) to turn a shared point into keys, AES-256-GCM for the shares sent through the server. Keys travel as
 * 32-byte little-endian strings (RFC 7748 encoding). Thread-safe (no shared mutable state).
 */
final class SecAggCrypto {
    static final int KEY_BYTES = 32;
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    private static final byte[] SALT = "privet-secagg-v1".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LABEL_ENC = "encryption key".getBytes(StandardCharsets.US_ASCII);
    static final byte[] LABEL_MASK = "pairwise mask seed".getBytes(StandardCharsets.US_ASCII);
    /** The X25519 base point u = 9: agreement with it gives a private key's public key. */
    private static final byte[] BASE_POINT = new byte[KEY_BYTES];

    static {
        BASE_POINT[0] = 9;
    }

    private SecAggCrypto() {
    }

    static KeyPair generateKeyPair(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("X25519");
            g.initialize(NamedParameterSpec.X25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is not available in this JDK", e);
        }
    }

    static byte[] publicBytes(PublicKey key) {
        BigInteger u = ((XECPublicKey) key).getU();
        byte[] be = u.toByteArray();
        byte[] le = new byte[KEY_BYTES];
        for (int i = 0; i < be.length && i < KEY_BYTES; i++) {
            le[i] = be[be.length - 1 - i];
        }
        return le;
    }

    static byte[] privateBytes(PrivateKey key) {
        return ((XECPrivateKey) key).getScalar()
                .orElseThrow(() -> new IllegalStateException("X25519 private key without an exportable scalar"));
    }

    static PublicKey publicKey(byte[] le) {
        if (le.length != KEY_BYTES) {
            throw new IllegalArgumentException("an X25519 public key is 32 bytes. Provided length: " + le.length);
        }
        byte[] be = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            be[i] = le[KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7F; // RFC 7748: the top bit is masked
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 public key: " + e.getMessage(), e);
        }
    }

    static PrivateKey privateKey(byte[] scalar) {
        try {
            return KeyFactory.getInstance("X25519")
                    .generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, scalar.clone()));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an X25519 private key: " + e.getMessage(), e);
        }
    }

    /** The raw X25519 shared secret; {@link IllegalArgumentException} for a low-order (all-zero) result. */
    static byte[] agree(PrivateKey mine, PublicKey theirs) {
        try {
            KeyAgreement ka = KeyAgreement.getInstance("X25519");
            ka.init(mine);
            ka.doPhase(theirs, true);
            return ka.generateSecret();
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("X25519 key agreement failed (a low-order public key?): "
                    + e.getMessage(), e);
        }
    }

    /** The public key bytes of an X25519 private scalar. */
    static byte[] publicOf(byte[] scalar) {
        return agree(privateKey(scalar), publicKey(BASE_POINT));
    }

    /**
     * HKDF-SHA256 (extract with the protocol salt, one expand block): a 32-byte key bound to {@code label} and
     * the unordered pair of client ids, so u and v derive the same key and no other pair does.
     */
    static byte[] deriveKey(byte[] sharedSecret, byte[] label, int u, int v) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SALT, "HmacSHA256"));
            byte[] prk = mac.doFinal(sharedSecret);
            mac.init(new SecretKeySpec(prk, "HmacSHA256"));
            mac.update(label);
            int lo = Math.min(u, v);
            int hi = Math.max(u, v);
            mac.update(new byte[] {(byte) (lo >>> 24), (byte) (lo >>> 16), (byte) (lo >>> 8), (byte) lo,
                (byte) (hi >>> 24), (byte) (hi >>> 16), (byte) (hi >>> 8), (byte) hi, 1});
            byte[] okm = mac.doFinal();
            Arrays.fill(prk, (byte) 0);
            return okm;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    /** AES-256-GCM with a random 96-bit nonce: nonce || ciphertext || tag. */
    static byte[] encrypt(byte[] key, byte[] aad, byte[] plaintext, SecureRandom random) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(aad);
            byte[] out = new byte[NONCE_BYTES + plaintext.length + TAG_BITS / 8];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            c.doFinal(plaintext, 0, plaintext.length, out, NONCE_BYTES);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }

    /** Opens {@link #encrypt}; {@link IllegalArgumentException} when the tag does not verify. */
    static byte[] decrypt(byte[] key, byte[] aad, byte[] box) {
        if (box.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalArgumentException("ciphertext too short: " + box.length + " bytes");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
                    new GCMParameterSpec(TAG_BITS, box, 0, NONCE_BYTES));
            c.updateAAD(aad);
            return c.doFinal(box, NONCE_BYTES, box.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new IllegalArgumentException("ciphertext does not authenticate (tampered, or not for this pair)", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM failed", e);
        }
    }
}
