package org.privet.attacks.extract;

import java.util.Objects;
import java.util.function.Function;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.core.train.TrainConfig;
import org.privet.core.train.Trainer;

/**
 * Retraining extraction (Tramer et al. 2016, section 6): query the target, train a network on its answers.
 * Works against any model, and against APIs that return only labels.
 *
 * <ul>
 *   <li>{@link Strategy#UNIFORM}: all queries uniform over the input domain;</li>
 *   <li>{@link Strategy#LINE_SEARCH}: Tramer's adaptive variant: a first round of uniform queries, then in
 *       each later round line searches between queried points the target labels differently, which
 *       concentrate queries on the target's decision boundaries (each search step is one query);</li>
 *   <li>{@link Strategy#ACTIVE}: uncertainty sampling (Cohn et al. / Lowd-Meek style): each round queries
 *       the pool points on which the current copy is least sure (smallest top-two probability margin).</li>
 * </ul>
 * With probabilities available and {@link Options#useProbabilities()}, the copy is fitted to the probability
 * vectors (the "equation-solving" attack of the paper's section 4.2 for networks), else to the labels.
 */
public final class Retraining {
    private Retraining() {
    }

    /** How queries are chosen. */
    public enum Strategy { UNIFORM, LINE_SEARCH, ACTIVE }

    /**
     * Settings.
     *
     * @param strategy         how queries are chosen
     * @param rounds           adaptive rounds ({@code >= 1}; UNIFORM uses one)
     * @param searchSteps      bisection steps per line search ({@code >= 1})
     * @param useProbabilities fit probability vectors when the target returns them
     * @param epochs           training epochs of the copy per round
     * @param copy             the copy's architecture, from (rng, inputs, classes)
     */
    public record Options(Strategy strategy, int rounds, int searchSteps, boolean useProbabilities, int epochs,
                          CopyFactory copy) {
        public Options {
            Objects.requireNonNull(strategy, "strategy");
            Objects.requireNonNull(copy, "copy");
            if (rounds < 1) {
                throw new IllegalArgumentException("rounds must be >= 1. Provided value: " + rounds);
            }
            if (searchSteps < 1) {
                throw new IllegalArgumentException("searchSteps must be >= 1. Provided value: " + searchSteps);
            }
            if (epochs < 1) {
                throw new IllegalArgumentException("epochs must be >= 1. Provided value: " + epochs);
            }
        }

        /** Uniform queries, probabilities if available, an MLP with 20 hidden units (the paper's copy), 60 epochs. */
        public static Options defaults() {
            return new Options(Strategy.UNIFORM, 4, 6, true, 60, CopyFactory.mlp(20));
        }

        public Options withStrategy(Strategy s) {
            return new Options(s, rounds, searchSteps, useProbabilities, epochs, copy);
        }

        public Options withRounds(int r) {
            return new Options(strategy, r, searchSteps, useProbabilities, epochs, copy);
        }

        public Options withProbabilities(boolean p) {
            return new Options(strategy, rounds, searchSteps, p, epochs, copy);
        }

        public Options withEpochs(int e) {
            return new Options(strategy, rounds, searchSteps, useProbabilities, e, copy);
        }

        public Options withCopy(CopyFactory c) {
            return new Options(strategy, rounds, searchSteps, useProbabilities, epochs, c);
        }
    }

    /** Builds the copy network for {@code inputs} features and {@code classes} outputs. */
    @FunctionalInterface
    public interface CopyFactory {
        Sequential create(Rng rng, int inputs, int classes);

        /** A one-hidden-layer ReLU MLP of width {@code hidden} (0 for a softmax regression). */
        static CopyFactory mlp(int hidden) {
            return (rng, in, c) -> Networks.mlp(rng, in, hidden == 0 ? new int[0] : new int[] {hidden}, c);
        }
    }

    /** The copy, the queries used, and the training set the attacker built. */
    public record Result(NetworkClassifier copy, long queries, Tensor queriedInputs) {
    }

    /** Runs the attack with at most {@code budget} queries (counted by {@code target}). */
    public static Result extract(QueryCounter target, InputDomain domain, int budget, Options options, Rng rng,
                                 Progress progress) {
        Objects.requireNonNull(target, "target");
        int d = domain.dimension();
        int[] shape = target.inputShape();
        if (shape.length != 1 || shape[0] != d) {
            throw new IllegalArgumentException("retraining needs a flat input of " + d + " features to match the "
                    + "domain; the target takes shape " + java.util.Arrays.toString(shape));
        }
        if (budget < 2) {
            throw new IllegalArgumentException("budget must be >= 2. Provided value: " + budget);
        }
        Progress pr = progress == null ? Progress.NONE : progress;
        boolean soft = options.useProbabilities() && target.hasProbabilities();
        int k = target.numClasses();
        int rounds = options.strategy() == Strategy.UNIFORM ? 1 : options.rounds();
        int first = options.strategy() == Strategy.UNIFORM ? budget : Math.max(2, budget / rounds);
        Samples s = new Samples(d, k);
        s.add(domain.sample(first, rng.child("uniform")), target, soft);
        pr.start("extract (retraining, " + options.strategy().name().toLowerCase(java.util.Locale.ROOT) + ")", rounds);
        NetworkClassifier copy = train(s, options, soft, d, k, rng.child("copy", 0));
        pr.update(1, s.n + " queries");
        for (int r = 1; r < rounds; r++) {
            int left = (int) Math.min(budget - s.n, budget / rounds);
            if (left <= 0) {
                break;
            }
            Rng rr = rng.child("round", r);
            if (options.strategy() == Strategy.LINE_SEARCH) {
                lineSearches(s, target, soft, left, options.searchSteps(), rr);
            } else {
                Tensor pool = domain.sample(Math.max(10 * left, 100), rr.child("pool"));
                s.add(leastCertain(copy, pool, left), target, soft);
            }
            copy = train(s, options, soft, d, k, rng.child("copy", r));
            pr.update(r + 1, s.n + " queries");
        }
        pr.finish();
        return new Result(copy, s.n, Tensor.wrap(java.util.Arrays.copyOf(s.x, s.n * d), s.n, d));
    }

