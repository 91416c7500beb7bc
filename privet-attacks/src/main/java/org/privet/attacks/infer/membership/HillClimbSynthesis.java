package org.privet.attacks.infer.membership;

import java.util.Locale;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Shadow training data synthesised from the target's own confidences, for an attacker without data:
 * Algorithm 1 of Shokri et al. (S&amp;P 2017).
 *
 * <p>For a requested class {@code c}: start from a uniformly random record; query the target; if its
 * confidence {@code y_c} is at least the best so far, accept the record (and if {@code y_c > confMin}
 * and {@code c} is the predicted class, output it with probability {@code y_c}); otherwise count a
 * rejection, and after more than {@code rejMax} consecutive rejections halve the number {@code k} of
 * features to randomise (not below {@code kMin}). The next candidate is the last accepted record
 * with {@code k} random features redrawn from their domain. A chain that reaches {@code iterMax}
 * queries without output fails and a fresh chain starts in its place.
 *
 * <p>The chains run in lockstep, one batched query per iteration for all of them, so the cost is
 * about {@code iterMax} batch queries per round. Features are binary ({0, 1}, as the paper's
 * Purchase and Location data) or uniform on an interval. Stateless; thread safe.
 */
public final class HillClimbSynthesis {
    private HillClimbSynthesis() {
    }

    /**
     * Algorithm parameters (paper's names).
     *
     * @param kMax     features randomised at first, in [1, features]
     * @param kMin     fewest features randomised, in [1, kMax]
     * @param confMin  confidence needed to output a record, in [0, 1)
     * @param rejMax   consecutive rejections before k is halved, &gt;= 1
     * @param iterMax  queries per chain before it fails, &gt;= 1
     * @param maxRounds restarts allowed per requested record before giving up, &gt;= 1
     */
    public record Options(int kMax, int kMin, double confMin, int rejMax, int iterMax, int maxRounds) {
        public Options {
            if (kMin < 1 || kMax < kMin) {
                throw new IllegalArgumentException("need 1 <= kMin <= kMax. Provided values: kMin=" + kMin + ", kMax="
                        + kMax);
            }
            if (!(confMin >= 0 && confMin < 1)) {
                throw new IllegalArgumentException("confMin must be in [0, 1). Provided value: " + confMin);
            }
            if (rejMax < 1 || iterMax < 1 || maxRounds < 1) {
                throw new IllegalArgumentException("rejMax, iterMax and maxRounds must be >= 1. Provided values: "
                        + rejMax + ", " + iterMax + ", " + maxRounds);
            }
        }

        /** Defaults for {@code features} features: kMax = features / 2 (at least 1), kMin = 1, confMin = 0.8, rejMax = 10, iterMax = 200, 5 rounds. */
        public static Options defaults(int features) {
            int kMax = Math.max(1, features / 2);
            return new Options(kMax, 1, 0.8, 10, 200, 5);
        }
    }

    /** The domain each feature is drawn from. */
    public record FeatureDomain(boolean binary, float low, float high) {
        public FeatureDomain {
            if (!binary && !(low < high && Float.isFinite(low) && Float.isFinite(high))) {
                throw new IllegalArgumentException("feature interval must satisfy low < high, both finite. Provided: ["
                        + low + ", " + high + "]");
            }
        }

        /** Features in {0, 1}. */
        public static FeatureDomain binaryFeatures() {
            return new FeatureDomain(true, 0f, 1f);
        }

        /** Features uniform on [low, high). */
        public static FeatureDomain uniform(float low, float high) {
            return new FeatureDomain(false, low, high);
        }

        float draw(Rng rng) {
            return binary ? (rng.nextBoolean() ? 1f : 0f) : low + (high - low) * rng.nextFloat();
        }
    }

