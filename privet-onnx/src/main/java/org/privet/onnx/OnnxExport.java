package org.privet.onnx;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.privet.core.Version;
import org.privet.core.model.LogisticRegression;
import org.privet.core.nn.AvgPool2d;
import org.privet.core.nn.Conv2d;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Dropout;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.MaxPool2d;
import org.privet.core.nn.NetworkClassifier;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sigmoid;
import org.privet.core.nn.Tanh;
import org.privet.core.tensor.Tensor;

/**
 * Writes Privet models as self-contained ONNX files (IR version 7, operator set 13, weights inside
 * the file as little-endian float32 {@code raw_data}), with Privet's own protobuf writer, so a model
 * trained here (with DP-SGD or not: the model classes are the same) can be served by any ONNX
 * runtime.
 *
 * <p>Graph: input {@code input} of shape {@code [batch, inputShape...]} (float, symbolic batch
 * dimension), outputs {@code logits} {@code [batch, classes]} and {@code probabilities} (a
 * {@code Softmax} over axis 1 of the logits). Layer mapping:
 * <ul>
 *   <li>{@link Dense}: {@code Gemm(x, W, b, transB=1)} (W stored as {@code [out, in]}, Privet's layout);</li>
 *   <li>{@link ReLU}, {@link Tanh}, {@link Sigmoid}: {@code Relu}, {@code Tanh}, {@code Sigmoid};</li>
 *   <li>{@link Dropout}: nothing (identity at inference, as in Privet's evaluation mode);</li>
 *   <li>{@link Conv2d}: {@code Conv} with {@code kernel_shape [k, k]}, {@code strides [s, s]},
 *       {@code pads [p, p, p, p]};</li>
 *   <li>{@link MaxPool2d}, {@link AvgPool2d}: {@code MaxPool}, {@code AveragePool} with
 *       {@code kernel_shape [k, k]}, {@code strides [s, s]}, no padding, floor rounding;</li>
 *   <li>{@link Flatten}: {@code Flatten(axis=1)};</li>
 *   <li>{@link LogisticRegression}: {@code Gemm(x, W, b)} with W {@code [features, classes]}.</li>
 * </ul>
 * Any other layer (or model class) is refused with an {@link IllegalArgumentException} that lists
 * every unsupported layer at once. Stateless and thread safe (the model must not be trained
 * concurrently while it is exported).
 */
public final class OnnxExport {
    /** The operator set the exported graphs use. */
    public static final int OPSET = 13;
    /** The ONNX IR version written (7 goes with opset 13). */
    public static final int IR_VERSION = 7;
    /** Name of the exported graph's input. */
    public static final String INPUT = "input";
    /** Name of the logits output. */
    public static final String LOGITS = "logits";
    /** Name of the probabilities output. */
    public static final String PROBABILITIES = "probabilities";

    private OnnxExport() {
    }

    /**
     * The ONNX bytes of {@code model}: a {@link NetworkClassifier} (MLP or CNN built from the layers
     * listed in the class comment) or a {@link LogisticRegression}.
     *
     * @throws IllegalArgumentException for another model class or unsupported layers
     */
    public static byte[] toBytes(Object model) {
        return toBytes(model, java.util.Map.of());
    }

    /**
     * {@link #toBytes(Object)} with {@code metadata} written as the model's {@code metadata_props}
     * (e.g. the provenance of the training run: seed, data set hash), in iteration order.
     */
    public static byte[] toBytes(Object model, java.util.Map<String, String> metadata) {
        if (model instanceof NetworkClassifier n) {
            return network(n, metadata);
        }
        if (model instanceof LogisticRegression lr) {
            return logistic(lr, metadata);
        }
        throw new IllegalArgumentException("ONNX export supports networks (mlp, cnn) and logistic regression; a "
                + (model == null ? "null model" : model.getClass().getSimpleName()) + " cannot be exported");
    }

    /**
     * Writes {@code model} to {@code out} as ONNX: to a temporary file in the same folder, then moved
     * into place, so a failure never leaves a partial file.
     *
     * @throws IllegalArgumentException as {@link #toBytes}
     * @throws IOException when the file cannot be written
     */
    public static void write(Object model, Path out) throws IOException {
        write(model, out, java.util.Map.of());
    }

