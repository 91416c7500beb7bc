package org.privet.attacks.poison;

/**
 * Rewrites the model updates of the clients an attacker controls in one federated round (Byzantine or
 * targeted model poisoning).
 *
 * <p>Implementations are immutable and thread-safe; randomness comes only from {@link
 * PoisonContext#rng()}, so a seeded context gives a reproducible attack.
 */
public interface UpdateAttack {
    /**
     * The updates the attacker clients send this round.
     *
     * @param honest the updates each attacker client computed by training as it was told to (on its own,
     *     possibly poisoned, data): {@code honest.length >= 1} rows of one length {@code d}; not modified
     * @param ctx    what the attacker knows about the round
     * @return one update per row of {@code honest}, each of length {@code d} (fresh arrays)
     */
    float[][] craft(float[][] honest, PoisonContext ctx);

    /** A short name for reports, e.g. {@code "alie(z=1.02)"}. */
    String name();

    /** Checks that {@code honest} is a non-empty matrix with rows of one length; returns that length. */
    static int checkRows(float[][] honest) {
        if (honest == null || honest.length == 0) {
            throw new IllegalArgumentException("need at least one attacker update. Provided: "
                    + (honest == null ? "null" : "0 rows"));
        }
        int d = honest[0].length;
        for (int i = 1; i < honest.length; i++) {
            if (honest[i].length != d) {
                throw new IllegalArgumentException("attacker updates must have one length: row 0 has " + d
                        + ", row " + i + " has " + honest[i].length);
            }
        }
        return d;
    }
}
