package org.privet.fl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.attacks.poison.Backdoor;
import org.privet.attacks.poison.BadNetsPatch;
import org.privet.attacks.poison.ModelReplacementAttack;
import org.privet.attacks.poison.SignFlipAttack;
import org.privet.core.rng.Rng;
import org.privet.dp.accounting.RdpAccountant;
import org.privet.dp.sgd.AdaptiveClipping;
import org.privet.fl.aggregate.Aggregator;
import org.privet.fl.aggregate.Bulyan;
import org.privet.fl.aggregate.CenteredClipping;
import org.privet.fl.aggregate.FlTrust;
import org.privet.fl.aggregate.GeometricMedian;
import org.privet.fl.aggregate.NormClipping;
import org.privet.fl.aggregate.TrimmedMean;
import org.privet.fl.aggregate.CoordinateMedian;
import org.privet.fl.aggregate.Krum;
import org.privet.fl.aggregate.WeightedMean;

/**
 * The runtime on a seeded 20-client federation of 8x8 synthetic shapes (6 classes, chance = 1/6). Every
 * run is deterministic for its seed, so the accuracy thresholds below are fixed outcomes with margins
 * (observed values in comments), not statistical tests.
 */
class FederatedSimulationTest {
    private static final int CLIENTS = 20;
    private static final int[][] IID = Partitions.iid(Fixtures.TRAIN.size(), CLIENTS, Rng.of(1));
    private static final LocalTraining LOCAL = LocalTraining.fedAvg(2, 10, 0.3f);

    private static FederatedSimulation.Builder sim(int rounds, Aggregator agg, Adversary adv) {
        return FederatedSimulation.builder().model(Fixtures.mlp(3)).clients(Fixtures.TRAIN, IID).test(Fixtures.TEST)
                .config(FlConfig.fedAvg(rounds, CLIENTS, LOCAL, 5)).aggregator(agg).adversary(adv);
    }

    @Test
    void fedAvgLearnsAndIsDeterministicWhateverTheThreadCount() {
        FlConfig one = new FlConfig(6, 10, LOCAL, 1, 0, 0, 1, 9);
        FlConfig two = new FlConfig(6, 10, LOCAL, 1, 0, 0, 2, 9);
        FlHistory a = sim(6, new WeightedMean(true), Adversary.none()).config(one).build().run(null);
        FlHistory b = sim(6, new WeightedMean(true), Adversary.none()).config(two).build().run(null);
        assertThat(a.finalModel()).containsExactly(b.finalModel());
        assertThat(a.rounds()).allMatch(r -> r.sampled() == 10 && r.accepted() == 10 && r.rejected() == 0);
        // observed ~0.8 after 6 rounds from ~0.45 after one
        assertThat(a.last().cleanAccuracy()).isGreaterThan(0.7);
        assertThat(a.last().cleanAccuracy()).isGreaterThan(a.rounds().get(0).cleanAccuracy());
        assertThat(a.description()).contains("mean(weighted)", "20 clients");
    }

    @Test
    void threeHundredClientsPerRoundOnTwoThreads() {
        // 300 clients of 6-7 examples each, all sampled every round, FedSGD
        int[][] many = Partitions.iid(Fixtures.TRAIN.size(), 300, Rng.of(6));
        FlHistory h = FederatedSimulation.builder().model(Fixtures.mlp(3)).clients(Fixtures.TRAIN, many)
                .test(Fixtures.TEST).config(new FlConfig(3, 300, LocalTraining.fedSgd(1f), 1, 0, 0, 2, 3)).build()
                .run(null);
        assertThat(h.rounds()).allMatch(r -> r.sampled() == 300 && r.accepted() == 300);
        assertThat(h.last().cleanAccuracy()).isGreaterThan(h.rounds().get(0).cleanAccuracy());
    }

