package org.privet.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.model.LogisticRegression;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.nn.AvgPool2d;
import org.privet.core.nn.Conv2d;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Dropout;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.MaxPool2d;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.Networks;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.nn.Tanh;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Privet models written as ONNX give ONNX Runtime the same outputs as Privet, to 1e-5, per layer type. */
class OnnxExportTest {
    private static final double TOL = 1e-5;

    @TempDir
    Path dir;

    private static Tensor gaussian(Rng rng, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Tensor.wrap(v, shape);
    }

    /** Exports, reloads with ORT, and compares logits and probabilities on 37 random inputs. */
    private void roundTrip(WhiteBoxClassifier model, String name) throws Exception {
        Path file = dir.resolve(name + ".onnx");
        OnnxExport.write(model, file);
        int[] shape = model.inputShape();
        int[] batch = new int[shape.length + 1];
        batch[0] = 37;
        System.arraycopy(shape, 0, batch, 1, shape.length);
        Tensor x = gaussian(Rng.of(99).child(name), batch);
        try (OnnxClassifier c = OnnxClassifier.load(file, shape, model.numClasses(),
                OnnxClassifier.Options.defaults().withOutputName(OnnxExport.LOGITS))) {
            assertThat(c.outputKind()).isEqualTo(OnnxClassifier.OutputKind.LOGITS);
            float[] want = model.logits(x).data();
            float[] got = c.logits(x).data();
            assertThat(got).hasSameSizeAs(want);
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i]).as(name + " logit " + i).isCloseTo(want[i], org.assertj.core.data.Offset
                        .offset(TOL * Math.max(1, Math.abs(want[i]))));
            }
        }
        try (OnnxClassifier c = OnnxClassifier.load(file, shape, model.numClasses(), OnnxClassifier.Options.defaults()
                .withOutputName(OnnxExport.PROBABILITIES))) {
            assertThat(c.outputKind()).isEqualTo(OnnxClassifier.OutputKind.PROBABILITIES);
            assertThat(c.outputKindReason()).contains("Softmax");
            float[] want = model.predictProba(x).data();
            float[] got = c.predictProba(x).data();
            for (int i = 0; i < want.length; i++) {
                assertThat((double) got[i]).as(name + " probability " + i).isCloseTo(want[i],
                        org.assertj.core.data.Offset.offset(TOL));
            }
        }
    }

    private static NetworkClassifier net(int[] inputShape, int classes, Layer... layers) {
        return new NetworkClassifier(new Sequential(layers), inputShape, classes);
    }

    @Test
    void mlpWithReluAndDropout() throws Exception {
        Rng r = Rng.of(1);
        roundTrip(net(new int[] {12}, 3, new Dense(12, 16, r.child("a")), new ReLU(), new Dropout(0.5f, r.child("d")),
                new Dense(16, 3, r.child("b"))), "mlp-relu");
    }

    @Test
    void tanhAndSigmoid() throws Exception {
        Rng r = Rng.of(2);
        roundTrip(net(new int[] {7}, 4, new Dense(7, 9, r.child("a")), new Tanh(), new Dense(9, 5, r.child("b")),
                new Sigmoid(), new Dense(5, 4, r.child("c"))), "tanh-sigmoid");
    }

    @Test
    void cnnWithConvMaxPoolFlatten() throws Exception {
        NetworkClassifier m = new NetworkClassifier(Networks.cnn(Rng.of(3), 1, 12, 12, 5, 4, 6, 10),
                new int[] {1, 12, 12}, 5);
        roundTrip(m, "cnn-maxpool");
    }

    @Test
    void convStrideAndPaddingWithAvgPool() throws Exception {
        Rng r = Rng.of(4);
        // 2x9x9 -> conv3 stride 2 pad 1 -> 3x5x5 -> avgpool 2 stride 1 -> 3x4x4 -> maxpool 3 stride 1 -> 3x2x2
        roundTrip(net(new int[] {2, 9, 9}, 3, new Conv2d(2, 3, 3, 2, 1, r.child("c")), new Tanh(), new AvgPool2d(2, 1),
                new MaxPool2d(3, 1), new Flatten(), new Dense(12, 3, r.child("d"))), "conv-avgpool");
    }

    @Test
    void nestedSequentialIsFlattened() throws Exception {
        Rng r = Rng.of(5);
        Sequential inner = new Sequential(new Dense(6, 8, r.child("a")), new ReLU());
        roundTrip(new NetworkClassifier(new Sequential(inner, new Dense(8, 2, r.child("b"))), new int[] {6}, 2),
                "nested");
    }

    @Test
    void logisticRegression() throws Exception {
        LogisticRegression lr = new LogisticRegression(gaussian(Rng.of(6), 10, 4), gaussian(Rng.of(7), 4));
        roundTrip(lr, "logreg");
    }

    @Test
    void exportedFileParsesWithTheExpectedStructure() throws Exception {
        NetworkClassifier m = net(new int[] {3}, 2, new Dense(3, 2, Rng.of(8)));
        OnnxModelInfo info = OnnxModelInfo.parse(OnnxExport.toBytes(m), Path.of("m.onnx"));
        assertThat(info.irVersion()).isEqualTo(OnnxExport.IR_VERSION);
        assertThat(info.opsets()).containsEntry("", (long) OnnxExport.OPSET);
        assertThat(info.producer()).startsWith("privet");
        assertThat(info.inputs()).singleElement().satisfies(v -> {
            assertThat(v.name()).isEqualTo("input");
            assertThat(v.dims()).containsExactly(-1, 3);
        });
        assertThat(info.outputs()).extracting(OnnxModelInfo.ValueInfo::name).containsExactly("logits", "probabilities");
        assertThat(info.nodes()).extracting(OnnxModelInfo.Node::opType).containsExactly("Gemm", "Identity", "Softmax");
    }

    @Test
    void unsupportedLayersAreAllListed() {
        Layer odd = new Layer() {
            @Override
            public org.privet.core.autodiff.Variable forward(org.privet.core.autodiff.Variable x) {
                return x;
            }

            @Override
            public String spec() {
                return "odd";
            }
        };
        NetworkClassifier m = net(new int[] {3}, 2, odd, new Dense(3, 2, Rng.of(9)), odd);
        assertThatThrownBy(() -> OnnxExport.toBytes(m)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer 0 odd").hasMessageContaining("layer 2 odd");
        assertThatThrownBy(() -> OnnxExport.toBytes("not a model")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("String");
    }

    @Test
    void failedExportLeavesNoFile() throws Exception {
        Path out = dir.resolve("none.onnx");
        assertThatThrownBy(() -> OnnxExport.write(List.of(), out)).isInstanceOf(IllegalArgumentException.class);
        assertThat(out).doesNotExist();
        try (var s = Files.list(dir)) {
            assertThat(s).isEmpty();
        }
    }
}
