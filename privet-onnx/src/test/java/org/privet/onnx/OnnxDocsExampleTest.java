package org.privet.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** The Java example of docs/onnx.md, compiled and run. */
class OnnxDocsExampleTest {
    @TempDir
    Path dir;

    @Test
    void docsExample() throws Exception {
        Path modelFile = OnnxClassifierTest.resource("mlp_logits.onnx");
        Tensor x = OnnxClassifierTest.features(8);
        Path out = dir.resolve("mlp.onnx");
        // --- docs/onnx.md ---
        // a PyTorch MLP exported with torch.onnx.export, for data of 20 features and 4 classes
        try (OnnxClassifier target = OnnxClassifier.load(modelFile, new int[] {20}, 4,
                OnnxClassifier.Options.defaults())) {
            Tensor p = target.predictProba(x);                      // [8, 4], rows sum to 1
            System.out.println(target);                             // input, output, kind and why
            assertThat(p.shape()).containsExactly(8, 4);
            assertThat(target.outputKind()).isEqualTo(OnnxClassifier.OutputKind.LOGITS);
        }
        // a Privet model out as ONNX (same file for a DP-SGD-trained network)
        NetworkClassifier mlp = new NetworkClassifier(Networks.mlp(Rng.of(1), 20, new int[] {64}, 4),
                new int[] {20}, 4);
        OnnxExport.write(mlp, out);                                 // outputs 'logits' and 'probabilities'
        // --- end ---
        try (OnnxClassifier back = OnnxClassifier.load(out, new int[] {20}, 4, OnnxClassifier.Options.defaults())) {
            float[] a = back.logits(x).data();
            float[] b = mlp.logits(x).data();
            for (int i = 0; i < a.length; i++) {
                assertThat((double) a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5));
            }
        }
    }
}
