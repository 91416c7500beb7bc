package org.privet.attacks.reconstruct;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.autodiff.Autodiff;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Reduction;
import org.privet.core.autodiff.Variable;
import org.privet.core.nn.Conv2d;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Layer;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.Sequential;
import org.privet.core.tensor.Tensor;

/**
 * A privet-core {@link Sequential} evaluated with parameters supplied by the caller, so that the
 * parameters can be graph nodes (for unrolled local training) and the model's own weights are never
 * touched.
 *
 * <p>Supported layers: {@link Dense} and {@link Conv2d} (their weight and bias are taken from the
 * parameter list, in {@link Sequential#parameters()} order) and every parameterless layer (ReLU, Tanh,
 * Sigmoid, Flatten, pooling, {@link Reshape}), which is applied as is. A Dropout layer must be in
 * evaluation mode for reproducible results. Any other layer with parameters is rejected at construction.
 *
 * <p>The loss is the mean softmax cross-entropy over the batch (what a client of FedAvg/FedSGD
 * differentiates). Immutable after construction; a graph built by one call belongs to the calling thread.
 */
public final class FunctionalNetwork {
    private final Sequential model;
    private final List<Layer> layers;
    private final int parameterCount;

    /**
     * @param model the network (read only: its parameter values are copied by {@link #currentParameters()})
     * @throws IllegalArgumentException for a parameterised layer other than Dense or Conv2d
     */
    public FunctionalNetwork(Sequential model) {
        this.model = model;
        this.layers = model.flatLayers();
        int count = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            int p = l.parameters().size();
            if (p > 0 && !(l instanceof Dense) && !(l instanceof Conv2d)) {
                throw new IllegalArgumentException("FunctionalNetwork: layer " + i + " (" + l.spec()
                        + ") has parameters but is neither Dense nor Conv2d");
            }
            count += p;
        }
        this.parameterCount = count;
    }

    /** The wrapped model. */
    public Sequential model() {
        return model;
    }

    /** Leaf layers in order. */
    public List<Layer> layers() {
        return layers;
    }

    /** Number of parameter tensors (two per Dense or Conv2d). */
    public int parameterTensors() {
        return parameterCount;
    }

    /** Copies of the model's current parameter values, in {@link Sequential#parameters()} order. */
    public List<Tensor> currentParameters() {
        List<Tensor> out = new ArrayList<>(parameterCount);
        for (Parameter p : model.parameters()) {
            out.add(p.value().copy());
        }
        return out;
    }

    /** Fresh leaf variables (requiring gradients) holding copies of the model's parameters. */
    public List<Variable> parameterLeaves() {
        List<Variable> out = new ArrayList<>(parameterCount);
        for (Tensor t : currentParameters()) {
            out.add(Variable.parameter(t));
        }
        return out;
    }

    /**
     * Logits of the network with the given parameters.
     *
     * @param x      input batch in the model's input shape
     * @param params {@link #parameterTensors()} variables in {@link Sequential#parameters()} order
     */
    public Variable forward(Variable x, List<Variable> params) {
        if (params.size() != parameterCount) {
            throw new IllegalArgumentException("FunctionalNetwork: expected " + parameterCount
                    + " parameter tensors, got " + params.size());
        }
        Variable h = x;
        int p = 0;
        for (Layer l : layers) {
            if (l instanceof Dense) {
                h = Ops.linear(h, params.get(p), params.get(p + 1));
                p += 2;
            } else if (l instanceof Conv2d c) {
                h = Ops.conv2d(h, params.get(p), params.get(p + 1), c.stride(), c.padding());
                p += 2;
            } else {
                h = l.forward(h);
            }
        }
        return h;
    }

    /** Mean cross-entropy of the network with parameters {@code params} on {@code (x, labels)}. */
    public Variable loss(Variable x, int[] labels, List<Variable> params) {
        return Ops.crossEntropyWithLogits(forward(x, params), labels, Reduction.MEAN);
    }

    /**
     * The FedSGD update a client sends: the gradient of the mean cross-entropy over its batch with
     * respect to every parameter, at the model's current weights.
     *
     * @param x      the client's batch, first dimension N >= 1
     * @param labels N labels
     * @return one tensor per parameter, same shapes as {@link #currentParameters()}
     */
    public List<Tensor> gradient(Tensor x, int[] labels) {
        List<Variable> params = parameterLeaves();
        try (var g = Autodiff.enableGrad()) {
            Variable loss = loss(Variable.constant(x), labels, params);
            return values(Autodiff.grad(loss, params, null, false));
        }
    }

    /**
     * The FedAvg update a client sends after {@code localSteps} full-batch gradient-descent steps of size
     * {@code learningRate} on its data, starting from the model's current weights: {@code theta_0 - theta_K}
     * (so that for one step it equals {@code learningRate * gradient}).
     *
     * @param localSteps   K >= 1
     * @param learningRate > 0 and finite
     */
    public List<Tensor> fedAvgUpdate(Tensor x, int[] labels, int localSteps, float learningRate) {
        return fedAvgUpdate(x, labels, localSteps, learningRate, x.dim(0));
    }

    /**
     * The FedAvg update after {@code localSteps} steps on consecutive mini-batches: step {@code k} uses rows
     * {@code [(k B) mod N, (k B) mod N + B)} of the client's data, in order (see {@link ObservedUpdate}).
     *
     * @param batchSize B in [1, N], dividing N
     */
    public List<Tensor> fedAvgUpdate(Tensor x, int[] labels, int localSteps, float learningRate, int batchSize) {
        checkLocal(localSteps, learningRate);
        int n = x.dim(0);
        checkBatch(batchSize, n);
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " examples");
        }
        List<Tensor> theta0 = currentParameters();
        List<Tensor> theta = new ArrayList<>(theta0.size());
        for (Tensor t : theta0) {
            theta.add(t.copy());
        }
        for (int k = 0; k < localSteps; k++) {
            List<Variable> params = new ArrayList<>(theta.size());
            for (Tensor t : theta) {
                params.add(Variable.parameter(t));
            }
            List<Variable> g;
            int from = (k * batchSize) % n;
            Tensor xb = batchSize == n ? x : x.sliceRows(from, from + batchSize);
            int[] yb = batchSize == n ? labels : java.util.Arrays.copyOfRange(labels, from, from + batchSize);
            try (var mode = Autodiff.enableGrad()) {
                g = Autodiff.grad(loss(Variable.constant(xb), yb, params), params, null, false);
            }
            for (int i = 0; i < theta.size(); i++) {
                theta.get(i).axpyInPlace(-learningRate, g.get(i).value());
            }
        }
        List<Tensor> delta = new ArrayList<>(theta.size());
        for (int i = 0; i < theta.size(); i++) {
            delta.add(theta0.get(i).sub(theta.get(i)));
        }
        return delta;
    }

    static void checkLocal(int localSteps, float learningRate) {
        if (localSteps < 1) {
            throw new IllegalArgumentException("localSteps must be >= 1. Provided value: " + localSteps);
        }
        if (!(learningRate > 0) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0 and finite. Provided value: "
                    + learningRate);
        }
    }

    static void checkBatch(int batchSize, int n) {
        if (batchSize < 1 || batchSize > n || n % batchSize != 0) {
            throw new IllegalArgumentException("local batch size must be in [1, " + n + "] and divide " + n
                    + ". Provided value: " + batchSize);
        }
    }

    static List<Tensor> values(List<Variable> vs) {
        List<Tensor> out = new ArrayList<>(vs.size());
        for (Variable v : vs) {
            out.add(v.value());
        }
        return out;
    }
}
