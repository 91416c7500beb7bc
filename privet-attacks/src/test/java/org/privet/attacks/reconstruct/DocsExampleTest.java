package org.privet.attacks.reconstruct;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** The example of docs/reconstruction.md, kept compiling and passing. */
class DocsExampleTest {
    @Test
    void example() {
        // --- docs/reconstruction.md example begins
        Rng rng = Rng.of(42);
        Dataset data = SyntheticImages.generate(4, 10, 16, 0.05, 2, rng.child("data"));
        Sequential model = new Sequential(new Flatten(), new Dense(256, 32, rng.child("l0")), new Sigmoid(),
                new Dense(32, 10, rng.child("l1")));
        FunctionalNetwork net = new FunctionalNetwork(model);

        // a client computes its FedSGD gradient on one private image
        Tensor secret = data.features().sliceRows(0, 1);
        int[] label = {data.label(0)};
        List<Tensor> gradient = net.gradient(secret, label);

        // the server: analytic recovery (exact) and Inverting Gradients (optimisation)
        Tensor analytic = AnalyticLinear.recoverFirstLayerInput(model, gradient, 1, 16, 16);
        ReconstructionResult ig = GradientMatching.attack(net, ObservedUpdate.gradient(gradient, 1),
                new int[] {1, 16, 16}, null, GradientMatching.Options.invertingGradients().withIterations(200),
                rng.child("attack"));
        ReconstructionMetrics.Scores s = ReconstructionMetrics.score(ig, secret, label, 1.0);
        System.out.printf("IG: PSNR %.1f dB, SSIM %.3f, label recovered: %s%n", s.meanPsnr(), s.meanSsim(),
                s.labelAccuracy() == 1.0);
        // --- example ends
        assertThat(org.privet.core.metrics.ImageMetrics.psnr(analytic, secret, 1.0)).isGreaterThan(60);
        assertThat(s.meanPsnr()).isGreaterThan(30);
        assertThat(s.labelAccuracy()).isEqualTo(1.0);
    }
}