    /** {@link #write(Object, Path)} with metadata, as {@link #toBytes(Object, java.util.Map)}. */
    public static void write(Object model, Path out, java.util.Map<String, String> metadata) throws IOException {
        byte[] bytes = toBytes(model, metadata);
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + out.getFileName(), ".tmp");
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] network(NetworkClassifier model, java.util.Map<String, String> metadata) {
        Graph g = new Graph();
        List<String> unsupported = new ArrayList<>();
        List<Layer> layers = model.network().flatLayers();
        String x = INPUT;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String y = "h" + i;
            String p = "layer" + i;
            if (l instanceof Dense d) {
                g.node("Gemm", p, List.of(x, g.init(p + ".weight", d.weight().value()), g.init(p + ".bias",
                        d.bias().value())), y, attrInt("transB", 1));
            } else if (l instanceof ReLU) {
                g.node("Relu", p, List.of(x), y);
            } else if (l instanceof Tanh) {
                g.node("Tanh", p, List.of(x), y);
            } else if (l instanceof Sigmoid) {
                g.node("Sigmoid", p, List.of(x), y);
            } else if (l instanceof Dropout) {
                continue;
            } else if (l instanceof Conv2d c) {
                int k = c.kernel();
                int s = c.stride();
                int pad = c.padding();
                g.node("Conv", p, List.of(x, g.init(p + ".weight", c.weight().value()), g.init(p + ".bias",
                        c.bias().value())), y, attrInts("kernel_shape", k, k), attrInts("strides", s, s),
                        attrInts("pads", pad, pad, pad, pad));
            } else if (l instanceof MaxPool2d mp) {
                g.node("MaxPool", p, List.of(x), y, attrInts("kernel_shape", mp.kernel(), mp.kernel()),
                        attrInts("strides", mp.stride(), mp.stride()));
            } else if (l instanceof AvgPool2d ap) {
                g.node("AveragePool", p, List.of(x), y, attrInts("kernel_shape", ap.kernel(), ap.kernel()),
                        attrInts("strides", ap.stride(), ap.stride()));
            } else if (l instanceof Flatten) {
                g.node("Flatten", p, List.of(x), y, attrInt("axis", 1));
            } else {
                unsupported.add("layer " + i + " " + l.spec() + " (" + l.getClass().getSimpleName() + ")");
                continue;
            }
            x = y;
        }
        if (!unsupported.isEmpty()) {
            throw new IllegalArgumentException("ONNX export: unsupported layers: " + String.join(", ", unsupported)
                    + ". Supported: Dense, ReLU, Tanh, Sigmoid, Dropout, Conv2d, MaxPool2d, AvgPool2d, Flatten");
        }
        if (x.equals(INPUT)) {
            throw new IllegalArgumentException("ONNX export: the network has no layers that compute anything");
        }
        g.node("Identity", "logits", List.of(x), LOGITS);
        return g.finish(model.inputShape(), model.numClasses(), "privet network " + model.network().spec(), metadata);
    }

    private static byte[] logistic(LogisticRegression lr, java.util.Map<String, String> metadata) {
        Graph g = new Graph();
        g.node("Gemm", "logreg", List.of(INPUT, g.init("weights", lr.weights()), g.init("bias", lr.bias())), LOGITS);
        return g.finish(lr.inputShape(), lr.numClasses(), "privet multinomial logistic regression", metadata);
    }

    private static ProtoWriter attrInt(String name, long v) {
        // AttributeProto: name 1, i 3, type 20 (INT = 2)
        return new ProtoWriter().string(1, name).varint(3, v).varint(20, 2);
    }

    private static ProtoWriter attrInts(String name, long... v) {
        // AttributeProto: name 1, ints 8 (unpacked, as proto2 declares it), type 20 (INTS = 7)
        ProtoWriter a = new ProtoWriter().string(1, name);
        for (long x : v) {
            a.varint(8, x);
        }
        return a.varint(20, 7);
    }

    /** Accumulates nodes and initializers of one GraphProto. */
    private static final class Graph {
        private final ProtoWriter graph = new ProtoWriter();
        private final List<ProtoWriter> initializers = new ArrayList<>();

        String init(String name, Tensor t) {
            // TensorProto: dims 1, data_type 2 (FLOAT = 1), name 8, raw_data 9
            ProtoWriter w = new ProtoWriter();
            for (int d : t.shape()) {
                w.varint(1, d);
            }
            w.varint(2, OnnxModelInfo.FLOAT).string(8, name).bytes(9, ProtoWriter.littleEndian(t.data()));
            initializers.add(w);
            return name;
        }

        void node(String op, String name, List<String> inputs, String output, ProtoWriter... attributes) {
            // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
            ProtoWriter n = new ProtoWriter();
            for (String in : inputs) {
                n.string(1, in);
            }
            n.string(2, output).string(3, name).string(4, op);
            for (ProtoWriter a : attributes) {
                n.message(5, a);
            }
            graph.message(1, n);
        }

        byte[] finish(int[] inputShape, int classes, String doc, java.util.Map<String, String> metadata) {
            node("Softmax", "softmax", List.of(LOGITS), PROBABILITIES, attrInt("axis", 1));
            graph.string(2, "privet");
            for (ProtoWriter t : initializers) {
                graph.message(5, t);
            }
            graph.string(10, doc);
            long[] in = new long[inputShape.length + 1];
            in[0] = -1;
            for (int i = 0; i < inputShape.length; i++) {
                in[i + 1] = inputShape[i];
            }
            graph.message(11, valueInfo(INPUT, in));
            graph.message(12, valueInfo(LOGITS, new long[] {-1, classes}));
            graph.message(12, valueInfo(PROBABILITIES, new long[] {-1, classes}));
            ProtoWriter model = new ProtoWriter()
                    .varint(1, IR_VERSION)
                    .string(2, "privet")
                    .string(3, Version.current())
                    .string(6, doc)
                    .message(7, graph)
                    .message(8, new ProtoWriter().string(1, "").varint(2, OPSET));
            metadata.forEach((k, v) -> model.message(14, new ProtoWriter().string(1, k).string(2, v)));
            return model.toByteArray();
        }

        /** ValueInfoProto of a float tensor; -1 = the symbolic batch dimension. */
        private static ProtoWriter valueInfo(String name, long[] dims) {
            ProtoWriter shape = new ProtoWriter();
            for (long d : dims) {
                ProtoWriter dim = new ProtoWriter();
                if (d < 0) {
                    dim.string(2, "batch");
                } else {
                    dim.varint(1, d);
                }
                shape.message(1, dim);
            }
            ProtoWriter tensor = new ProtoWriter().varint(1, OnnxModelInfo.FLOAT).message(2, shape);
            return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
        }
    }
}
