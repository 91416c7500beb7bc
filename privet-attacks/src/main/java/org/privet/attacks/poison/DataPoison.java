package org.privet.attacks.poison;

import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;

/**
 * Rewrites the local training data of a client the attacker controls; the client then trains on the
 * result as it was told to. Implementations are immutable and thread-safe.
 */
public interface DataPoison {
    /**
     * The poisoned copy of {@code local} (never modified). The result has the same feature shape and
     * number of classes; which examples change is drawn from {@code rng} (seeded, reproducible).
     */
    Dataset poison(Dataset local, Rng rng);

    /** A short name for reports. */
    String name();
}
