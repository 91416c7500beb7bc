package org.privet.dp.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Networks;
import org.privet.core.nn.Sequential;
import org.privet.core.optim.Sgd;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.dp.accounting.Rdp;
import org.privet.dp.noise.NoiseRandom;
import org.privet.dp.sgd.ClippingMode;
import org.privet.dp.sgd.DpSgdStepper;

/**
 * Auditing DP-SGD (Nasr et al. 2021's strongest practical setting, scaled down): the adversary fixes the data, the
 * initialisation and a canary far from the data with the wrong label; only the DP noise differs between trials.
 * Full-batch steps ({@code q = 1}) on an MLP 4-8-2, 15 records plus the canary; the score is minus the canary's
 * loss after training. The empirical lower bound must stay below the RDP accountant's epsilon (the proven upper
 * bound); with the noise multiplier silently divided by 10 the same audit must exceed the claimed epsilon.
 * About 1,000 tiny training steps: ~4 s on the shared machine.
 */
class DpSgdAuditTest {
    private static final int N = 15;
    private static final int DIM = 4;
    private static final double DELTA = 1e-5;

    private static final Tensor X;
    private static final int[] Y;
    private static final Tensor X_WITH;
    private static final int[] Y_WITH;
    private static final Tensor CANARY = Tensor.wrap(new float[] {6, 6, 6, 6}, 1, DIM);
    private static final int[] CANARY_Y = {0};

    static {
        Rng rng = Rng.of(3);
        float[] d = new float[(N + 1) * DIM];
        Y_WITH = new int[N + 1];
        for (int i = 0; i < N; i++) {
            Y_WITH[i] = i % 2;
            for (int j = 0; j < DIM; j++) {
                d[i * DIM + j] = (float) rng.nextGaussian() + (Y_WITH[i] == 1 ? 1.5f : -1.5f);
            }
        }
        System.arraycopy(CANARY.data(), 0, d, N * DIM, DIM); // class-1 side of the space, labelled 0
        Y_WITH[N] = CANARY_Y[0];
        X_WITH = Tensor.wrap(d, N + 1, DIM);
        X = X_WITH.sliceRows(0, N);
        Y = java.util.Arrays.copyOf(Y_WITH, N);
    }

    /**
     * Trials sharing one network and stepper (its table set-up is the costly part): each trial resets the weights to
     * the fixed initialisation; the noise stream continues, so trials get fresh independent noise.
     */
    private static final class Trainer {
        final Sequential net = Networks.mlp(Rng.of(1), DIM, new int[] {8}, 2);
        final float[][] init;
        final DpSgdStepper stepper;

        Trainer(double z, long noiseSeed) {
            var params = net.parameters();
            init = new float[params.size()][];
            for (int i = 0; i < init.length; i++) {
                init[i] = params.get(i).value().data().clone();
            }
            stepper = new DpSgdStepper(net, new Sgd(params, 0.5f), 1f, z, N + 1, ClippingMode.GHOST, null,
                    NoiseRandom.insecureSeededForTests(noiseSeed));
        }

        void reset() {
            var params = net.parameters();
            for (int i = 0; i < init.length; i++) {
                System.arraycopy(init[i], 0, params.get(i).value().data(), 0, init[i].length);
            }
        }
    }

    /** Trains from the fixed initialisation for {@code steps} full-batch steps; minus the canary's loss. */
    private static double trial(Trainer tr, boolean canaryIn, int steps) {
        tr.reset();
        Sequential net = tr.net;
        DpSgdStepper s = tr.stepper;
        for (int t = 0; t < steps; t++) {
            if (canaryIn) {
                s.step(X_WITH, Y_WITH);
            } else {
                s.step(X, Y);
            }
        }
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            return -Ops.crossEntropyWithLogits(net.forward(Variable.constant(CANARY)), CANARY_Y, Reduction.SUM).value().item();
        }
    }

    @Test
    void lowerBoundNeverExceedsTheAccountantsEpsilon() {
        double z = 1.0;
        int steps = 3;
        double upper = Rdp.epsilon(1.0, z, steps, DELTA).epsilon();
        Trainer tr = new Trainer(z, 21);
        CanaryAudit.Result r = CanaryAudit.builder().trialsPerSide(200).claimedEpsilon(upper).delta(DELTA)
                .description("DP-SGD z=1, q=1, 3 steps").build().run((in, seed) -> trial(tr, in, steps));
        assertThat(r.epsilonLowerBound()).isLessThanOrEqualTo(upper);
        assertThat(r.refutesClaim()).isFalse();
    }

    @Test
    void noiseTenTimesTooSmallIsCaught() {
        double zClaimed = 3.0;
        double claimed = Rdp.epsilon(1.0, zClaimed, 1, DELTA).epsilon();
        Trainer tr = new Trainer(zClaimed / 10, 22);
        CanaryAudit.Result r = CanaryAudit.builder().trialsPerSide(200).claimedEpsilon(claimed).delta(DELTA)
                .description("DP-SGD claiming z=3 but using z=0.3").build().run((in, seed) -> trial(tr, in, 1));
        assertThat(r.refutesClaim()).isTrue();
    }

    /** The same audit with 2,000 trials per side (~10 s): a tighter lower bound (measured 2.00), still below 9.01. */
    @Test
    @org.junit.jupiter.api.Tag("slow")
    void manyTrialsStayBelowTheAccountant() {
        double z = 1.0;
        int steps = 3;
        double upper = Rdp.epsilon(1.0, z, steps, DELTA).epsilon();
        Trainer tr = new Trainer(z, 31);
        CanaryAudit.Result r = CanaryAudit.builder().trialsPerSide(2000).claimedEpsilon(upper).delta(DELTA)
                .description("DP-SGD z=1, q=1, 3 steps, 2000 trials per side").build().run((in, seed) -> trial(tr, in, steps));
        assertThat(r.epsilonLowerBound()).isLessThanOrEqualTo(upper).isGreaterThan(0.5);
    }
}
