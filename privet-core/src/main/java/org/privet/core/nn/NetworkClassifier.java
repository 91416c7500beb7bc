package org.privet.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.tensor.Tensor;

/**
 * An in-process network seen as a white-box classifier. The network is switched to evaluation
 * mode on construction and used in that mode; gradients are those of the cross-entropy loss.
 *
 * <p>Inference ({@link #logits}) runs without recording a graph, in batches of at most
 * {@link #batchSize()} rows. Concurrent calls are safe as long as nobody trains or switches the
 * mode of the network meanwhile.
 */
public final class NetworkClassifier implements WhiteBoxClassifier {
    private final Sequential net;
    private final int[] inputShape;
    private final int numClasses;
    private final int batchSize;

    /**
     * A classifier over {@code net} with inference batches of 1024 rows.
     *
     * @param inputShape shape of one example (without the batch dimension)
     * @param numClasses number of outputs of the network, &gt;= 2
     */
    public NetworkClassifier(Sequential net, int[] inputShape, int numClasses) {
        this(net, inputShape, numClasses, 1024);
    }

    /** As {@link #NetworkClassifier(Sequential, int[], int)} with inference batches of {@code batchSize} (&gt;= 1) rows. */
    public NetworkClassifier(Sequential net, int[] inputShape, int numClasses, int batchSize) {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2. Provided value: " + numClasses);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1. Provided value: " + batchSize);
        }
        for (int d : inputShape) {
            if (d < 1) {
                throw new IllegalArgumentException("inputShape dimensions must be >= 1. Provided value: "
                        + Arrays.toString(inputShape));
            }
        }
        this.net = net;
        this.inputShape = inputShape.clone();
        this.numClasses = numClasses;
        this.batchSize = batchSize;
        net.eval();
    }

    public Sequential network() {
        return net;
    }

    public int batchSize() {
        return batchSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    @Override
    public Tensor logits(Tensor x) {
        checkInput(x);
        int n = x.dim(0);
        try (Autodiff.GradMode g = Autodiff.noGrad()) {
            if (n <= batchSize) {
                return checkOutput(net.forward(Variable.constant(x)).value());
            }
            List<Tensor> parts = new ArrayList<>();
            for (int from = 0; from < n; from += batchSize) {
                parts.add(checkOutput(net.forward(Variable.constant(x.sliceRows(from, Math.min(n, from + batchSize))))
                        .value()));
            }
            return Tensor.concat(parts.toArray(new Tensor[0]));
        }
    }

    @Override
    public Tensor inputGradient(Tensor x, int[] y) {
        checkInput(x);
        try (Autodiff.GradMode g = Autodiff.enableGrad()) {
            Variable xv = Variable.parameter(x);
            Variable loss = Ops.crossEntropyWithLogits(net.forward(xv), y, Reduction.SUM);
            return Autodiff.grad(loss, List.of(xv), null, false).get(0).value();
        }
    }

    @Override
    public List<Tensor> parameterGradients(Tensor x, int[] y) {
        checkInput(x);
        List<Parameter> ps = net.parameters();
        List<Variable> vs = new ArrayList<>(ps.size());
        for (Parameter p : ps) {
            vs.add(p.variable());
        }
        try (Autodiff.GradMode g = Autodiff.enableGrad()) {
            Variable loss = Ops.crossEntropyWithLogits(net.forward(Variable.constant(x)), y, Reduction.MEAN);
            List<Variable> gs = Autodiff.grad(loss, vs, null, false);
            List<Tensor> out = new ArrayList<>(gs.size());
            for (Variable v : gs) {
                out.add(v.value());
            }
            return out;
        }
    }

    @Override
    public List<Tensor> parameters() {
        List<Tensor> out = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            out.add(p.value());
        }
        return out;
    }

    private void checkInput(Tensor x) {
        int[] s = x.shape();
        boolean ok = s.length == inputShape.length + 1;
        for (int i = 0; ok && i < inputShape.length; i++) {
            ok = s[i + 1] == inputShape[i];
        }
        if (!ok) {
            throw new IllegalArgumentException("classifier expects input [N, " + Arrays.toString(inputShape)
                    .replaceAll("[\\[\\]]", "") + "], got " + x.shapeString());
        }
    }

    private Tensor checkOutput(Tensor logits) {
        if (logits.rank() != 2 || logits.dim(1) != numClasses) {
            throw new IllegalStateException("network " + net.spec() + " produced " + logits.shapeString()
                    + ", expected [N, " + numClasses + "]");
        }
        return logits;
    }
}
