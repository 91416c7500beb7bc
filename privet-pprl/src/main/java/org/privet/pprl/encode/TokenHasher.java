package org.privet.pprl.encode;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.privet.pprl.schema.HashKind;

/**
 * Maps a token (bytes) to {@code k} positions in {@code [0, l)} under a secret key. One instance per field and
 * thread (holds MAC state). Independent-hash kinds turn 32-bit slices {@code x} of keyed digests into positions by
 * {@code (x * l) >>> 32} (bias below {@code l / 2^32}).
 */
abstract class TokenHasher {
    /** Writes {@code k} positions of {@code token[0..len)} to {@code out[0..k)}. */
    abstract void positions(byte[] token, int len, int k, int l, int[] out);

    static TokenHasher create(HashKind kind, LinkageSecret secret, String field) {
        String base = "field/" + field + "/" + kind.jsonName();
        return switch (kind) {
            case DOUBLE_HASH -> new DoubleHash(Hkdf.key(secret, base + "/sha1", 32), Hkdf.key(secret, base + "/md5", 32));
            case HMAC -> new Independent(Hkdf.key(secret, base, 32));
            case BLAKE2B -> new Blake(Hkdf.key(secret, base, 64));
        };
    }

    static Mac mac(String alg, byte[] key) {
        try {
            Mac m = Mac.getInstance(alg);
            m.init(new SecretKeySpec(key, alg));
            return m;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("internal invariant: " + alg + " is in every JDK", e);
        }
    }

    static int slice(byte[] d, int i) {
        int o = 4 * i;
        return (d[o] & 0xff) << 24 | (d[o + 1] & 0xff) << 16 | (d[o + 2] & 0xff) << 8 | (d[o + 3] & 0xff);
    }

    static int position(int x, int l) {
        return (int) (((x & 0xffffffffL) * l) >>> 32);
    }

    /** Schnell et al. 2009 double hashing, non-singular: h2 = 0 (mod l) is re-drawn with a counter byte. */
    static final class DoubleHash extends TokenHasher {
        private final Mac sha1;
        private final Mac md5;
        private final byte[] d1 = new byte[20];
        private final byte[] d2 = new byte[16];

        DoubleHash(byte[] keySha1, byte[] keyMd5) {
            this.sha1 = mac("HmacSHA1", keySha1);
            this.md5 = mac("HmacMD5", keyMd5);
        }

        @Override
        void positions(byte[] token, int len, int k, int l, int[] out) {
            try {
                sha1.update(token, 0, len);
                sha1.doFinal(d1, 0);
                md5.update(token, 0, len);
                md5.doFinal(d2, 0);
                long h1 = modBigEndian(d1, l);
                long h2 = modBigEndian(d2, l);
                for (int c = 0; h2 == 0; c++) {
                    md5.update(token, 0, len);
                    md5.update((byte) c);
                    md5.doFinal(d2, 0);
                    h2 = modBigEndian(d2, l);
                }
                for (int i = 0; i < k; i++) {
                    out[i] = (int) ((h1 + i * h2) % l);
                }
            } catch (javax.crypto.ShortBufferException e) {
                throw new AssertionError("internal invariant: digest buffers fit", e);
            }
        }

        private static long modBigEndian(byte[] d, int l) {
            long r = 0;
            for (byte b : d) {
                r = ((r << 8) | (b & 0xff)) % l;
            }
            return r;
        }
    }

    /** Independent positions from HMAC-SHA256(key, token || block counter), 8 per block. */
    static final class Independent extends TokenHasher {
        private final Mac mac;
        private final byte[] d = new byte[32];

        Independent(byte[] key) {
            this.mac = mac("HmacSHA256", key);
        }

        @Override
        void positions(byte[] token, int len, int k, int l, int[] out) {
            try {
                for (int block = 0, i = 0; i < k; block++) {
                    mac.update(token, 0, len);
                    mac.update((byte) block);
                    mac.doFinal(d, 0);
                    for (int s = 0; s < 8 && i < k; s++, i++) {
                        out[i] = position(slice(d, s), l);
                    }
                }
            } catch (javax.crypto.ShortBufferException e) {
                throw new AssertionError("internal invariant: digest buffers fit", e);
            }
        }
    }

    /** Independent positions from keyed BLAKE2b-512 with salt = block counter (as clkhash), 16 per block. */
    static final class Blake extends TokenHasher {
        private final byte[] key;
        private final Blake2b[] blocks = new Blake2b[64];
        private final byte[] d = new byte[64];

        Blake(byte[] key) {
            this.key = key;
        }

        @Override
        void positions(byte[] token, int len, int k, int l, int[] out) {
            for (int block = 0, i = 0; i < k; block++) {
                Blake2b b = blocks[block];
                if (b == null) {
                    byte[] salt = new byte[Blake2b.SALT_LENGTH];
                    salt[0] = (byte) block;
                    b = new Blake2b(64, key, salt, null);
                    blocks[block] = b;
                }
                b.update(token, 0, len);
                b.digest(d, 0);
                for (int s = 0; s < 16 && i < k; s++, i++) {
                    out[i] = position(slice(d, s), l);
                }
            }
        }
    }
}
