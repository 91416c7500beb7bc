package org.privet.core.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Small grey images of class-specific shapes, a stand-in for MNIST that a small CNN learns in
 * seconds and that needs no download.
 *
 * <p>Classes (up to 10), drawn as anti-aliased strokes on a black background: 0 horizontal bar,
 * 1 vertical bar, 2 diagonal, 3 anti-diagonal, 4 square outline, 5 circle outline, 6 plus, 7 cross,
 * 8 filled disc, 9 triangle outline. Each example varies: the shape's centre is shifted by up to
 * {@code maxShift} pixels in each direction, its size is scaled by a factor in [0.8, 1.1], the stroke
 * width by [0.8, 1.3] (base width {@code size / 16} pixels, at least 1), and Gaussian pixel noise of
 * standard deviation {@code noise} is added before clamping to [0, 1].
 *
 * <p>Features {@code [n, 1, size, size]} in [0, 1]; labels balanced (counts differ by at most one)
 * in random order; classes named {@code hbar, vbar, diag, antidiag, square, circle, plus, cross,
 * disc, triangle}. Deterministic for a given {@link Rng} seed.
 */
public final class SyntheticImages {
    private static final List<String> SHAPES = List.of("hbar", "vbar", "diag", "antidiag", "square", "circle", "plus",
            "cross", "disc", "triangle");

    private SyntheticImages() {
    }

    /** {@code n} images of size 16x16 with noise 0.1 and shifts of up to 2 pixels. */
    public static Dataset generate(int n, int classes, Rng rng) {
        return generate(n, classes, 16, 0.1, 2, rng);
    }

    /**
     * @param n        images, >= 1
     * @param classes  in [2, 10]
     * @param size     image side in pixels, in [8, 256]
     * @param noise    pixel noise standard deviation, >= 0
     * @param maxShift largest shift in pixels, in [0, size / 4]
     */
    public static Dataset generate(int n, int classes, int size, double noise, int maxShift, Rng rng) {
        if (n < 1 || classes < 2 || classes > SHAPES.size()) {
            throw new IllegalArgumentException("need n >= 1 and classes in [2, 10]. Provided value: n=" + n
                    + ", classes=" + classes);
        }
        if (size < 8 || size > 256) {
            throw new IllegalArgumentException("size must be in [8, 256]. Provided value: " + size);
        }
        if (!(noise >= 0) || Double.isInfinite(noise)) {
            throw new IllegalArgumentException("noise must be >= 0 and finite. Provided value: " + noise);
        }
        if (maxShift < 0 || maxShift > size / 4) {
            throw new IllegalArgumentException("maxShift must be in [0, " + size / 4 + "]. Provided value: " + maxShift);
        }
        Rng gen = rng.child("synthetic-images");
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        gen.shuffle(labels);
        int hw = size * size;
        float[] x = new float[n * hw];
        for (int i = 0; i < n; i++) {
            double cx = (size - 1) / 2.0 + gen.nextInt(2 * maxShift + 1) - maxShift;
            double cy = (size - 1) / 2.0 + gen.nextInt(2 * maxShift + 1) - maxShift;
            double r = size * 0.3 * (0.8 + 0.3 * gen.nextDouble());
            double half = 0.5 * Math.max(1.0, size / 16.0) * (0.8 + 0.5 * gen.nextDouble());
            int off = i * hw;
            for (int py = 0; py < size; py++) {
                for (int px = 0; px < size; px++) {
                    double dist = distance(labels[i], (px - cx) / r, (py - cy) / r) * r;
                    double v = Math.min(1, Math.max(0, half + 0.5 - dist));
                    if (noise > 0) {
                        v += noise * gen.nextGaussian();
                    }
                    x[off + py * size + px] = (float) Math.min(1, Math.max(0, v));
                }
            }
        }
        return new Dataset("synthetic-images", Tensor.wrap(x, n, 1, size, size), labels,
                Schema.image(1, size, size, new ArrayList<>(SHAPES.subList(0, classes))));
    }

    /** Distance from (u, v) (in units of the shape radius, y down) to shape {@code c}'s stroke. */
    private static double distance(int c, double u, double v) {
        return switch (c) {
            case 0 -> segment(u, v, -1, 0, 1, 0);
            case 1 -> segment(u, v, 0, -1, 0, 1);
            case 2 -> segment(u, v, -0.8, -0.8, 0.8, 0.8);
            case 3 -> segment(u, v, -0.8, 0.8, 0.8, -0.8);
            case 4 -> Math.abs(Math.max(Math.abs(u), Math.abs(v)) - 0.8);
            case 5 -> Math.abs(Math.hypot(u, v) - 0.85);
            case 6 -> Math.min(segment(u, v, -1, 0, 1, 0), segment(u, v, 0, -1, 0, 1));
            case 7 -> Math.min(segment(u, v, -0.8, -0.8, 0.8, 0.8), segment(u, v, -0.8, 0.8, 0.8, -0.8));
            case 8 -> Math.max(0, Math.hypot(u, v) - 0.6);
            case 9 -> Math.min(segment(u, v, 0, -0.9, 0.9, 0.75),
                    Math.min(segment(u, v, 0.9, 0.75, -0.9, 0.75), segment(u, v, -0.9, 0.75, 0, -0.9)));
            default -> throw new AssertionError("internal invariant: shape " + c + " outside [0, 10)");
        };
    }

    private static double segment(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double t = ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy);
        t = Math.max(0, Math.min(1, t));
        return Math.hypot(px - ax - t * dx, py - ay - t * dy);
    }
}
