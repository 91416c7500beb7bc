package org.privet.he.ckks;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;
import org.privet.he.rlwe.SwitchingKey;

/**
 * The public evaluation keys an {@link Evaluator} needs: the relinearisation key and Galois keys by Galois
 * element (rotations by {@code k}: {@code 5^k mod 2N}; conjugation: {@code 2N - 1}). Immutable; thread safe.
 */
public final class EvaluationKeys {
    final SwitchingKey relin;
    final Map<Integer, SwitchingKey> galois;
    final long keyId;

    /**
     * @param relin relinearisation key (may be null when no multiplication is needed)
     * @param galois Galois keys (copied)
     */
    public EvaluationKeys(SwitchingKey relin, Map<Integer, SwitchingKey> galois) {
        this.relin = relin;
        this.galois = Collections.unmodifiableMap(new HashMap<>(galois));
        long id = relin != null ? relin.keyId() : 0;
        for (SwitchingKey k : galois.values()) {
            if (relin == null && id == 0) {
                id = k.keyId();
            }
            if (k.keyId() != id) {
                throw new IllegalArgumentException("evaluation keys belong to different secret keys");
            }
        }
        this.keyId = id;
    }

    /**
     * Generates the relinearisation key and the Galois keys for the given rotations (slot offsets; negative
     * rotates right) and, if asked, conjugation.
     */
    public static EvaluationKeys generate(CkksParameters params, KeyGenerator kg, SecretKey sk, int[] rotations,
            boolean conjugation) {
        var ring = params.rlwe().ring();
        Map<Integer, SwitchingKey> g = new HashMap<>();
        for (int r : rotations) {
            int ge = ring.galoisElementForRotation(r);
            if (ge != 1) {
                g.computeIfAbsent(ge, e -> kg.galoisKey(sk, e));
            }
        }
        if (conjugation) {
            int ge = ring.galoisElementForConjugation();
            g.put(ge, kg.galoisKey(sk, ge));
        }
        return new EvaluationKeys(kg.relinearizationKey(sk), g);
    }

    /** The relinearisation key, or null. */
    public SwitchingKey relinearizationKey() {
        return relin;
    }

    /** Galois keys by element (unmodifiable). */
    public Map<Integer, SwitchingKey> galoisKeys() {
        return galois;
    }
}
