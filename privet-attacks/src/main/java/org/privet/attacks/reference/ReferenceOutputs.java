package org.privet.attacks.reference;

import java.util.List;

/**
 * What {@code M} reference models answered on every record of a pool under every query
 * augmentation: logits {@code [M][A][n * c]} row-major, plus the {@link ReferenceMasks} they were
 * trained under and the recipe that trained them. The models themselves are not kept.
 *
 * <p>Immutable by contract ({@link #logits} returns the backing array for speed: do not write into
 * it); thread safe for reads.
 */
public final class ReferenceOutputs {
    private final float[][][] logits;
    private final ReferenceMasks masks;
    private final int classes;
    private final List<String> augmentations;
    private final String recipe;
    private final double[][] probes;

    /** As the full constructor, without probe values. */
    public ReferenceOutputs(float[][][] logits, ReferenceMasks masks, int classes, List<String> augmentations,
            String recipe) {
        this(logits, masks, classes, augmentations, recipe, null);
    }

    /**
     * @param logits        {@code [models][augmentations][records * classes]}
     * @param masks         the masks the models were trained under ({@code models x records})
     * @param classes       number of classes, &gt;= 2
     * @param augmentations names of the query augmentations, one per middle index
     * @param recipe        description of the training recipe
     * @param probes        {@code [models][records]} values of a {@link ModelProbe}, or null
     */
    public ReferenceOutputs(float[][][] logits, ReferenceMasks masks, int classes, List<String> augmentations,
            String recipe, double[][] probes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2. Provided value: " + classes);
        }
        if (logits.length != masks.models()) {
            throw new IllegalArgumentException("reference outputs: " + logits.length + " models but masks for "
                    + masks.models());
        }
        for (int m = 0; m < logits.length; m++) {
            if (logits[m].length != augmentations.size()) {
                throw new IllegalArgumentException("reference outputs: model " + m + " has " + logits[m].length
                        + " augmentations, expected " + augmentations.size());
            }
            for (int a = 0; a < logits[m].length; a++) {
                if (logits[m][a].length != masks.records() * classes) {
                    throw new IllegalArgumentException("reference outputs: model " + m + " augmentation " + a
                            + " has " + logits[m][a].length + " logits, expected " + masks.records() + " x " + classes);
                }
            }
        }
        if (probes != null) {
            if (probes.length != logits.length) {
                throw new IllegalArgumentException("reference outputs: probe values for " + probes.length
                        + " models, expected " + logits.length);
            }
            for (int m = 0; m < probes.length; m++) {
                if (probes[m].length != masks.records()) {
                    throw new IllegalArgumentException("reference outputs: probe of model " + m + " has "
                            + probes[m].length + " values, expected " + masks.records());
                }
            }
        }
        this.probes = probes;
        this.logits = logits;
        this.masks = masks;
        this.classes = classes;
        this.augmentations = List.copyOf(augmentations);
        this.recipe = recipe;
    }

    /** Number of reference models {@code M}. */
    public int models() {
        return logits.length;
    }

    /** Number of pool records {@code n}. */
    public int records() {
        return masks.records();
    }

    /** Number of classes {@code c}. */
    public int classes() {
        return classes;
    }

    /** Number of query augmentations {@code A}. */
    public int augmentations() {
        return augmentations.size();
    }

    /** Names of the query augmentations, in query order. */
    public List<String> augmentationNames() {
        return augmentations;
    }

    /** Description of the recipe that trained the models. */
    public String recipe() {
        return recipe;
    }

    /** Which pool records each model trained on. */
    public ReferenceMasks masks() {
        return masks;
    }

    /** Whether probe values were recorded. */
    public boolean hasProbes() {
        return probes != null;
    }

    /** The probe values of model {@code m}, one per pool record (do not modify). */
    public double[] probe(int m) {
        if (probes == null) {
            throw new IllegalStateException("no probe was run while training these reference models");
        }
        return probes[m];
    }

    /** Logits of model {@code m} under augmentation {@code a}, row-major {@code [records, classes]}; do not modify. */
    public float[] logits(int m, int a) {
        return logits[m][a];
    }

    /**
     * Accuracy of model {@code m} (first augmentation) on its IN records and on its OUT records, given the
     * pool labels: {@code {trainAccuracy, heldOutAccuracy}} (NaN for an empty side).
     */
    public double[] accuracy(int m, int[] poolLabels) {
        if (poolLabels.length != records()) {
            throw new IllegalArgumentException("need one label per pool record (" + records() + "). Provided: "
                    + poolLabels.length);
        }
        float[] z = logits[m][0];
        long[] hit = new long[2];
        long[] tot = new long[2];
        for (int i = 0; i < records(); i++) {
            int best = 0;
            for (int j = 1; j < classes; j++) {
                if (z[i * classes + j] > z[i * classes + best]) {
                    best = j;
                }
            }
            int side = masks.isIn(m, i) ? 0 : 1;
            tot[side]++;
            if (best == poolLabels[i]) {
                hit[side]++;
            }
        }
        return new double[] {tot[0] == 0 ? Double.NaN : (double) hit[0] / tot[0],
            tot[1] == 0 ? Double.NaN : (double) hit[1] / tot[1]};
    }

    @Override
    public String toString() {
        return "ReferenceOutputs[" + models() + " models x " + records() + " records x " + classes + " classes, "
                + augmentations + ", " + recipe + "]";
    }
}
