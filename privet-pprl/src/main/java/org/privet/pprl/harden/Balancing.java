package org.privet.pprl.harden;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Balanced Bloom filters (Berger and Ravikumar's balanced codes applied to PPRL by Schnell, Borgs and Encheva
 * 2016): the filter of {@code l} bits is concatenated with its complement and the {@code 2l} bits are permuted
 * with a secret permutation. Every output has exactly {@code l} ones, so the Hamming weight no longer tells how
 * long a name is, and frequent bit patterns are spread over twice the positions. Dice similarities change but the
 * order of Hamming distances is kept (distance doubles). Immutable and thread-safe.
 */
public final class Balancing {
    private final int inBits;
    private final int[] perm; // output position i takes concatenated bit perm[i]

    /**
     * @param inBits input length {@code l >= 1}
     * @param key    secret key (at least 16 bytes) from which the permutation of {@code 2l} positions is drawn
     */
    public Balancing(int inBits, byte[] key) {
        if (inBits < 1) {
            throw new IllegalArgumentException("inBits must be >= 1. Provided value: " + inBits);
        }
        this.inBits = inBits;
        this.perm = keyedPermutation(key, 2 * inBits);
    }

    public int inputBits() {
        return inBits;
    }

    public int outputBits() {
        return 2 * inBits;
    }

    /** Writes the balanced filter of {@code in[inOff..]} to {@code out[outOff..]} (cleared first). */
    public void apply(long[] in, int inOff, long[] out, int outOff) {
        int ow = BitVectors.words(2 * inBits);
        for (int i = 0; i < ow; i++) {
            out[outOff + i] = 0;
        }
        for (int i = 0, n = 2 * inBits; i < n; i++) {
            int src = perm[i];
            boolean bit = src < inBits ? BitVectors.get(in, inOff, src) : !BitVectors.get(in, inOff, src - inBits);
            if (bit) {
                BitVectors.set(out, outOff, i);
            }
        }
    }

    /**
     * A uniformly random permutation of {@code 0..n-1} drawn by Fisher-Yates from the HMAC-SHA256 stream of
     * {@code key} (counter mode), with rejection sampling so that no index is favoured.
     */
    public static int[] keyedPermutation(byte[] key, int n) {
        if (key == null || key.length < 16) {
            throw new IllegalArgumentException("permutation key must be at least 16 bytes. Provided length: "
                    + (key == null ? 0 : key.length));
        }
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] block = new byte[32];
            int pos = 32;
            long counter = 0;
            for (int i = n - 1; i > 0; i--) {
                int bound = i + 1;
                long limit = (1L << 32) - ((1L << 32) % bound);
                long r;
                do {
                    if (pos == 32) {
                        for (int b = 0; b < 8; b++) {
                            mac.update((byte) (counter >>> (56 - 8 * b)));
                        }
                        mac.doFinal(block, 0);
                        counter++;
                        pos = 0;
                    }
                    r = (block[pos] & 0xffL) << 24 | (block[pos + 1] & 0xffL) << 16 | (block[pos + 2] & 0xffL) << 8
                            | (block[pos + 3] & 0xffL);
                    pos += 4;
                } while (r >= limit);
                int j = (int) (r % bound);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        } catch (GeneralSecurityException e) {
            throw new AssertionError("internal invariant: HmacSHA256 is in every JDK", e);
        }
        return p;
    }
}
