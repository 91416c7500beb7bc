package org.privet.fl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;
import org.privet.attacks.poison.Backdoor;
import org.privet.attacks.poison.PoisonContext;
import org.privet.attacks.poison.PoisonMetrics;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Variable;
import org.privet.core.data.Dataset;
import org.privet.core.nn.Sequential;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.dp.accounting.Rdp;
import org.privet.dp.accounting.RdpAccountant;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggResult;
import org.privet.mpc.secagg.SecAggRound;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.sgd.DiscreteGaussianNoise;
import org.privet.fl.aggregate.AggregationContext;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.aggregate.WeightedMean;

/**
 * In-process simulation of a federation: hundreds of clients as tasks on a small thread pool, the model
 * as a flat {@code float[]} (FedSGD or FedAvg, McMahan et al. 2017).
 *
 * <p>Each round: sample clients (K uniformly without replacement, or Poisson with {@code q = K/N} under
 * DP-FedAvg); some drop out (send nothing) or straggle (their update reaches the next round and is rejected
 * as stale); the rest train locally from the global model on their partition and send {@code local -
 * global}; attacker clients poison their data and/or rewrite their updates ({@link Adversary}); the
 * server's {@link UpdateInbox} rejects and logs malformed, replayed, stale and unauthenticated updates
 * without stalling; the accepted updates are aggregated (when a robust rule cannot run on so few updates,
 * the round leaves the model unchanged and says why in {@link RoundRecord#skipped}) (a robust {@link Aggregator}, DP-FedAvg, and/or
 * {@link SecureSum}) and applied: {@code global += eta * aggregate}. After each round the global model is
 * evaluated on the clean test set and, with a backdoor, on the triggered test set.
 *
 * <p>Deterministic for a seed (whatever the thread count) except DP noise, which comes from SecureRandom
 * unless a test supplies a seeded source via {@link Builder#insecureNoiseRandomForTests}. Secure-aggregation
 * keys and masks always come from SecureRandom (the sum does not depend on them). Not thread-safe; {@link #run} may be called once.
 */
public final class FederatedSimulation {
    private static final System.Logger LOG = System.getLogger("org.privet.fl");
    private final FlModel model;
    private final Tensor[] clientX;
    private final int[][] clientY;
    private final Tensor[] poisonedX;
    private final int[][] poisonedY;
    private final Tensor testX;
    private final int[] testY;
    private final Tensor triggeredX;
    private final int[] triggeredY;
    private final FlConfig cfg;
    private final Aggregator aggregator;
    private final Adversary adversary;
    private final boolean[] attacker;
    private final DpFedAvg dp;
    private final boolean secureAggregation;
    private final SecureRandom noiseRandom;
    private final IntFunction<List<ClientUpdate>> injected;
    private final DistributedDiscreteGaussian ddg;
    private final double ddgDelta;
    private final boolean seededNoise;
    private boolean ran;

    private FederatedSimulation(Builder b) {
        this.model = b.model;
        this.cfg = b.config;
        this.aggregator = b.aggregator;
        this.adversary = b.adversary;
        this.dp = b.dp;
        this.secureAggregation = b.secureAggregation;
        this.noiseRandom = b.noiseRandom != null ? b.noiseRandom : NoiseRandom.secure();
        this.seededNoise = b.noiseRandom != null;
        this.injected = b.injected;
        this.ddg = b.ddg;
        this.ddgDelta = b.ddgDelta;
        if (ddg != null && dp != null) {
            throw new IllegalArgumentException("choose one of DP-FedAvg (central noise) and distributed DP (DDGauss)");
        }
        if (ddg != null && !(aggregator instanceof WeightedMean)) {
            throw new IllegalArgumentException("distributed DP releases only the noisy sum: it needs the mean aggregator."
                    + " Provided aggregator: " + aggregator.name());
        }
        int n = b.partition.length;
        if (cfg.clientsPerRound() > n) {
            throw new IllegalArgumentException("clientsPerRound must be <= clients (" + n + "). Provided value: "
                    + cfg.clientsPerRound());
        }
        if (secureAggregation && dp == null && !aggregator.isLinear()) {
            throw new IllegalArgumentException("secure aggregation reveals only the sum: it needs the mean aggregator"
                    + " or DP-FedAvg. Provided aggregator: " + aggregator.name());
        }
        Rng rng = Rng.of(cfg.seed());
        this.attacker = new boolean[n];
        int attackers = (int) Math.round(adversary.fraction() * n);
        int[] perm = rng.child("attackers").permutation(n);
        for (int i = 0; i < attackers; i++) {
            attacker[perm[i]] = true;
        }
        this.clientX = new Tensor[n];
        this.clientY = new int[n][];
        this.poisonedX = new Tensor[n];
        this.poisonedY = new int[n][];
        for (int k = 0; k < n; k++) {
            if (b.partition[k].length == 0) {
                throw new IllegalArgumentException("client " + k + " has no examples");
            }
            Dataset local = b.train.subset(b.partition[k]);
            clientX[k] = input(local.features(), b.flattenInputs);
            clientY[k] = local.labels();
            if (attacker[k] && adversary.data() != null) {
                Dataset bad = adversary.data().poison(local, rng.child("poison", k));
                poisonedX[k] = input(bad.features(), b.flattenInputs);
                poisonedY[k] = bad.labels();
            }
        }
        this.testX = input(b.test.features(), b.flattenInputs);
        this.testY = b.test.labels();
        Backdoor bd = adversary.fraction() > 0 ? adversary.backdoor() : null;
        if (bd != null) {
            Dataset trig = bd.triggeredTest(b.test);
            this.triggeredX = input(trig.features(), b.flattenInputs);
            this.triggeredY = trig.labels();
        } else {
            this.triggeredX = null;
            this.triggeredY = null;
        }
    }