    /**
     * What came out: {@code records} {@code [produced, features]} (all of class {@code c} by the
     * target's verdict at output time), the number of target queries, and chains that failed.
     */
    public record Result(Tensor records, int requested, long queries, int failedChains) {
        /** Number of records produced (&lt;= requested when rounds ran out). */
        public int produced() {
            return records.dim(0);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "HillClimbSynthesis.Result[%d of %d records, %d queries, %d failed chains]",
                    produced(), requested, queries, failedChains);
        }
    }

    /**
     * Synthesises {@code count} records that {@code target} puts in class {@code c} with confidence
     * above {@code options.confMin()}.
     *
     * @param target   a model over flat feature vectors ({@code inputShape() = [features]})
     * @param c        requested class, in [0, numClasses)
     * @param count    records wanted, &gt;= 1
     * @param domain   feature domain
     * @param rng      randomness (records, features to redraw, output coin)
     * @throws IllegalArgumentException on a bad class, count, or a model whose input is not a flat vector
     */
    public static Result synthesize(ProbabilisticClassifier target, int c, int count, FeatureDomain domain,
            Options options, Rng rng) {
        int[] shape = target.inputShape();
        if (shape.length != 1) {
            throw new IllegalArgumentException("hill climbing needs a model over flat feature vectors. Provided input "
                    + "shape: " + java.util.Arrays.toString(shape));
        }
        int d = shape[0];
        if (c < 0 || c >= target.numClasses()) {
            throw new IllegalArgumentException("class must be in [0, " + target.numClasses() + "). Provided value: " + c);
        }
        if (count < 1) {
            throw new IllegalArgumentException("count must be >= 1. Provided value: " + count);
        }
        if (options.kMax() > d) {
            throw new IllegalArgumentException("kMax must be <= the number of features " + d + ". Provided value: "
                    + options.kMax());
        }
        int nc = target.numClasses();
        float[] out = new float[count * d];
        int produced = 0;
        long queries = 0;
        int failed = 0;
        int chains = count;
        // chain state
        float[] best = new float[chains * d];
        float[] cur = new float[chains * d];
        double[] bestConf = new double[chains];
        int[] k = new int[chains];
        int[] rejects = new int[chains];
        int[] iter = new int[chains];
        boolean[] active = new boolean[chains];
        int[] pick = new int[d];
        int startsLeft = count * options.maxRounds();
        for (int s = 0; s < chains; s++) {
            startChain(s, d, cur, bestConf, k, rejects, iter, active, domain, options, rng);
            startsLeft--;
        }
        int activeCount = chains;
        while (activeCount > 0 && produced < count) {
            int[] rows = new int[activeCount];
            int f = 0;
            for (int s = 0; s < chains; s++) {
                if (active[s]) {
                    rows[f++] = s;
                }
            }
            float[] batch = new float[activeCount * d];
            for (int r = 0; r < activeCount; r++) {
                System.arraycopy(cur, rows[r] * d, batch, r * d, d);
            }
            float[] p = target.predictProba(Tensor.wrap(batch, activeCount, d)).data();
            queries += activeCount;
            for (int r = 0; r < activeCount && produced < count; r++) {
                int s = rows[r];
                double yc = p[r * nc + c];
                int arg = 0;
                for (int j = 1; j < nc; j++) {
                    if (p[r * nc + j] > p[r * nc + arg]) {
                        arg = j;
                    }
                }
                iter[s]++;
                boolean emitted = false;
                if (yc >= bestConf[s]) {
                    if (yc > options.confMin() && arg == c && rng.nextDouble() < yc) {
                        System.arraycopy(cur, s * d, out, produced * d, d);
                        produced++;
                        active[s] = false;
                        emitted = true;
                    } else {
                        System.arraycopy(cur, s * d, best, s * d, d);
                        bestConf[s] = yc;
                        rejects[s] = 0;
                    }
                } else {
                    rejects[s]++;
                    if (rejects[s] > options.rejMax()) {
                        k[s] = Math.max(options.kMin(), (k[s] + 1) / 2);
                        rejects[s] = 0;
                    }
                }
                if (emitted) {
                    continue;
                }
                if (iter[s] >= options.iterMax()) {
                    failed++;
                    if (startsLeft > 0) {
                        startsLeft--;
                        startChain(s, d, cur, bestConf, k, rejects, iter, active, domain, options, rng);
                    } else {
                        active[s] = false;
                    }
                    continue;
                }
                // next candidate: the best record with k random features redrawn
                System.arraycopy(best, s * d, cur, s * d, d);
                choose(d, k[s], pick, rng);
                for (int j = 0; j < k[s]; j++) {
                    cur[s * d + pick[j]] = domain.draw(rng);
                }
            }
            activeCount = 0;
            for (boolean a : active) {
                if (a) {
                    activeCount++;
                }
            }
        }
        float[] res = java.util.Arrays.copyOf(out, produced * d);
        return new Result(Tensor.wrap(res, produced, d), count, queries, failed);
    }

    /**
     * A synthetic shadow data set for an attacker without data: {@code perClass} records for every
     * class, each labelled with the class it was synthesised for (Shokri et al.'s use of Algorithm 1),
     * class {@code c} drawn from {@code rng.child("class", c)}. Pass it as the audit's population.
     *
     * @param schema the schema of the records (e.g. the candidates'); its feature shape must be the
     *               model's flat input and its classes the model's
     * @throws IllegalStateException when the target never gives a class enough confidence within the rounds
     */
    public static org.privet.core.data.Dataset shadowData(ProbabilisticClassifier target, int perClass,
            FeatureDomain domain, Options options, org.privet.core.data.Schema schema, Rng rng) {
        if (schema.classNames().size() != target.numClasses()) {
            throw new IllegalArgumentException("schema has " + schema.classNames().size() + " classes, the target "
                    + target.numClasses());
        }
        int classes = target.numClasses();
        Tensor[] parts = new Tensor[classes];
        int total = 0;
        for (int c = 0; c < classes; c++) {
            Result r = synthesize(target, c, perClass, domain, options, rng.child("class", c));
            if (r.produced() == 0) {
                throw new IllegalStateException("hill climbing produced no record of class " + c + " (" + r
                        + "); lower confMin or raise iterMax / maxRounds");
            }
            parts[c] = r.records();
            total += r.produced();
        }
        int[] labels = new int[total];
        int k = 0;
        for (int c = 0; c < classes; c++) {
            for (int i = 0; i < parts[c].dim(0); i++) {
                labels[k++] = c;
            }
        }
        return new org.privet.core.data.Dataset("synthetic-shadow", Tensor.concat(parts), labels, schema);
    }

    private static void startChain(int s, int d, float[] cur, double[] bestConf, int[] k, int[] rejects, int[] iter,
            boolean[] active, FeatureDomain domain, Options o, Rng rng) {
        for (int j = 0; j < d; j++) {
            cur[s * d + j] = domain.draw(rng);
        }
        bestConf[s] = 0;
        k[s] = o.kMax();
        rejects[s] = 0;
        iter[s] = 0;
        active[s] = true;
    }

    /** First {@code k} entries of {@code pick} become distinct random feature indices (partial Fisher-Yates). */
    private static void choose(int d, int k, int[] pick, Rng rng) {
        for (int j = 0; j < d; j++) {
            pick[j] = j;
        }
        for (int j = 0; j < k; j++) {
            int r = j + rng.nextInt(d - j);
            int t = pick[j];
            pick[j] = pick[r];
            pick[r] = t;
        }
    }
}