    private static NetworkClassifier train(Samples s, Options o, boolean soft, int d, int k, Rng rng) {
        Sequential net = o.copy().create(rng.child("init"), d, k);
        Tensor x = Tensor.wrap(java.util.Arrays.copyOf(s.x, s.n * d), s.n, d);
        int batch = Math.min(64, s.n);
        if (soft) {
            Tensor t = Tensor.wrap(java.util.Arrays.copyOf(s.p, s.n * k), s.n, k);
            CopyTraining.fitSoft(net, x, t, o.epochs(), batch, 1e-2f, rng.child("train"));
        } else {
            Trainer.fit(net, x, java.util.Arrays.copyOf(s.y, s.n), TrainConfig.adam(1e-2f, o.epochs(), batch,
                    rng.child("train").seed()), Progress.NONE);
        }
        return new NetworkClassifier(net, new int[] {d}, k);
    }

    /** Bisects between labelled points of different labels; each midpoint is one query. */
    private static void lineSearches(Samples s, QueryCounter target, boolean soft, int budget, int steps, Rng rng) {
        int d = s.d;
        int used = 0;
        int attempts = 0;
        while (used + 1 <= budget && attempts < 20 * budget) {
            attempts++;
            int a = rng.nextInt(s.n);
            int b = rng.nextInt(s.n);
            if (s.y[a] == s.y[b]) {
                continue;
            }
            float[] lo = java.util.Arrays.copyOfRange(s.x, a * d, a * d + d);
            float[] hi = java.util.Arrays.copyOfRange(s.x, b * d, b * d + d);
            int loLabel = s.y[a];
            for (int t = 0; t < steps && used < budget; t++) {
                float[] mid = new float[d];
                for (int j = 0; j < d; j++) {
                    mid[j] = 0.5f * (lo[j] + hi[j]);
                }
                int label = s.add(Tensor.wrap(mid, 1, d), target, soft)[0];
                used++;
                if (label == loLabel) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
        }
    }

    /** The {@code m} pool rows with the smallest top-two probability margin under the copy. */
    private static Tensor leastCertain(ProbabilisticClassifier copy, Tensor pool, int m) {
        float[] p = copy.predictProba(pool).data();
        int n = pool.dim(0);
        int k = p.length / n;
        double[] margin = new double[n];
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            float best = -1;
            float second = -1;
            for (int c = 0; c < k; c++) {
                float v = p[i * k + c];
                if (v > best) {
                    second = best;
                    best = v;
                } else if (v > second) {
                    second = v;
                }
            }
            margin[i] = best - second;
            order[i] = i;
        }
        java.util.Arrays.sort(order, (u, v) -> Double.compare(margin[u], margin[v]));
        int[] idx = new int[Math.min(m, n)];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = order[i];
        }
        return pool.rows(idx);
    }

    /** The attacker's growing training set. */
    private static final class Samples {
        final int d;
        final int k;
        float[] x = new float[0];
        float[] p = new float[0];
        int[] y = new int[0];
        int n;

        Samples(int d, int k) {
            this.d = d;
            this.k = k;
        }

        /** Queries {@code q} and appends; returns the labels. */
        int[] add(Tensor q, QueryCounter target, boolean soft) {
            int m = q.dim(0);
            int[] labels;
            float[] probs = null;
            if (soft) {
                Tensor pr = target.predictProba(q);
                probs = pr.data();
                labels = pr.argmaxRows();
            } else {
                labels = target.predict(q);
            }
            int need = n + m;
            if (y.length < need) {
                int cap = Math.max(need, 2 * y.length);
                x = java.util.Arrays.copyOf(x, cap * d);
                p = java.util.Arrays.copyOf(p, cap * k);
                y = java.util.Arrays.copyOf(y, cap);
            }
            System.arraycopy(q.data(), 0, x, n * d, m * d);
            if (probs != null) {
                System.arraycopy(probs, 0, p, n * k, m * k);
            }
            System.arraycopy(labels, 0, y, n, m);
            n = need;
            return labels;
        }
    }
}
