package org.privet.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.binary.Comparisons;
import org.privet.mpc.inference.DenseLayer;
import org.privet.mpc.inference.InferenceOutput;
import org.privet.mpc.inference.MlpModel;
import org.privet.mpc.inference.Prediction;
import org.privet.mpc.inference.PrivateInference;
import org.privet.mpc.net.InProcessNetwork;

/** The examples of docs/mpc.md, verbatim, so that they keep compiling and giving the documented output. */
class MpcExampleTest {
    @Test
    void multiplyAndReluExample() throws Exception {
        List<InProcessNetwork> nets = InProcessNetwork.create(2, 10_000);
        TrustedDealer dealer = TrustedDealer.create(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<double[]> party0 = pool.submit(() -> {
            MpcSession s = MpcSession.create(nets.get(0), dealer.sourceFor(0));
            long[] x = s.inputFixed(new double[] {1.5, -2.0, 3.25}); // party 0's private vector
            long[] y = s.inputFrom(1, 3);                              // shares of party 1's vector
            return s.openFixed(Comparisons.relu(s, s.mul(x, y)));     // max(x * y, 0), opened to both
        });
        Future<double[]> party1 = pool.submit(() -> {
            MpcSession s = MpcSession.create(nets.get(1), dealer.sourceFor(1));
            long[] x = s.inputFrom(0, 3);
            long[] y = s.inputFixed(new double[] {4.0, 0.5, -1.0});
            return s.openFixed(Comparisons.relu(s, s.mul(x, y)));
        });
        double[] r0 = party0.get();
        double[] r1 = party1.get();
        pool.shutdown();
        // [6.0, 0.0, 0.0] up to one unit in the last place (2^-16) from truncation
        assertThat(r0[0]).isCloseTo(6.0, within(1e-4));
        assertThat(r0[1]).isCloseTo(0.0, within(1e-4));
        assertThat(r0[2]).isCloseTo(0.0, within(1e-4));
        assertThat(r1).containsExactly(r0);
    }

    @Test
    void privateInferenceExample() throws Exception {
        MlpModel model = new MlpModel(List.of(
                new DenseLayer(new double[][] {{1, -1}, {0.5, 2}}, new double[] {0, -1}), // 2 -> 2, ReLU
                new DenseLayer(new double[][] {{1, 1}, {-1, 1}}, new double[] {0, 0.5})));  // 2 -> 2 logits
        double[][] rows = {{2, 1}, {-1, 3}};
        List<InProcessNetwork> nets = InProcessNetwork.create(2, 10_000);
        TrustedDealer dealer = TrustedDealer.create(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Future<?> owner = pool.submit(() -> PrivateInference.serve(
                MpcSession.create(nets.get(0), dealer.sourceFor(0)), model, 1, InferenceOutput.LABEL));
        Future<Prediction> data = pool.submit(() -> PrivateInference.query(
                MpcSession.create(nets.get(1), dealer.sourceFor(1)), 0, rows));
        owner.get();
        int[] labels = data.get().labels(); // [0, 1]: the data owner learns only the classes
        pool.shutdown();
        assertThat(labels).containsExactly(0, 1);
        double[][] plain = model.logits(rows);
        assertThat(plain[0][0]).isGreaterThan(plain[0][1]);
        assertThat(plain[1][1]).isGreaterThan(plain[1][0]);
    }
}
