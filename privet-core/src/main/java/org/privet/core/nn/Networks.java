package org.privet.core.nn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.privet.core.rng.Rng;

/**
 * Architectures that attacks and experiments use. Each layer draws its weights from its own
 * child stream {@code rng.child("layer", index)}, so the same seed gives the same network bit for
 * bit, whatever else was drawn from {@code rng}.
 */
public final class Networks {
    private Networks() {
    }

    /** Fully connected ReLU network: inputs -> hidden[0] -> ... -> classes (logits). He init. */
    public static Sequential mlp(Rng rng, int inputs, int[] hidden, int classes) {
        Dense.checkSize("inputs", inputs);
        Dense.checkSize("classes", classes);
        List<Layer> layers = new ArrayList<>();
        int prev = inputs;
        int idx = 0;
        for (int h : hidden) {
            Dense.checkSize("hidden width", h);
            layers.add(new Dense(prev, h, rng.child("layer", idx++)));
            layers.add(new ReLU());
            prev = h;
        }
        layers.add(new Dense(prev, classes, rng.child("layer", idx)));
        return new Sequential(layers);
    }

    /**
     * conv5x5(32, pad 2)-relu-maxpool2-conv5x5(64, pad 2)-relu-maxpool2-flatten-dense(128)-relu-dense(classes)
     * for [N, channels, height, width] inputs (height and width at least 4).
     */
    public static Sequential smallCnn(Rng rng, int channels, int height, int width, int classes) {
        return cnn(rng, channels, height, width, classes, 32, 64, 128);
    }

    /** The {@link #smallCnn} shape with chosen widths (for fast tests and small experiments). */
    public static Sequential cnn(Rng rng, int channels, int height, int width, int classes, int conv1, int conv2,
            int dense) {
        Dense.checkSize("channels", channels);
        Dense.checkSize("classes", classes);
        if (height < 4 || width < 4) {
            throw new IllegalArgumentException("cnn: height and width must be >= 4. Provided values: " + height + ", "
                    + width);
        }
        int h = height / 2 / 2;
        int w = width / 2 / 2;
        return new Sequential(
                new Conv2d(channels, conv1, 5, 1, 2, rng.child("layer", 0)),
                new ReLU(),
                new MaxPool2d(2),
                new Conv2d(conv1, conv2, 5, 1, 2, rng.child("layer", 1)),
                new ReLU(),
                new MaxPool2d(2),
                new Flatten(),
                new Dense(conv2 * h * w, dense, rng.child("layer", 2)),
                new ReLU(),
                new Dense(dense, classes, rng.child("layer", 3)));
    }

    /**
     * Rebuilds a network from its {@link Sequential#spec()} with fresh weights: parameterised
     * layers draw from {@code rng.child("layer", k)} for the k-th parameterised layer and dropout
     * layers from {@code rng.child("dropout", k)}, so {@code fromSpec(mlp(rng, ...).spec(), rng)}
     * and {@code fromSpec(cnn(rng, ...).spec(), rng)} reproduce those networks bit for bit.
     * Trained weights are restored separately (copy into {@link Sequential#parameters()}).
     *
     * @throws IllegalArgumentException naming the offending item and rule when the spec is malformed
     */
    public static Sequential fromSpec(String spec, Rng rng) {
        return new SpecParser(rng).sequential(spec.trim());
    }

    private static final class SpecParser {
        private final Rng rng;
        private int paramLayers;
        private int dropouts;

        SpecParser(Rng rng) {
            this.rng = rng;
        }

        Sequential sequential(String spec) {
            if (!spec.startsWith("sequential[") || !spec.endsWith("]")) {
                throw new IllegalArgumentException("spec must look like sequential[layer, ...]. Provided value: " + spec);
            }
            String body = spec.substring("sequential[".length(), spec.length() - 1);
            List<Layer> layers = new ArrayList<>();
            int depth = 0;
            int start = 0;
            for (int i = 0; i <= body.length(); i++) {
                char c = i < body.length() ? body.charAt(i) : ',';
                if (c == '[' || c == '(') {
                    depth++;
                } else if (c == ']' || c == ')') {
                    depth--;
                } else if (c == ',' && depth == 0) {
                    String item = body.substring(start, i).trim();
                    if (item.isEmpty()) {
                        throw new IllegalArgumentException("spec: empty layer at position " + layers.size() + " in "
                                + spec);
                    }
                    layers.add(layer(item, layers.size()));
                    start = i + 1;
                }
            }
            return new Sequential(layers);
        }

        private Layer layer(String item, int index) {
            if (item.startsWith("sequential[")) {
                return sequential(item);
            }
            int open = item.indexOf('(');
            String name = open < 0 ? item : item.substring(0, open);
            Map<String, String> args = new LinkedHashMap<>();
            if (open >= 0) {
                if (!item.endsWith(")")) {
                    throw new IllegalArgumentException("spec: layer " + index + " '" + item + "' lacks a closing ')'");
                }
                for (String kv : item.substring(open + 1, item.length() - 1).split(",")) {
                    int eq = kv.indexOf('=');
                    if (eq < 0) {
                        throw new IllegalArgumentException("spec: layer " + index + " '" + item
                                + "': argument '" + kv + "' is not key=value");
                    }
                    args.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
                }
            }
            Layer l;
            switch (name) {
                case "dense":
                    l = new Dense(intArg(args, "in", item), intArg(args, "out", item), rng.child("layer", paramLayers++));
                    break;
                case "conv2d":
                    l = new Conv2d(intArg(args, "in", item), intArg(args, "out", item), intArg(args, "k", item),
                            intArg(args, "stride", item), intArg(args, "pad", item), rng.child("layer", paramLayers++));
                    break;
                case "maxpool2d": l = new MaxPool2d(intArg(args, "k", item), intArg(args, "stride", item)); break;
                case "avgpool2d": l = new AvgPool2d(intArg(args, "k", item), intArg(args, "stride", item)); break;
                case "dropout":
                    l = new Dropout(floatArg(args, "p", item), rng.child("dropout", dropouts++));
                    break;
                case "flatten": l = new Flatten(); break;
                case "relu": l = new ReLU(); break;
                case "tanh": l = new Tanh(); break;
                case "sigmoid": l = new Sigmoid(); break;
                default:
                    throw new IllegalArgumentException("spec: layer " + index + " '" + item + "': unknown layer type '"
                            + name + "' (known: dense, conv2d, maxpool2d, avgpool2d, dropout, flatten, relu, tanh,"
                            + " sigmoid, sequential)");
            }
            if (!args.isEmpty()) {
                throw new IllegalArgumentException("spec: layer " + index + " '" + item + "': unknown arguments "
                        + args.keySet());
            }
            return l;
        }

        private static String take(Map<String, String> args, String key, String item) {
            String v = args.remove(key);
            if (v == null) {
                throw new IllegalArgumentException("spec: '" + item + "' is missing argument '" + key + "'");
            }
            return v;
        }

        private static int intArg(Map<String, String> args, String key, String item) {
            String v = take(args, key, item);
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("spec: '" + item + "': " + key + " must be an integer. Provided value: "
                        + v, e);
            }
        }

        private static float floatArg(Map<String, String> args, String key, String item) {
            String v = take(args, key, item);
            try {
                return Float.parseFloat(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("spec: '" + item + "': " + key + " must be a number. Provided value: "
                        + v, e);
            }
        }
    }
}