    @Test
    void fedSgdOnManyClientsIsOneFullBatchGradientStep() {
        // weighted mean of per-client mean gradients (weights n_k) = mean gradient over the union
        FlConfig cfg = FlConfig.fedAvg(1, 4, LocalTraining.fedSgd(0.5f), 2);
        int[][] four = Partitions.iid(Fixtures.TRAIN.size(), 4, Rng.of(3));
        int[][] whole = {Fixtures.range(0, Fixtures.TRAIN.size())};
        float[] a = FederatedSimulation.builder().model(Fixtures.mlp(3)).clients(Fixtures.TRAIN, four)
                .test(Fixtures.TEST).config(cfg).build().run(null).finalModel();
        float[] b = FederatedSimulation.builder().model(Fixtures.mlp(3)).clients(Fixtures.TRAIN, whole)
                .test(Fixtures.TEST).config(FlConfig.fedAvg(1, 1, LocalTraining.fedSgd(0.5f), 2)).build().run(null)
                .finalModel();
        float[] init = Fixtures.mlp(3).initialParameters();
        double moved = 0;
        for (int j = 0; j < a.length; j++) {
            assertThat(a[j]).as("parameter %d", j).isCloseTo(b[j], within(1e-5f));
            moved += Math.abs(a[j] - init[j]);
        }
        assertThat(moved).isGreaterThan(1e-2); // the step did something
    }

    @Test
    void badUpdatesAreRejectedAndLoggedWithoutStallingTheRound() {
        int d = Fixtures.mlp(3).dimension();
        FlConfig cfg = new FlConfig(4, 10, LOCAL, 1, 0.1, 0.2, 2, 21);
        FlHistory h = sim(4, new WeightedMean(true), Adversary.none()).config(cfg).injectUpdates(round -> {
            List<ClientUpdate> forged = new ArrayList<>();
            forged.add(new ClientUpdate(999, round, new float[d], 10)); // unauthenticated
            forged.add(new ClientUpdate(-1, round, new float[d], 10));
            for (int k = 0; k < CLIENTS; k++) {
                float[] nan = new float[d];
                nan[d / 2] = k % 2 == 0 ? Float.NaN : Float.POSITIVE_INFINITY;
                forged.add(new ClientUpdate(k, round, nan, 10)); // replay for senders, non-finite for the others
                forged.add(new ClientUpdate(k, round, new float[d - 1], 10)); // always a replay or a wrong shape
            }
            forged.add(new ClientUpdate(0, round + 1, new float[d], 10)); // from the future
            return forged;
        }).build().run(null);
        assertThat(h.rounds()).hasSize(4);
        for (RoundRecord r : h.rounds()) {
            assertThat(r.accepted()).isEqualTo(r.sampled() - r.dropped() - r.stragglers());
            // 2 unknown + 40 per-client forgeries + 1 future, plus last round's stragglers
            int late = r.round() == 0 ? 0 : h.rounds().get(r.round() - 1).stragglers();
            assertThat(r.rejected()).isEqualTo(43 + late);
        }
        List<String> reasons = h.rejections().stream().map(Rejection::reason).toList();
        assertThat(reasons).anyMatch(s -> s.startsWith("unknown client id 999"));
        assertThat(reasons).anyMatch(s -> s.contains("already sent an update") && s.contains("(replay)"));
        assertThat(reasons).anyMatch(s -> s.contains("must be finite. Provided value: NaN"));
        assertThat(reasons).anyMatch(s -> s.contains("must be finite. Provided value: Infinity"));
        assertThat(reasons).anyMatch(s -> s.contains("update length must be " + d + ". Provided value: " + (d - 1)));
        assertThat(reasons).anyMatch(s -> s.contains("arrived in round") && s.contains("stale or replayed"));
        assertThat(h.rounds().stream().mapToInt(RoundRecord::stragglers).sum()).isPositive();
        assertThat(h.rounds().stream().mapToInt(RoundRecord::dropped).sum()).isPositive();
        assertThat(h.last().cleanAccuracy()).isGreaterThan(0.6); // still learning (observed ~0.78)
    }

