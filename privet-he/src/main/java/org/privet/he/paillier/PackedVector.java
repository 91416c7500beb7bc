package org.privet.he.paillier;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Objects;

/**
 * An encrypted vector of small signed fixed-point values packed {@link PackingLayout#slots()} to a
 * ciphertext: the sum of {@code summands} contributions, each of {@link #length()} values.
 *
 * <p>Adding two packed vectors multiplies their ciphertexts and adds their summand counts; a sum
 * beyond {@link PackingLayout#maxSummands()} is refused with {@link IllegalStateException}, so the
 * slots never overflow. Keys, layouts and lengths must match. Immutable and thread safe.
 */
public final class PackedVector {
    private final PaillierPublicKey key;
    private final PackingLayout layout;
    private final int length;
    private final BigInteger[] values;
    private final int summands;

    PackedVector(PaillierPublicKey key, PackingLayout layout, int length, BigInteger[] values, int summands) {
        this.key = key;
        this.layout = layout;
        this.length = length;
        this.values = values;
        this.summands = summands;
    }

    /**
     * Validated packed vector from raw parts (e.g. read from a file).
     *
     * @throws IllegalArgumentException if the layout is not for this key, the ciphertext count does not
     *     match the length, the summand count is out of {@code [1, maxSummands]}, or a value is not a
     *     ciphertext for the key
     */
    public static PackedVector of(PaillierPublicKey key, PackingLayout layout, int length, BigInteger[] ciphertexts, int summands) {
        if (layout.keyBits() != key.bits()) {
            throw new IllegalArgumentException("packing layout was made for a " + layout.keyBits() + "-bit key, not this "
                    + key.bits() + "-bit key " + key.fingerprint());
        }
        if (length < 0 || ciphertexts.length != layout.ciphertextsFor(length)) {
            throw new IllegalArgumentException("a packed vector of " + length + " values needs " + layout.ciphertextsFor(Math.max(0, length))
                    + " ciphertexts. Provided: " + ciphertexts.length);
        }
        if (summands < 1 || summands > layout.maxSummands()) {
            throw new IllegalArgumentException("summands must be in [1, " + layout.maxSummands() + "]. Provided value: " + summands);
        }
        BigInteger[] copy = ciphertexts.clone();
        for (int i = 0; i < copy.length; i++) {
            try {
                PaillierCiphertext.of(key, copy[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ciphertext " + i + ": " + e.getMessage(), e);
            }
        }
        return new PackedVector(key, layout, length, copy, summands);
    }

    /**
     * Packs and encrypts one contribution.
     *
     * @param values each {@code |v| <= layout.bound()} (the index of an offending value is reported)
     */
    public static PackedVector encrypt(PaillierPublicKey key, PackingLayout layout, double[] values, Obfuscator obfuscator) {
        if (layout.keyBits() != key.bits()) {
            throw new IllegalArgumentException("packing layout was made for a " + layout.keyBits() + "-bit key, not this "
                    + key.bits() + "-bit key " + key.fingerprint());
        }
        key.checkSameKey(obfuscator.key(), "obfuscator");
        BigInteger[] c = new BigInteger[layout.ciphertextsFor(values.length)];
        for (int j = 0; j < c.length; j++) {
            BigInteger m = layout.pack(values, j * layout.slots());
            c[j] = key.mulMod(key.gToThe(m), obfuscator.next());
        }
        return new PackedVector(key, layout, values.length, c, 1);
    }

    /** As {@link #encrypt(PaillierPublicKey, PackingLayout, double[], Obfuscator)} with full randomness. */
    public static PackedVector encrypt(PaillierPublicKey key, PackingLayout layout, double[] values) {
        return encrypt(key, layout, values, key.defaultObfuscator());
    }

    /**
     * The encrypted slot-wise sum.
     *
     * @throws IllegalStateException if the summand count would exceed {@code maxSummands}
     */
    public PackedVector add(PackedVector other) {
        key.checkSameKey(other.key, "packed vector");
        if (!layout.equals(other.layout)) {
            throw new IllegalArgumentException("packing layouts differ: " + layout.fingerprint() + " vs " + other.layout.fingerprint());
        }
        if (length != other.length) {
            throw new IllegalArgumentException("packed vector lengths must match: " + length + " vs " + other.length);
        }
        long total = (long) summands + other.summands;
        if (total > layout.maxSummands()) {
            throw new IllegalStateException("sum of " + total + " contributions exceeds the layout's maxSummands "
                    + layout.maxSummands() + ": the slots could overflow; make a layout with a larger maxSummands");
        }
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = key.mulMod(values[i], other.values[i]);
        }
        return new PackedVector(key, layout, length, out, (int) total);
    }

    /**
     * Decrypts the slot-wise sums of all contributions (one decryption per ciphertext).
     *
     * @throws ArithmeticException if a slot sum is beyond what {@link #summands()} in-range values can give
     */
    public double[] decryptSum(PaillierPrivateKey privateKey) {
        key.checkSameKey(privateKey.publicKey(), "private key");
        double[] out = new double[length];
        for (int j = 0; j < values.length; j++) {
            BigInteger m = privateKey.decrypt(new PaillierCiphertext(key, values[j]));
            layout.unpack(m, summands, out, j * layout.slots());
        }
        return out;
    }

    /** The sums divided by the summand count. */
    public double[] decryptMean(PaillierPrivateKey privateKey) {
        double[] s = decryptSum(privateKey);
        for (int i = 0; i < s.length; i++) {
            s[i] /= summands;
        }
        return s;
    }

    /** The same sums with fresh randomness in every ciphertext. */
    public PackedVector rerandomize(Obfuscator obfuscator) {
        key.checkSameKey(obfuscator.key(), "obfuscator");
        BigInteger[] out = new BigInteger[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = key.mulMod(values[i], obfuscator.next());
        }
        return new PackedVector(key, layout, length, out, summands);
    }

    public PaillierPublicKey key() {
        return key;
    }

    public PackingLayout layout() {
        return layout;
    }

    /** Number of values (not ciphertexts). */
    public int length() {
        return length;
    }

    /** Number of contributions summed. */
    public int summands() {
        return summands;
    }

    /** A copy of the raw ciphertexts. */
    public BigInteger[] ciphertexts() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackedVector v && v.key.equals(key) && v.layout.equals(layout) && v.length == length
                && v.summands == summands && Arrays.equals(v.values, values);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, layout, length, summands) * 31 + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "PackedVector[" + length + " values in " + values.length + " ciphertexts, " + summands + " summands, key "
                + key.fingerprint() + "]";
    }
}
