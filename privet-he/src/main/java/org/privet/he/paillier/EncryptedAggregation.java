package org.privet.he.paillier;

import java.util.List;
import java.util.Objects;

/**
 * Encrypted aggregation of model updates: each client clips its update to {@code |v| <= bound},
 * packs and encrypts it under the key holder's public key ({@link #encryptUpdate}); the server
 * multiplies the ciphertexts ({@link #sum}) without seeing any update; the key holder decrypts only
 * the sum or mean ({@link #decryptMean}). One decryption serves {@link PackingLayout#slots()} values.
 *
 * <p>This protects the updates from the server, not from the key holder. It does not prove that
 * clients' updates are in range: decryption rejects slot sums beyond what in-range updates can give
 * ({@link ArithmeticException}), but a forged update that keeps every sum in range is not detected.
 * Thread safe.
 */
public final class EncryptedAggregation {
    private final PaillierPublicKey key;
    private final PackingLayout layout;
    private final Obfuscator obfuscator;

    /** Aggregation with full public-key randomness. */
    public EncryptedAggregation(PaillierPublicKey key, PackingLayout layout) {
        this(key, layout, key.defaultObfuscator());
    }

    /**
     * @param key the key holder's public key
     * @param layout made for {@code key} (bound, precision, most clients)
     * @param obfuscator the clients' randomness (e.g. an {@link ObfuscatorPool} filled while idle)
     */
    public EncryptedAggregation(PaillierPublicKey key, PackingLayout layout, Obfuscator obfuscator) {
        this.key = Objects.requireNonNull(key, "key");
        this.layout = Objects.requireNonNull(layout, "layout");
        this.obfuscator = Objects.requireNonNull(obfuscator, "obfuscator");
        key.checkSameKey(obfuscator.key(), "obfuscator");
        if (layout.keyBits() != key.bits()) {
            throw new IllegalArgumentException("packing layout was made for a " + layout.keyBits() + "-bit key, not this "
                    + key.bits() + "-bit key");
        }
    }

    /** The layout. */
    public PackingLayout layout() {
        return layout;
    }

    /** Client: packs and encrypts one update ({@code |v| <= bound} for every element). */
    public PackedVector encryptUpdate(double[] update) {
        return PackedVector.encrypt(key, layout, update, obfuscator);
    }

    /**
     * Server: the encrypted element-wise sum of the updates.
     *
     * @throws IllegalArgumentException if the list is empty or updates do not match (key, layout, length)
     * @throws IllegalStateException if more than {@code maxSummands} contributions are summed
     */
    public PackedVector sum(List<PackedVector> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("need at least one update to sum. Provided: 0");
        }
        PackedVector acc = updates.get(0);
        key.checkSameKey(acc.key(), "update 0");
        for (int i = 1; i < updates.size(); i++) {
            try {
                acc = acc.add(updates.get(i));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("update " + i + ": " + e.getMessage(), e);
            }
        }
        return acc;
    }

    /** Key holder: the mean update. */
    public static double[] decryptMean(PaillierPrivateKey privateKey, PackedVector sum) {
        return sum.decryptMean(privateKey);
    }

    /** Key holder: the summed update. */
    public static double[] decryptSum(PaillierPrivateKey privateKey, PackedVector sum) {
        return sum.decryptSum(privateKey);
    }
}