    @Test
    void modelReplacementBackdoorsPlainFedAvgInOneRound() {
        // two of 20 clients (10%) attack from round 4, when the model is ~0.78 accurate; all clients every round
        Backdoor bd = new Backdoor(new BadNetsPatch(3, 1f), 0, 0.5);
        FlHistory replace = sim(5, new WeightedMean(true), new Adversary(0.1, bd, new ModelReplacementAttack(), 4))
                .build().run(null);
        FlHistory plain = sim(5, new WeightedMean(true), new Adversary(0.1, bd, null, 4)).build().run(null);
        // observed: replacement 0.997 in the attack round, plain data poisoning 0.0
        assertThat(replace.rounds().get(3).attackSuccess()).isLessThan(0.1);
        assertThat(replace.rounds().get(4).attackSuccess()).isGreaterThan(0.9);
        assertThat(replace.rounds().get(4).attackers()).isEqualTo(2);
        assertThat(replace.rounds().get(4).cleanAccuracy()).isGreaterThan(0.6); // the backdoored model stays useful
        assertThat(plain.rounds().get(4).attackSuccess()).isLessThan(0.1);
        // norm clipping (Sun et al. 2019) bounds the boosted update: the one-round replacement fails
        FlHistory clipped = sim(5, new NormClipping(1.0),
                new Adversary(0.1, bd, new ModelReplacementAttack(), 4)).build().run(null);
        assertThat(clipped.rounds().get(4).attackSuccess()).isLessThan(0.1); // observed 0.0
        assertThat(clipped.rounds().get(4).attackers()).isEqualTo(2);
    }

    @Test
    void proximalTermKeepsUpdatesCloseToTheGlobalModel() {
        // FedProx / constrain-and-scale's distance term: the larger mu, the smaller ||local - global||
        FlModel m = Fixtures.mlp(3);
        float[] g = m.initialParameters();
        org.privet.core.data.Dataset part = Fixtures.TRAIN.subset(Fixtures.range(0, 200));
        org.privet.core.tensor.Tensor x = part.features().reshape(200, 64);
        double[] norms = new double[3];
        float[] mus = {0f, 0.5f, 3f};
        for (int i = 0; i < 3; i++) {
            float[] delta = new float[g.length];
            LOCAL.withProximal(mus[i]).run(m.newNetwork(), g, x, part.labels(), Rng.of(1), delta);
            double s = 0;
            for (float v : delta) {
                s += v * v;
            }
            norms[i] = Math.sqrt(s);
        }
        assertThat(norms[1]).isLessThan(norms[0]);
        assertThat(norms[2]).isLessThan(norms[1]);
        assertThatThrownBy(() -> LOCAL.withProximal(-1f)).hasMessageContaining("proximal mu must be >= 0");
        assertThatThrownBy(() -> LOCAL.withProximal(4f)).hasMessageContaining("mu * learning rate must be < 1");
    }

    @Test
    void constrainAndScaleAttackersTrainWithTheirOwnSettings() {
        // attackers act from round 1 with a proximal term and cap their boosted update at S = 2 (the bound itself
        // is tested in privet-attacks); their own training settings must change the outcome, and only from round 1
        Backdoor bd = new Backdoor(new BadNetsPatch(3, 1f), 0, 0.5);
        ModelReplacementAttack cs = new ModelReplacementAttack(Double.NaN, 2.0);
        FlHistory prox = sim(2, new WeightedMean(true), new Adversary(0.1, bd, cs, 1, LOCAL.withProximal(1f)))
                .build().run(null);
        FlHistory same = sim(2, new WeightedMean(true), new Adversary(0.1, bd, cs, 1)).build().run(null);
        assertThat(prox.rounds().get(0).cleanAccuracy()).isEqualTo(same.rounds().get(0).cleanAccuracy());
        assertThat(prox.finalModel()).isNotEqualTo(same.finalModel());
        assertThat(prox.rounds().get(1).attackers()).isEqualTo(2);
        assertThat(prox.description()).contains("model-replacement(gamma=n/eta, S=2");
    }

