package org.privet.attacks.reference;

import java.util.Arrays;
import org.privet.core.rng.Rng;

/**
 * Which records of a reference pool each reference model trains on: {@code isIn(m, i)} is true when
 * model {@code m} trains on pool record {@code i}.
 *
 * <p>The balanced design of LiRA's reference code: for each record, a random set of models of size
 * {@code M/2} takes it IN (for odd {@code M}, half of the records, chosen at random, are IN for
 * {@code floor(M/2)} models and the others for {@code ceil(M/2)}), so every record is IN for about
 * half the models and each model trains on about half the pool. Immutable; thread safe.
 */
public final class ReferenceMasks {
    private final boolean[][] in;
    private final int records;
    private final boolean online;

    private ReferenceMasks(boolean[][] in, int records, boolean online) {
        this.in = in;
        this.records = records;
        this.online = online;
    }

    /**
     * Online design: every one of {@code records} pool records (candidates included) is IN for half of
     * the {@code models} models, drawn from {@code rng.child("masks")}.
     */
    public static ReferenceMasks online(int records, int models, Rng rng) {
        return new ReferenceMasks(balanced(records, models, null, rng), records, true);
    }

    /**
     * Offline design: the records listed in {@code neverIn} (the candidates) are OUT for every model;
     * every other record is IN for half of the models.
     *
     * @throws IllegalArgumentException when an index of {@code neverIn} is outside {@code [0, records)}
     */
    public static ReferenceMasks offline(int records, int models, int[] neverIn, Rng rng) {
        boolean[] excluded = new boolean[Math.max(0, records)];
        for (int i : neverIn) {
            if (i < 0 || i >= records) {
                throw new IllegalArgumentException("offline masks: excluded record " + i + " is outside [0, "
                        + records + ")");
            }
            excluded[i] = true;
        }
        return new ReferenceMasks(balanced(records, models, excluded, rng), records, false);
    }

    /** Masks given explicitly: {@code in[m][i]} (copied; all rows of one length, at least one model). */
    public static ReferenceMasks of(boolean[][] in) {
        if (in.length == 0) {
            throw new IllegalArgumentException("masks need at least one reference model");
        }
        boolean[][] c = new boolean[in.length][];
        for (int m = 0; m < in.length; m++) {
            if (in[m].length != in[0].length) {
                throw new IllegalArgumentException("masks: model " + m + " has " + in[m].length + " records, model 0 has "
                        + in[0].length);
            }
            c[m] = in[m].clone();
        }
        return new ReferenceMasks(c, in[0].length, false);
    }

    private static boolean[][] balanced(int records, int models, boolean[] excluded, Rng rng) {
        if (models < 1) {
            throw new IllegalArgumentException("reference models must be >= 1. Provided value: " + models);
        }
        if (records < 1) {
            throw new IllegalArgumentException("reference pool must hold >= 1 record. Provided value: " + records);
        }
        Rng r = rng.child("masks");
        boolean[][] in = new boolean[models][records];
        for (int i = 0; i < records; i++) {
            if (excluded != null && excluded[i]) {
                continue;
            }
            int k = models / 2 + ((models & 1) == 1 && r.nextBoolean() ? 1 : 0);
            int[] perm = r.permutation(models);
            for (int j = 0; j < k; j++) {
                in[perm[j]][i] = true;
            }
        }
        return in;
    }

    /** Number of reference models. */
    public int models() {
        return in.length;
    }

    /** Number of pool records. */
    public int records() {
        return records;
    }

    /** Whether these masks come from {@link #online} (every record IN for about half the models). */
    public boolean isOnline() {
        return online;
    }

    /** Whether model {@code m} trains on record {@code i}. */
    public boolean isIn(int m, int i) {
        return in[m][i];
    }

    /** For how many models record {@code i} is IN. */
    public int inCount(int i) {
        int c = 0;
        for (boolean[] row : in) {
            if (row[i]) {
                c++;
            }
        }
        return c;
    }

    /** The pool indices model {@code m} trains on, ascending. */
    public int[] trainingIndices(int m) {
        boolean[] row = in[m];
        int c = 0;
        for (boolean b : row) {
            if (b) {
                c++;
            }
        }
        int[] idx = new int[c];
        int k = 0;
        for (int i = 0; i < row.length; i++) {
            if (row[i]) {
                idx[k++] = i;
            }
        }
        return idx;
    }

    /** A copy of the masks, {@code [models][records]}. */
    public boolean[][] toArray() {
        boolean[][] c = new boolean[in.length][];
        for (int m = 0; m < in.length; m++) {
            c[m] = in[m].clone();
        }
        return c;
    }

    @Override
    public String toString() {
        int[] counts = new int[in.length];
        for (int m = 0; m < in.length; m++) {
            counts[m] = trainingIndices(m).length;
        }
        return "ReferenceMasks[" + (online ? "online" : "offline") + ", " + in.length + " models x " + records
                + " records, training sizes " + Arrays.toString(counts) + "]";
    }
}
