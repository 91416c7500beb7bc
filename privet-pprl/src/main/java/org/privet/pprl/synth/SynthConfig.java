package org.privet.pprl.synth;

import java.util.EnumSet;
import java.util.Set;

/**
 * What {@link SynthDataset#generate} makes: {@code recordsA} and {@code recordsB} records (1..10,000,000 each);
 * {@code round(overlap * min(recordsA, recordsB))} people appear in both files ({@code overlap} in [0, 1]); each
 * record of B is corrupted with probability {@code corruptionRate} (in [0, 1]) by 1 to {@code maxCorruptions}
 * (1..10) errors of the given kinds (non-empty), chosen uniformly; the same {@code seed} gives the same files.
 */
public record SynthConfig(int recordsA, int recordsB, double overlap, double corruptionRate, int maxCorruptions,
                          Set<Corruption> kinds, long seed) {
    public SynthConfig {
        if (recordsA < 1 || recordsA > 10_000_000) {
            throw new IllegalArgumentException("recordsA must be in [1, 10000000]. Provided value: " + recordsA);
        }
        if (recordsB < 1 || recordsB > 10_000_000) {
            throw new IllegalArgumentException("recordsB must be in [1, 10000000]. Provided value: " + recordsB);
        }
        if (!(overlap >= 0 && overlap <= 1)) {
            throw new IllegalArgumentException("overlap must be in [0, 1]. Provided value: " + overlap);
        }
        if (!(corruptionRate >= 0 && corruptionRate <= 1)) {
            throw new IllegalArgumentException("corruptionRate must be in [0, 1]. Provided value: " + corruptionRate);
        }
        if (maxCorruptions < 1 || maxCorruptions > 10) {
            throw new IllegalArgumentException("maxCorruptions must be in [1, 10]. Provided value: " + maxCorruptions);
        }
        if (kinds == null || kinds.isEmpty()) {
            throw new IllegalArgumentException("kinds must name at least one corruption. Provided value: " + kinds);
        }
        kinds = Set.copyOf(EnumSet.copyOf(kinds));
    }

    /** {@code n} records in each file, half of them shared, 20% of B corrupted with up to 2 errors of every kind. */
    public static SynthConfig defaults(int n, long seed) {
        return new SynthConfig(n, n, 0.5, 0.2, 2, EnumSet.allOf(Corruption.class), seed);
    }

    /** People in both files. */
    public int shared() {
        return (int) Math.round(overlap * Math.min(recordsA, recordsB));
    }
}