    /**
     * Checks the delta at which distributed DP reports epsilon: in (0, 1) when {@code mechanism} is given (any
     * value when it is null: distributed DP off). Shared by this builder and the networked server's.
     *
     * @throws IllegalArgumentException naming the rule and the value
     */
    public static void checkDistributedDpDelta(DistributedDiscreteGaussian mechanism, double delta) {
        if (mechanism != null && !(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1). Provided value: " + delta);
        }
    }

    /** {@code x} reshaped to {@code [n, features]} when {@code flatten} (an MLP's input), else as is. */
    public static Tensor input(Tensor x, boolean flatten) {
        if (!flatten || x.rank() == 2) {
            return x;
        }
        return x.reshape(x.dim(0), x.size() / Math.max(1, x.dim(0)));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether client {@code k} is controlled by the attacker. */
    public boolean isAttacker(int k) {
        return attacker[k];
    }

    /** Runs all rounds; reports one progress step per round. */
    public FlHistory run(Progress progress) {
        if (ran) {
            throw new IllegalStateException("a simulation runs once; build a new one");
        }
        ran = true;
        Progress pr = progress == null ? Progress.NONE : progress;
        int n = clientX.length;
        int d = model.dimension();
        float[] global = model.initialParameters();
        Rng rng = Rng.of(cfg.seed());
        RdpAccountant accountant = dp == null ? null : new RdpAccountant();
        double[] ddgOrders = Rdp.defaultOrders();
        double[] ddgRdp = new double[ddgOrders.length];
        double clip = dp == null ? Double.NaN : dp.clipNorm();
        double q = (double) cfg.clientsPerRound() / n;
        DiscreteGaussianNoise noise = dp == null ? null : new DiscreteGaussianNoise(noiseRandom);
        // keys and masks always from a fresh SecureRandom: the sum does not depend on them, and SecAggRound draws
        // from many threads at once
        SecureSum secure = secureAggregation ? new SecureSum(new SecureRandom()) : null;
        Sequential evalNet = model.newNetwork();
        ThreadLocal<Sequential> nets = ThreadLocal.withInitial(model::newNetwork);
        List<RoundRecord> records = new ArrayList<>();
        List<Rejection> rejections = new ArrayList<>();
        List<ClientUpdate> late = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(cfg.threads(), r -> {
            Thread t = new Thread(r, "privet-fl-client");
            t.setDaemon(true);
            return t;
        });
        pr.start("federated " + (dp == null ? "" : "DP-") + "training, " + n + " clients", cfg.rounds());
        try {
            for (int round = 0; round < cfg.rounds(); round++) {
                Rng rr = rng.child("round", round);
                int[] sampled = sample(rr, n, q);
                List<Integer> train = new ArrayList<>();
                List<Boolean> isLate = new ArrayList<>();
                int dropped = 0;
                int stragglers = 0;
                Rng fail = rr.child("failures");
                for (int k : sampled) {
                    double u1 = fail.nextDouble();
                    double u2 = fail.nextDouble();
                    if (u1 < cfg.dropoutProbability()) {
                        dropped++;
                        continue;
                    }
                    boolean straggles = u2 < cfg.stragglerProbability();
                    stragglers += straggles ? 1 : 0;
                    train.add(k);
                    isLate.add(straggles);
                }
                float[] g = global;
                int roundIdx = round;
                boolean attacking = round >= adversary.startRound();
                List<Future<float[]>> futures = new ArrayList<>(train.size());
                for (int k : train) {
                    Rng cr = rr.child("client", k);
                    futures.add(pool.submit(() -> {
                        float[] delta = new float[d];
                        boolean poisoned = attacking && poisonedX[k] != null;
                        LocalTraining how = attacking && attacker[k] && adversary.training() != null
                                ? adversary.training() : cfg.local();
                        how.run(nets.get(), g, poisoned ? poisonedX[k] : clientX[k],
                                poisoned ? poisonedY[k] : clientY[k], cr, delta);
                        return delta;
                    }));
                }
                float[][] deltas = new float[train.size()][];
                for (int i = 0; i < deltas.length; i++) {
                    deltas[i] = await(futures.get(i), "clients trained", "client training failed");
                }
                // attackers who take part this round rewrite their updates together
                int attackersNow = 0;
                if (attacking && adversary.update() != null) {
                    List<Integer> pos = new ArrayList<>();
                    for (int i = 0; i < train.size(); i++) {
                        if (attacker[train.get(i)]) {
                            pos.add(i);
                        }
                    }
                    attackersNow = pos.size();
                    if (!pos.isEmpty()) {
                        float[][] honest = new float[pos.size()][];
                        for (int i = 0; i < honest.length; i++) {
                            honest[i] = deltas[pos.get(i)];
                        }
                        float[][] bad = adversary.update().craft(honest, new PoisonContext(round,
                                Math.max(1, train.size() - stragglers), cfg.serverLearningRate(), rr.child("attack")));
                        for (int i = 0; i < honest.length; i++) {
                            deltas[pos.get(i)] = bad[i];
                        }
                    }
                } else if (attacking) {
                    for (int k : train) {
                        attackersNow += attacker[k] ? 1 : 0;
                    }
                }
                UpdateInbox inbox = new UpdateInbox(round, n, d);
                for (ClientUpdate u : late) {
                    inbox.submit(u);
                }
                late.clear();
                for (int i = 0; i < train.size(); i++) {
                    int k = train.get(i);
                    ClientUpdate u = new ClientUpdate(k, roundIdx, deltas[i], clientY[k].length);
                    if (isLate.get(i)) {
                        late.add(u);
                    } else {
                        inbox.submit(u);
                    }
                }
                if (injected != null) {
                    List<ClientUpdate> extra = injected.apply(round);
                    if (extra != null) {
                        for (ClientUpdate u : extra) {
                            inbox.submit(u);
                        }
                    }
                }
                List<ClientUpdate> ok = inbox.accepted();
                rejections.addAll(inbox.rejected());
                double usedClip = clip;
                String skipped = "";
                if (dp != null) {
                    clip = applyDp(global, ok, clip, q * n, noise, secure, accountant, q);
                } else if (ddg != null) {
                    skipped = applyDdg(global, ok, round, ddgOrders, ddgRdp, pool);
                } else if (ok.isEmpty()) {
                    skipped = "no accepted update";
                } else {
                    float[] agg = null;
                    try {
                        agg = aggregate(global, ok, round, secure);
                    } catch (IllegalArgumentException e) {
                        // too few updates for the rule (e.g. after drop-outs): the round is skipped, not the run
                        skipped = aggregator.name() + ": " + e.getMessage();
                        LOG.log(System.Logger.Level.WARNING, "round {0}: global model unchanged: {1}", round, skipped);
                    }
                    if (agg != null) {
                        float eta = (float) cfg.serverLearningRate();
                        for (int j = 0; j < d; j++) {
                            global[j] += eta * agg[j];
                        }
                    }
                }
                double eps = accountant != null ? accountant.epsilon(dp.delta()).epsilon()
                        : ddg != null ? Rdp.epsilon(ddgOrders, ddgRdp, ddgDelta).epsilon() : Double.NaN;
                FlModel.load(evalNet, global);
                double acc = accuracy(evalNet, testX, testY);
                double asr = triggeredX == null ? Double.NaN
                        : PoisonMetrics.attackSuccessRate(predict(evalNet, triggeredX), adversary.backdoor().targetLabel());
                records.add(new RoundRecord(round, sampled.length, dropped, stragglers, attackersNow, ok.size(),
                        inbox.rejected().size(), acc, asr, eps, usedClip, skipped));
                pr.update(round + 1, String.format(Locale.ROOT, "round %d/%d acc %.4f%s%s", round + 1, cfg.rounds(),
                        acc, Double.isNaN(asr) ? "" : String.format(Locale.ROOT, " asr %.4f", asr),
                        Double.isNaN(eps) ? "" : String.format(Locale.ROOT, " eps %.3f", eps)));
            }
        } finally {
            pool.shutdownNow();
            pr.finish();
        }
        return new FlHistory(records, rejections, global, describe());
    }

    private int[] sample(Rng rr, int n, double q) {
        Rng s = rr.child("sample");
        if (dp != null) {
            int[] tmp = new int[n];
            int c = 0;
            for (int k = 0; k < n; k++) {
                if (s.nextDouble() < q) {
                    tmp[c++] = k;
                }
            }
            return Arrays.copyOf(tmp, c);
        }
        int[] pick = Arrays.copyOf(s.permutation(n), cfg.clientsPerRound());
        Arrays.sort(pick);
        return pick;
    }

    private float[] aggregate(float[] global, List<ClientUpdate> ok, int round, SecureSum secure) {
        int m = ok.size();
        int d = global.length;
        float[][] u = new float[m][];
        double[] w = new double[m];
        for (int i = 0; i < m; i++) {
            u[i] = ok.get(i).delta();
            w[i] = ok.get(i).examples();
        }
        if (secure == null || m < 2) {
            // a single survivor cannot hide in a sum: aggregate in the clear only without secure aggregation
            if (secure != null) {
                return new float[d];
            }
            return aggregator.aggregate(u, w, new AggregationContext(round, global.clone()));
        }
        // secure weighted sum: each client sends (w_k u_k, w_k); the server learns only the two sums
        boolean weighted = !(aggregator instanceof WeightedMean wm) || wm.isWeighted();
        double[][] in = new double[m][d + 1];
        for (int i = 0; i < m; i++) {
            double wi = weighted ? w[i] : 1;
            for (int j = 0; j < d; j++) {
                in[i][j] = wi * u[i][j];
            }
            in[i][d] = wi;
        }
        double[] s = secure.sum(in);
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (float) (s[j] / s[d]);
        }
        return out;
    }

