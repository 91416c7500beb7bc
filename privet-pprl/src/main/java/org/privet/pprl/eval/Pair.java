package org.privet.pprl.eval;

import java.util.Objects;

/** A pair of record ids: {@code idA} from the first database, {@code idB} from the second. Order matters. */
public record Pair(String idA, String idB) {
    public Pair {
        Objects.requireNonNull(idA, "idA");
        Objects.requireNonNull(idB, "idB");
    }
}
