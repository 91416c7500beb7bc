package org.privet.attacks.poison;

import java.util.Arrays;
import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;

/**
 * Label flipping (Tolpegin et al., "Data Poisoning Attacks Against Federated Learning Systems", ESORICS
 * 2020): every local example of a flipped class gets the mapped label; features are untouched. Two
 * forms: one source class to one target class (the paper's targeted flip), or every class {@code y} to
 * {@code C - 1 - y} (untargeted). Immutable, thread-safe.
 */
public final class LabelFlip implements DataPoison {
    private final int[] map;
    private final String name;

    private LabelFlip(int[] map, String name) {
        this.map = map;
        this.name = name;
    }

    /** Relabels class {@code source} as {@code target} (both in [0, classes), distinct). */
    public static LabelFlip sourceToTarget(int classes, int source, int target) {
        checkClasses(classes);
        if (source < 0 || source >= classes || target < 0 || target >= classes || source == target) {
            throw new IllegalArgumentException("source and target must be distinct classes in [0, " + classes
                    + "). Provided value: source=" + source + ", target=" + target);
        }
        int[] m = identity(classes);
        m[source] = target;
        return new LabelFlip(m, "label-flip(" + source + "->" + target + ")");
    }

    /** Relabels every class {@code y} as {@code classes - 1 - y}. */
    public static LabelFlip reverse(int classes) {
        checkClasses(classes);
        int[] m = new int[classes];
        for (int y = 0; y < classes; y++) {
            m[y] = classes - 1 - y;
        }
        return new LabelFlip(m, "label-flip(y->C-1-y)");
    }

    @Override
    public Dataset poison(Dataset local, Rng rng) {
        int[] y = local.labels();
        int[] out = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            if (y[i] >= map.length) {
                throw new IllegalArgumentException("label-flip built for " + map.length + " classes; example " + i
                        + " of " + local.name() + " has label " + y[i]);
            }
            out[i] = map[y[i]];
        }
        return new Dataset(local.name() + "+" + name, local.features(), out, local.schema());
    }

    @Override
    public String name() {
        return name;
    }

    /** The label map (class to class), a copy. */
    public int[] labelMap() {
        return Arrays.copyOf(map, map.length);
    }

    private static int[] identity(int n) {
        int[] m = new int[n];
        for (int i = 0; i < n; i++) {
            m[i] = i;
        }
        return m;
    }

    private static void checkClasses(int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("classes must be >= 2. Provided value: " + classes);
        }
    }
}