    /**
     * One round of distributed DP: every accepted client encodes its update with DDGauss (its own noise share),
     * privet-mpc's secure aggregation sums the shares modulo {@code 2^bits}, and the server decodes the noisy
     * sum and applies its mean over the clients in it. Returns why the round was skipped, or "".
     */
    private String applyDdg(float[] global, List<ClientUpdate> ok, int round, double[] orders, double[] rdp,
            ExecutorService pool) {
        int m = ok.size();
        if (m < 2) {
            String why = "distributed DP needs >= 2 updates in the secure sum. Provided: " + m;
            LOG.log(System.Logger.Level.WARNING, "round {0}: global model unchanged: {1}", round, why);
            return why;
        }
        int d = global.length;
        long rotation = Rng.of(cfg.seed()).child("ddgauss-round", round).nextLong(); // public randomness
        // the clients encode in parallel: each its own noise, from the shared (thread-safe) secure source, or under
        // seeded test noise from per-client seeded streams drawn in client order (deterministic)
        List<Future<long[]>> jobs = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            float[] delta = ok.get(i).delta();
            SecureRandom src = seededNoise ? NoiseRandom.insecureSeededForTests(noiseRandom.nextLong()) : noiseRandom;
            jobs.add(pool.submit(() -> ddg.encode(delta, rotation, src)));
        }
        long[][] shares = new long[m][];
        for (int i = 0; i < m; i++) {
            shares[i] = await(jobs.get(i), "clients encoded their shares", "client encoding failed");
        }
        SecAggResult r = SecAggRound.run(SecAggConfig.withDefaultThreshold(m, shares[0].length, ddg.bits()), shares,
                new SecureRandom());
        if (r.included().length != m) {
            throw new AssertionError("internal invariant: no client drops out inside an in-process round");
        }
        double[] sum = ddg.decode(r.sum(), d, rotation);
        float scale = (float) (cfg.serverLearningRate() / m);
        for (int j = 0; j < d; j++) {
            global[j] += scale * (float) sum[j];
        }
        for (int k = 0; k < orders.length; k++) {
            rdp[k] += ddg.rdp(orders[k], m, d);
        }
        return "";
    }

    /** One DP-FedAvg server step; updates {@code global} in place and returns the next clip norm. */
    private double applyDp(float[] global, List<ClientUpdate> ok, double clip, double expected,
            DiscreteGaussianNoise noise, SecureSum secure, RdpAccountant accountant, double q) {
        int d = global.length;
        int m = ok.size();
        boolean adaptive = dp.adaptive() != null;
        double z = dp.noiseMultiplier();
        double zSum = adaptive ? dp.adaptive().gradientNoiseMultiplier(z) : z;
        double[][] clipped = new double[m][d + 1];
        for (int i = 0; i < m; i++) {
            float[] u = ok.get(i).delta();
            double norm = 0;
            for (float v : u) {
                norm += (double) v * v;
            }
            norm = Math.sqrt(norm);
            double c = norm <= clip ? 1 : clip / norm;
            for (int j = 0; j < d; j++) {
                clipped[i][j] = c * u[j];
            }
            clipped[i][d] = (norm <= clip ? 1 : 0) - 0.5;
        }
        double[] sum;
        if (secure != null && m >= 2) {
            sum = secure.sum(clipped);
        } else if (secure != null) {
            // a lone survivor cannot hide in a sum: its update is left out (the noise and accounting still apply)
            sum = new double[d + 1];
        } else {
            sum = new double[d + 1];
            for (double[] row : clipped) {
                for (int j = 0; j <= d; j++) {
                    sum[j] += row[j];
                }
            }
        }
        float[] s = new float[d];
        for (int j = 0; j < d; j++) {
            s[j] = (float) sum[j];
        }
        noise.addNoise(s, zSum, clip);
        float scale = (float) (cfg.serverLearningRate() / expected);
        for (int j = 0; j < d; j++) {
            global[j] += scale * s[j];
        }
        accountant.step(z, q);
        if (!adaptive) {
            return clip;
        }
        double sigmaB = dp.adaptive().countNoiseStdDev();
        double b = noise.addNoise(sum[d], sigmaB, 1.0) / expected + 0.5;
        return clip * Math.exp(-dp.adaptive().learningRate() * (b - dp.adaptive().targetQuantile()));
    }

    /**
     * The result of a client job; its unchecked exception or error is rethrown as is.
     *
     * @param interrupted what the clients were doing, for the message when this thread is interrupted
     * @param failed the message when the job threw a checked exception
     */
    private static <T> T await(Future<T> f, String interrupted, String failed) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + interrupted, e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(failed, c);
        }
    }

    /** Predicted labels of {@code net} on {@code x} (evaluation mode, batches of 1024). */
    static int[] predict(Sequential net, Tensor x) {
        int n = x.dim(0);
        int[] out = new int[n];
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            for (int from = 0; from < n; from += 1024) {
                int to = Math.min(n, from + 1024);
                Tensor logits = net.forward(Variable.constant(x.sliceRows(from, to))).value();
                int c = logits.dim(1);
                float[] v = logits.data();
                for (int i = 0; i < to - from; i++) {
                    int best = 0;
                    for (int k = 1; k < c; k++) {
                        if (v[i * c + k] > v[i * c + best]) {
                            best = k;
                        }
                    }
                    out[from + i] = best;
                }
            }
        }
        return out;
    }

    /** Fraction of {@code x}'s rows that {@code net} classifies as {@code y} (evaluation mode). */
    public static double accuracy(Sequential net, Tensor x, int[] y) {
        int[] p = predict(net, x);
        long hit = 0;
        for (int i = 0; i < y.length; i++) {
            hit += p[i] == y[i] ? 1 : 0;
        }
        return y.length == 0 ? Double.NaN : (double) hit / y.length;
    }

    private String describe() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d clients, %d per round, %d rounds, local E=%d B=%s lr=%g, eta=%g, "
                + "dropout=%g, straggler=%g, model %s, seed %d; aggregator %s; adversary %s",
                clientX.length, cfg.clientsPerRound(), cfg.rounds(), cfg.local().epochs(),
                cfg.local().batchSize() == 0 ? "full" : String.valueOf(cfg.local().batchSize()),
                cfg.local().learningRate(), cfg.serverLearningRate(), cfg.dropoutProbability(),
                cfg.stragglerProbability(), model.spec(), cfg.seed(),
                dp != null ? "DP-FedAvg (clipped sum + noise)" : aggregator.name(), adversary.name()));
        if (dp != null) {
            s.append(String.format(Locale.ROOT, "; DP-FedAvg z=%g S=%g%s delta=%g", dp.noiseMultiplier(),
                    dp.clipNorm(), dp.adaptive() == null ? "" : " (adaptive)", dp.delta()));
        }
        if (secureAggregation) {
            s.append("; secure aggregation (Bonawitz et al., k=" + SecureSum.BITS + ")");
        }
        if (ddg != null) {
            s.append("; distributed DP ").append(ddg).append(" summed by secure aggregation, delta=").append(ddgDelta);
        }
        return s.toString();
    }

    /** Builds a simulation; {@link #build} validates. */
    public static final class Builder {
        private FlModel model;
        private Dataset train;
        private int[][] partition;
        private Dataset test;
        private FlConfig config;
        private Aggregator aggregator = new WeightedMean(true);
        private Adversary adversary = Adversary.none();
        private DpFedAvg dp;
        private boolean secureAggregation;
        private SecureRandom noiseRandom;
        private boolean flattenInputs = true;
        private IntFunction<List<ClientUpdate>> injected;
        private DistributedDiscreteGaussian ddg;
        private double ddgDelta;

        private Builder() {
        }

        /**
         * Distributed DP (Kairouz et al. 2021): each client adds its DDGauss noise share to its clipped,
         * rotated, rounded update and secure aggregation sums the shares modulo {@code 2^bits}; the server
         * applies the mean over the clients in the sum (unweighted). Epsilon at {@code delta} is reported per
         * round (Rényi DP of Theorem 1 composed over rounds, without subsampling amplification). Needs the
         * mean aggregator; excludes DP-FedAvg. Noise from SecureRandom unless {@link #insecureNoiseRandomForTests}.
         *
         * @param delta in (0, 1)
         */
        public Builder distributedDp(DistributedDiscreteGaussian mechanism, double delta) {
            checkDistributedDpDelta(mechanism, delta);
            this.ddg = mechanism;
            this.ddgDelta = delta;
            return this;
        }

        public Builder model(FlModel m) {
            this.model = m;
            return this;
        }

        /** The pooled training data and each client's example indices into it ({@link Partitions}). */
        public Builder clients(Dataset trainData, int[][] clientIndices) {
            this.train = trainData;
            this.partition = clientIndices;
            return this;
        }

        /** The held-out test set for clean accuracy (and the triggered test set of a backdoor). */
        public Builder test(Dataset testData) {
            this.test = testData;
            return this;
        }

        public Builder config(FlConfig c) {
            this.config = c;
            return this;
        }

        /** Default: the weighted mean (FedAvg). Ignored under DP-FedAvg, which sums clipped updates. */
        public Builder aggregator(Aggregator a) {
            this.aggregator = a;
            return this;
        }

        public Builder adversary(Adversary a) {
            this.adversary = a;
            return this;
        }

        /** Enables DP-FedAvg (null disables). */
        public Builder dp(DpFedAvg d) {
            this.dp = d;
            return this;
        }

        /** Aggregates with secure aggregation (needs the mean aggregator or DP-FedAvg). */
        public Builder secureAggregation(boolean on) {
            this.secureAggregation = on;
            return this;
        }

        /** Whether example tensors are reshaped to {@code [n, features]} for an MLP (default true). */
        public Builder flattenInputs(boolean on) {
            this.flattenInputs = on;
            return this;
        }

        /** Seeded DP noise: tests only; never use for a real release. */
        public Builder insecureNoiseRandomForTests(long seed) {
            this.noiseRandom = NoiseRandom.insecureSeededForTests(seed);
            return this;
        }

        /**
         * Extra updates delivered to the server each round after the clients' own (a test and demo hook for
         * forged, replayed or malformed traffic); the function gets the round index.
         */
        public Builder injectUpdates(IntFunction<List<ClientUpdate>> perRound) {
            this.injected = perRound;
            return this;
        }

        public FederatedSimulation build() {
            List<String> missing = new ArrayList<>();
            if (model == null) {
                missing.add("model");
            }
            if (train == null || partition == null) {
                missing.add("clients");
            }
            if (test == null) {
                missing.add("test");
            }
            if (config == null) {
                missing.add("config");
            }
            if (aggregator == null) {
                missing.add("aggregator");
            }
            if (adversary == null) {
                missing.add("adversary");
            }
            if (!missing.isEmpty()) {
                throw new IllegalStateException("federated simulation needs " + String.join(", ", missing));
            }
            return new FederatedSimulation(this);
        }
    }
}
