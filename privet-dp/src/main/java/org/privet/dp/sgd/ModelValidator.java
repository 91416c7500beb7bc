package org.privet.dp.sgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.privet.core.nn.AvgPool2d;
import org.privet.core.nn.Conv2d;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Dropout;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.Layer;
import org.privet.core.nn.MaxPool2d;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.nn.Tanh;

/**
 * Checks that a network can be trained with DP-SGD (in the spirit of Opacus's ModuleValidator) and
 * lists <b>every</b> problem, each with the reason and a fix. Two properties are needed:
 *
 * <ol>
 *   <li>Every parameter has exact per-example gradients: parameters may sit only in {@link Dense} and
 *       {@link Conv2d} layers (the layers {@code PerExampleGradients} supports).</li>
 *   <li>No layer mixes examples: example i's output may depend on example i's input only. A layer that
 *       normalises with batch statistics (batch norm) breaks this: one example's gradient then depends
 *       on the others, so clipping it no longer bounds that example's influence, and its running
 *       statistics leak data with no noise at all.</li>
 * </ol>
 *
 * <p>Known per-example layers without parameters ({@link ReLU}, {@link Tanh}, {@link Sigmoid},
 * {@link Flatten}, {@link MaxPool2d}, {@link AvgPool2d}, {@link Dropout}: its masks are independent per
 * entry) pass. Any other layer type is reported: the validator cannot verify that it does not mix
 * examples. Stateless and thread-safe.
 */
public final class ModelValidator {
    private static final Set<Class<?>> PER_EXAMPLE = Set.of(ReLU.class, Tanh.class, Sigmoid.class, Flatten.class,
            MaxPool2d.class, AvgPool2d.class, Dropout.class, Dense.class, Conv2d.class);

    private ModelValidator() {
    }

    /**
     * One problem.
     *
     * @param index   position in {@code Sequential.flatLayers()} (-1 for the network as a whole)
     * @param layer   the layer's spec
     * @param problem why it breaks DP-SGD
     * @param fix     what to do instead
     */
    public record Issue(int index, String layer, String problem, String fix) {
        @Override
        public String toString() {
            return "layer " + index + " " + layer + ": " + problem + "; fix: " + fix;
        }
    }

    /** Every problem of {@code net}, in layer order (empty when it can be trained with DP-SGD). */
    public static List<Issue> validate(Sequential net) {
        if (net == null) {
            throw new IllegalArgumentException("model validator: network must not be null");
        }
        List<Issue> issues = new ArrayList<>();
        List<Layer> layers = net.flatLayers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (PER_EXAMPLE.contains(l.getClass())) {
                continue;
            }
            String name = l.getClass().getSimpleName();
            String lower = (name + " " + l.spec()).toLowerCase(Locale.ROOT);
            boolean batchNorm = lower.contains("batchnorm") || lower.contains("batch_norm") || lower.contains("batch norm");
            if (batchNorm) {
                issues.add(new Issue(i, l.spec(), "normalises with batch statistics, so each example's output and"
                        + " gradient depend on the other examples of the batch (clipping no longer bounds one"
                        + " example's influence) and running statistics are updated without noise",
                        "replace it with a per-example normalisation (group or layer norm) or remove it"));
            } else if (!l.parameters().isEmpty()) {
                issues.add(new Issue(i, l.spec(), "has " + l.parameters().size() + " parameter(s) but no per-example"
                        + " gradients (only dense and conv2d layers have them), so its gradient cannot be clipped"
                        + " per example",
                        "express it with dense/conv2d layers, or make it a fixed (parameter-free) layer"));
            } else {
                issues.add(new Issue(i, l.spec(), "unknown layer type " + l.getClass().getName() + ": cannot verify"
                        + " that it treats each example independently (layers that mix examples break per-example"
                        + " clipping)",
                        "use the built-in per-example layers (relu, tanh, sigmoid, flatten, pooling, dropout)"));
            }
        }
        if (net.parameters().isEmpty()) {
            issues.add(new Issue(-1, net.spec(), "has no trainable parameters", "add dense or conv2d layers"));
        }
        return List.copyOf(issues);
    }

    /**
     * Throws when {@link #validate} finds problems, listing them all.
     *
     * @throws IllegalArgumentException with one line per problem
     */
    public static void requireValid(Sequential net) {
        List<Issue> issues = validate(net);
        if (!issues.isEmpty()) {
            StringBuilder sb = new StringBuilder("DP-SGD cannot train this network: " + issues.size()
                    + " problem(s):");
            for (Issue is : issues) {
                sb.append("\n  ").append(is);
            }
            throw new IllegalArgumentException(sb.toString());
        }
    }
}