    @Test
    void medianAndKrumKeepAccuracyUnderSignFlipWhereTheMeanCollapses() {
        // 4 of 20 clients send -10x their honest update
        Adversary flip = Adversary.of(0.2, null, new SignFlipAttack(10));
        double mean = sim(6, new WeightedMean(true), flip).build().run(null).last().cleanAccuracy();
        double median = sim(6, new CoordinateMedian(), flip).build().run(null).last().cleanAccuracy();
        double krum = sim(6, new Krum(4, 1), flip).build().run(null).last().cleanAccuracy();
        // observed: mean 0.16 (chance), median 0.81, Krum 0.76
        assertThat(mean).isLessThan(0.3);
        assertThat(median).isGreaterThan(0.65);
        assertThat(krum).isGreaterThan(0.65);
    }

    @Test
    void everyRobustRuleLearnsUnderAMinorityOfSignFlippers() {
        // 4 of 20 clients send -10x their update; each rule told f = 4 where it takes f. (Norm clipping is a
        // backdoor defence, not a Byzantine one: it bounds each attacker but not the sum; see the replacement test.)
        Adversary flip = Adversary.of(0.2, null, new SignFlipAttack(10));
        FlModel m = Fixtures.mlp(3);
        Aggregator[] rules = {new TrimmedMean(0.25), new GeometricMedian(), new Krum(4, 12), new Bulyan(4),
            new CenteredClipping(0.5, 3),
            new FlTrust(new RootDatasetUpdate(m, Fixtures.TRAIN.subset(Fixtures.range(0, 100)), LOCAL, 1))};
        for (Aggregator rule : rules) {
            double acc = sim(5, rule, flip).build().run(null).last().cleanAccuracy();
            // observed 0.79-0.83 after 5 rounds; the mean is at chance (0.16) in the same setting
            assertThat(acc).as(rule.name()).isGreaterThan(0.65);
        }
    }

    @Test
    void dpFedAvgAccountsEveryRoundAndAdaptsTheClipNorm() {
        // Poisson sampling with q = 10/20; z = 0.05 overall (a weak guarantee: few clients, so stronger noise
        // would drown the model); adaptive clipping from S = 10, above every update norm (~1-3), toward their median
        AdaptiveClipping ac = AdaptiveClipping.paperDefaults(10, 10f);
        FlHistory h = sim(6, new WeightedMean(true), Adversary.none())
                .config(FlConfig.fedAvg(6, 10, LOCAL, 7)).dp(new DpFedAvg(0.05, 10, 1e-5, ac))
                .insecureNoiseRandomForTests(3).build().run(null);
        RdpAccountant ref = new RdpAccountant();
        for (int r = 0; r < 6; r++) {
            ref.step(0.05, 0.5);
            assertThat(h.rounds().get(r).epsilon()).isCloseTo(ref.epsilon(1e-5).epsilon(), within(1e-9));
            assertThat(h.rounds().get(r).accepted()).isEqualTo(h.rounds().get(r).sampled());
        }
        assertThat(h.rounds().get(0).clipNorm()).isEqualTo(10.0);
        // while every norm is below S the noisy quantile b is about (m/2)/10 + 1/2 > gamma = 1/2, so S shrinks
        for (int r = 1; r < 6; r++) {
            assertThat(h.rounds().get(r).clipNorm()).isLessThan(h.rounds().get(r - 1).clipNorm());
        }
        assertThat(h.last().cleanAccuracy()).isGreaterThan(0.5); // still learns (observed 0.78; epsilon is huge at z = 0.05)
        assertThat(h.description()).contains("DP-FedAvg z=0.05", "(adaptive)");
    }

