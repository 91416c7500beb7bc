package org.privet.attacks.extract;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Path-finding extraction of decision trees over continuous features (after Tramer et al. 2016, section
 * 4.2, Algorithm 1). A tree's leaf region is an axis-aligned box. The API's answer identifies the leaf (the
 * paper assumes a leaf identifier; here two answers are the same leaf when their confidence vectors are bit
 * for bit equal, as with a tree that returns each leaf's class frequencies). From a point in an unknown leaf,
 * a bisection along each feature, up and down, finds the two predicates bounding that feature, which gives
 * the leaf's whole box; points just outside each face (its centre line and a few random points on it) are
 * queued to discover the neighbouring leaves. Points inside an already known box are never queried. The
 * copy, a {@link BoxModel}, answers with the leaf's confidences.
 *
 * <p>Leaves that share a confidence vector and touch may be merged into a region that is not a box; the
 * fidelity figures show the effect. Categorical features and the paper's top-down variant are not
 * implemented.
 */
public final class PathFinding {
    private PathFinding() {
    }

    /**
     * Settings.
     *
     * @param precision     bisection stops when the bracket is below {@code precision * (hi - lo)} of the
     *                      feature's domain, {@code (0, 1)}
     * @param facePoints    random probes per box face beside the face's centre line, {@code >= 0}
     * @param seeds         uniform starting points, {@code >= 1}
     */
    public record Options(double precision, int facePoints, int seeds) {
        public Options {
            if (!(precision > 0 && precision < 1)) {
                throw new IllegalArgumentException("precision must be in (0, 1). Provided value: " + precision);
            }
            if (facePoints < 0 || seeds < 1) {
                throw new IllegalArgumentException("facePoints must be >= 0 and seeds >= 1. Provided values: "
                        + facePoints + ", " + seeds);
            }
        }

        public static Options defaults() {
            return new Options(1e-4, 2, 8);
        }
    }

    /** The copy, the leaves found, and the queries used. */
    public record Result(BoxModel copy, int leaves, long queries, boolean budgetExhausted) {
    }

    /** Runs the attack until no unknown region is left or the budget runs out. */
    public static Result extract(QueryCounter target, InputDomain domain, Options options, Rng rng,
                                 Progress progress) {
        Objects.requireNonNull(target, "target");
        if (!target.hasProbabilities()) {
            throw new IllegalArgumentException("path finding needs leaf identities (confidence vectors); the target "
                    + "returns labels only");
        }
        int d = domain.dimension();
        int[] shape = target.inputShape();
        if (shape.length != 1 || shape[0] != d) {
            throw new IllegalArgumentException("path finding needs a flat input of " + d + " features; the target "
                    + "takes shape " + Arrays.toString(shape));
        }
        int k = target.numClasses();
        Progress pr = progress == null ? Progress.NONE : progress;
        List<float[]> los = new ArrayList<>();
        List<float[]> his = new ArrayList<>();
        List<float[]> outs = new ArrayList<>();
        Deque<float[]> queue = new ArrayDeque<>();
        Tensor seeds = domain.sample(options.seeds(), rng.child("seeds"));
        for (int i = 0; i < options.seeds(); i++) {
            queue.add(Arrays.copyOfRange(seeds.data(), i * d, (i + 1) * d));
        }
        Rng faces = rng.child("faces");
        boolean exhausted = false;
        pr.start("extract (path finding)", -1);
        try {
            while (!queue.isEmpty()) {
                float[] x = queue.poll();
                if (BoxModel.find(los, his, x) >= 0) {
                    continue;
                }
                float[] out = query(target, x);
                float[] lo = new float[d];
                float[] hi = new float[d];
                for (int j = 0; j < d; j++) {
                    float eps = (float) (options.precision() * (domain.hi(j) - domain.lo(j)));
                    hi[j] = edge(target, x, j, out, domain.hi(j), eps);
                    lo[j] = edge(target, x, j, out, domain.lo(j), eps);
                }
                los.add(lo);
                his.add(hi);
                outs.add(out);
                pr.update(los.size(), los.size() + " leaves, " + target.used() + " queries");
                for (int j = 0; j < d; j++) {
                    float eps = (float) (options.precision() * (domain.hi(j) - domain.lo(j)));
                    if (hi[j] < domain.hi(j)) {
                        enqueueFace(queue, x, lo, hi, j, Math.min(domain.hi(j), hi[j] + 2 * eps), options, faces);
                    }
                    if (lo[j] > domain.lo(j)) {
                        enqueueFace(queue, x, lo, hi, j, Math.max(domain.lo(j), lo[j] - 2 * eps), options, faces);
                    }
                }
            }
        } catch (QueryCounter.BudgetExhaustedException e) {
            exhausted = true;
        } finally {
            pr.finish();
        }
        return new Result(new BoxModel(los, his, outs, k), los.size(), target.used(), exhausted);
    }

    private static void enqueueFace(Deque<float[]> queue, float[] x, float[] lo, float[] hi, int j, float value,
                                    Options o, Rng rng) {
        float[] c = x.clone();
        c[j] = value;
        queue.add(c);
        for (int t = 0; t < o.facePoints(); t++) {
            float[] r = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                r[i] = lo[i] + (hi[i] - lo[i]) * rng.nextFloat();
            }
            r[j] = value;
            queue.add(r);
        }
    }

    /** The last value of feature j, moving from x[j] towards {@code bound}, at which the answer is still {@code out}. */
    private static float edge(QueryCounter target, float[] x, int j, float[] out, float bound, float eps) {
        float[] probe = x.clone();
        probe[j] = bound;
        if (Arrays.equals(query(target, probe), out)) {
            return bound;
        }
        float in = x[j];
        float outside = bound;
        while (Math.abs(outside - in) > eps) {
            float mid = 0.5f * (in + outside);
            if (mid == in || mid == outside) {
                break;
            }
            probe[j] = mid;
            if (Arrays.equals(query(target, probe), out)) {
                in = mid;
            } else {
                outside = mid;
            }
        }
        return in;
    }

    private static float[] query(QueryCounter target, float[] x) {
        return target.predictProba(Tensor.wrap(x.clone(), 1, x.length)).data();
    }

    /**
     * The extracted model: boxes with the confidence vector of their leaf. A point in no box takes the answer
     * of the nearest box (L-infinity distance); in several, the first found.
     */
    public static final class BoxModel implements ProbabilisticClassifier {
        private final float[][] lo;
        private final float[][] hi;
        private final float[][] out;
        private final int classes;

        BoxModel(List<float[]> lo, List<float[]> hi, List<float[]> out, int classes) {
            if (lo.isEmpty()) {
                throw new IllegalStateException("no leaf was found within the query budget");
            }
            this.lo = lo.toArray(new float[0][]);
            this.hi = hi.toArray(new float[0][]);
            this.out = out.toArray(new float[0][]);
            this.classes = classes;
        }

        static int find(List<float[]> lo, List<float[]> hi, float[] x) {
            for (int b = 0; b < lo.size(); b++) {
                if (inside(lo.get(b), hi.get(b), x, 0)) {
                    return b;
                }
            }
            return -1;
        }

        private static boolean inside(float[] lo, float[] hi, float[] x, int off) {
            for (int j = 0; j < lo.length; j++) {
                float v = x[off + j];
                if (v < lo[j] || v > hi[j]) {
                    return false;
                }
            }
            return true;
        }

        /** Number of boxes (leaves found). */
        public int boxes() {
            return lo.length;
        }

        @Override
        public int numClasses() {
            return classes;
        }

        @Override
        public int[] inputShape() {
            return new int[] {lo[0].length};
        }

        @Override
        public Tensor predictProba(Tensor x) {
            int d = lo[0].length;
            int n = x.dim(0);
            if (x.size() != n * d) {
                throw new IllegalArgumentException("expected rows of " + d + " features. Provided shape: "
                        + x.shapeString());
            }
            float[] v = x.data();
            float[] res = new float[n * classes];
            for (int i = 0; i < n; i++) {
                int best = -1;
                double bestDist = Double.POSITIVE_INFINITY;
                for (int b = 0; b < lo.length && bestDist > 0; b++) {
                    double dist = 0;
                    for (int j = 0; j < d; j++) {
                        float u = v[i * d + j];
                        dist = Math.max(dist, Math.max(lo[b][j] - u, u - hi[b][j]));
                    }
                    if (dist < bestDist) {
                        bestDist = dist;
                        best = b;
                    }
                }
                System.arraycopy(out[best], 0, res, i * classes, classes);
            }
            return Tensor.wrap(res, n, classes);
        }
    }
}
