package org.privet.attacks.reference;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.tensor.Tensor;

/**
 * Built-in {@link QueryAugmentation}s: identity for any data; horizontal flips and small shifts
 * (zero filled) for image batches {@code [n, c, h, w]}, as in LiRA's experiments.
 */
public final class QueryAugmentations {
    private QueryAugmentations() {
    }

    /** The query itself. */
    public static QueryAugmentation identity() {
        return new QueryAugmentation() {
            @Override
            public String name() {
                return "identity";
            }

            @Override
            public Tensor apply(Tensor x) {
                return x.copy();
            }
        };
    }

    /** Mirror image: column {@code w - 1 - j} becomes column {@code j}. */
    public static QueryAugmentation horizontalFlip() {
        return transform("flip", true, 0, 0);
    }

    /**
     * Content moved by {@code dx} columns right and {@code dy} rows down; vacated pixels are 0.
     *
     * @param dx shift in columns, |dx| &lt;= 8
     * @param dy shift in rows, |dy| &lt;= 8
     */
    public static QueryAugmentation shift(int dx, int dy) {
        checkShift(dx, dy);
        return transform("shift(" + dx + "," + dy + ")", false, dx, dy);
    }

    /** A horizontal flip followed by {@link #shift}. */
    public static QueryAugmentation flipThenShift(int dx, int dy) {
        checkShift(dx, dy);
        return transform("flip+shift(" + dx + "," + dy + ")", true, dx, dy);
    }

    /** {identity, flip}: LiRA's two-query setting. */
    public static List<QueryAugmentation> mirror() {
        return List.of(identity(), horizontalFlip());
    }

    /**
     * {no flip, flip} x {no shift, shifts by {@code s} pixels left, right, up, down}: 10 queries.
     *
     * @param s shift in pixels, 1..8
     */
    public static List<QueryAugmentation> mirrorAndShifts(int s) {
        if (s < 1 || s > 8) {
            throw new IllegalArgumentException("shift must be in [1, 8]. Provided value: " + s);
        }
        int[][] d = {{0, 0}, {s, 0}, {-s, 0}, {0, s}, {0, -s}};
        List<QueryAugmentation> out = new ArrayList<>();
        for (int[] v : d) {
            out.add(v[0] == 0 && v[1] == 0 ? identity() : shift(v[0], v[1]));
        }
        for (int[] v : d) {
            out.add(v[0] == 0 && v[1] == 0 ? horizontalFlip() : flipThenShift(v[0], v[1]));
        }
        return List.copyOf(out);
    }

    private static void checkShift(int dx, int dy) {
        if (Math.abs(dx) > 8 || Math.abs(dy) > 8) {
            throw new IllegalArgumentException("shift must be within 8 pixels. Provided value: (" + dx + ", " + dy
                    + ")");
        }
    }

    private static QueryAugmentation transform(String name, boolean flip, int dx, int dy) {
        return new QueryAugmentation() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Tensor apply(Tensor x) {
                if (x.rank() != 4) {
                    throw new IllegalArgumentException(name + ": needs images [n, c, h, w]. Provided shape: "
                            + x.shapeString());
                }
                int planes = x.dim(0) * x.dim(1);
                int h = x.dim(2);
                int w = x.dim(3);
                float[] src = x.data();
                float[] dst = new float[src.length];
                for (int p = 0; p < planes; p++) {
                    int o = p * h * w;
                    for (int r = 0; r < h; r++) {
                        int sr = r - dy;
                        if (sr < 0 || sr >= h) {
                            continue;
                        }
                        for (int col = 0; col < w; col++) {
                            int sc = col - dx;
                            if (sc < 0 || sc >= w) {
                                continue;
                            }
                            int fc = flip ? w - 1 - sc : sc;
                            dst[o + r * w + col] = src[o + sr * w + fc];
                        }
                    }
                }
                return Tensor.wrap(dst, x.shape());
            }
        };
    }
}