    @Test
    void dpFedAvgWithFixedClipMatchesTheAccountantAndRejectsAConflictingCountNoise() {
        FlHistory h = sim(2, new WeightedMean(true), Adversary.none()).config(FlConfig.fedAvg(2, 10, LOCAL, 7))
                .dp(DpFedAvg.fixed(1.0, 1.0, 1e-5)).insecureNoiseRandomForTests(3).build().run(null);
        assertThat(h.rounds()).allMatch(r -> r.clipNorm() == 1.0);
        RdpAccountant ref = new RdpAccountant();
        ref.steps(1.0, 0.5, 2);
        assertThat(h.last().epsilon()).isCloseTo(ref.epsilon(1e-5).epsilon(), within(1e-9));
        // adaptive clipping needs sigma_b > z / 2 (Andrew et al., Theorem 1)
        assertThatThrownBy(() -> sim(1, new WeightedMean(true), Adversary.none())
                .dp(new DpFedAvg(4, 1, 1e-5, AdaptiveClipping.paperDefaults(10, 1f))).build().run(null))
                .hasMessageContaining("count noise std dev must be > noise multiplier / 2");
    }

    @Test
    void secureAggregationGivesThePlainMeanUpToFixedPointRounding() {
        int[][] eight = Partitions.iid(Fixtures.TRAIN.size(), 8, Rng.of(4));
        FederatedSimulation.Builder base = FederatedSimulation.builder().model(Fixtures.mlp(3))
                .clients(Fixtures.TRAIN, eight).test(Fixtures.TEST).config(FlConfig.fedAvg(2, 6, LOCAL, 8));
        float[] plain = base.build().run(null).finalModel();
        FlHistory sec = base.secureAggregation(true).build().run(null);
        // rounding <= 2^-21 per value and client on the weighted sums; relative to weights of ~250
        for (int j = 0; j < plain.length; j++) {
            assertThat(sec.finalModel()[j]).isCloseTo(plain[j], within(1e-4f));
        }
        assertThat(sec.description()).contains("secure aggregation");
        assertThatThrownBy(() -> base.aggregator(new CoordinateMedian()).build())
                .hasMessageContaining("needs the mean aggregator or DP-FedAvg");
    }

    @Test
    void aRoundWithTooFewUpdatesForKrumLeavesTheModelUnchanged() {
        // K = 4 of 20 with Krum(f = 1) needs more than 4 updates: every round is skipped, the run completes
        FlHistory h = sim(2, new Krum(1, 1), Adversary.none()).config(FlConfig.fedAvg(2, 4, LOCAL, 2)).build().run(null);
        assertThat(h.rounds()).allMatch(r -> r.skipped().contains("more than 2f + 2 = 4 updates"));
        assertThat(h.finalModel()).containsExactly(Fixtures.mlp(3).initialParameters());
        FlHistory ok = sim(1, new Krum(1, 1), Adversary.none()).config(FlConfig.fedAvg(1, 5, LOCAL, 2)).build().run(null);
        assertThat(ok.last().skipped()).isEmpty();
    }

    @Test
    void configErrorsSayTheRuleAndTheValue() {
        assertThatThrownBy(() -> new FlConfig(0, 1, LOCAL, 1, 0, 0, 1, 1)).hasMessageContaining("rounds must be >= 1");
        assertThatThrownBy(() -> new FlConfig(1, 1, LOCAL, 1, 1.0, 0, 1, 1))
                .hasMessageContaining("dropoutProbability must be in [0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> sim(1, new WeightedMean(true), Adversary.none())
                .config(FlConfig.fedAvg(1, 21, LOCAL, 1)).build()).hasMessageContaining("<= clients (20)");
        assertThatThrownBy(() -> FederatedSimulation.builder().build()).hasMessageContaining("model, clients, test");
        assertThatThrownBy(() -> new Adversary(0.1, null, null, 0)).hasMessageContaining("need a data poison");
    }
}
