package org.privet.attacks.poison;

import java.util.Arrays;
import java.util.Locale;
import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * A backdoor data poison: a fraction of the attacker's local examples get the {@link Trigger} and the
 * target label, the rest stay clean (so the poisoned model keeps its clean accuracy). {@link
 * #triggeredTest} builds the matching attack-success test set. Immutable, thread-safe.
 */
public final class Backdoor implements DataPoison {
    private final Trigger trigger;
    private final int targetLabel;
    private final double poisonFraction;

    /**
     * @param trigger        the trigger
     * @param targetLabel    the class the trigger should select, &gt;= 0
     * @param poisonFraction fraction of local examples poisoned, in (0, 1]
     */
    public Backdoor(Trigger trigger, int targetLabel, double poisonFraction) {
        if (trigger == null) {
            throw new IllegalArgumentException("trigger must not be null");
        }
        if (targetLabel < 0) {
            throw new IllegalArgumentException("target label must be >= 0. Provided value: " + targetLabel);
        }
        if (!(poisonFraction > 0 && poisonFraction <= 1)) {
            throw new IllegalArgumentException("poison fraction must be in (0, 1]. Provided value: " + poisonFraction);
        }
        this.trigger = trigger;
        this.targetLabel = targetLabel;
        this.poisonFraction = poisonFraction;
    }

    public Trigger trigger() {
        return trigger;
    }

    public int targetLabel() {
        return targetLabel;
    }

    @Override
    public Dataset poison(Dataset local, Rng rng) {
        checkTarget(local);
        int n = local.size();
        int k = (int) Math.ceil(poisonFraction * n);
        int[] chosen = Arrays.copyOf(rng.child("backdoor").permutation(n), k);
        Tensor x = local.features().copy();
        int[] y = local.labels().clone();
        int[] shape = exampleShape(x);
        int per = x.size() / Math.max(1, n);
        float[] data = x.data();
        for (int i : chosen) {
            trigger.stamp(data, i * per, shape);
            y[i] = targetLabel;
        }
        return new Dataset(local.name() + "+" + name(), x, y, local.schema());
    }

    /**
     * The attack-success test set: every example of {@code test} whose label is not the target, with the
     * trigger stamped and its true label kept (attack success = fraction then classified as the target).
     */
    public Dataset triggeredTest(Dataset test) {
        checkTarget(test);
        int[] labels = test.labels();
        int keep = 0;
        for (int l : labels) {
            if (l != targetLabel) {
                keep++;
            }
        }
        int[] idx = new int[keep];
        for (int i = 0, j = 0; i < labels.length; i++) {
            if (labels[i] != targetLabel) {
                idx[j++] = i;
            }
        }
        Dataset sub = test.subset(idx);
        Tensor x = sub.features().copy();
        int[] shape = exampleShape(x);
        int per = keep == 0 ? 0 : x.size() / keep;
        for (int i = 0; i < keep; i++) {
            trigger.stamp(x.data(), i * per, shape);
        }
        return new Dataset(test.name() + "+trigger", x, sub.labels(), test.schema());
    }

    @Override
    public String name() {
        return String.format(Locale.ROOT, "backdoor(%s, target=%d, fraction=%g)", trigger.name(), targetLabel,
                poisonFraction);
    }

    private void checkTarget(Dataset d) {
        if (targetLabel >= d.numClasses()) {
            throw new IllegalArgumentException("target label must be < classes (" + d.numClasses() + ") of "
                    + d.name() + ". Provided value: " + targetLabel);
        }
    }

    private static int[] exampleShape(Tensor x) {
        int[] s = x.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }
}
