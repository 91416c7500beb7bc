package org.privet.core.nn;

import java.util.List;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Variable;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Fully connected layer y = x W^T + b: input [N, in], weight [out, in] (PyTorch layout), bias
 * [out], output [N, out]. The bias add is fused into the product.
 */
public final class Dense implements Layer {
    private final int in;
    private final int out;
    private final Parameter weight;
    private final Parameter bias;

    /** He-normal weights and zero bias drawn from {@code rng}. */
    public Dense(int in, int out, Rng rng) {
        this(in, out, Init.HE_NORMAL, rng);
    }

    public Dense(int in, int out, Init init, Rng rng) {
        this(init.sample(rng, checkSize("in", in), checkSize("out", out), out, in), Tensor.zeros(out));
    }

    /** A layer with the given weight [out, in] and bias [out] (used as is, not copied). */
    public Dense(Tensor weight, Tensor bias) {
        if (weight.rank() != 2 || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException("Dense: weight " + weight.shapeString() + " and bias "
                    + bias.shapeString() + " must be [out,in] and [out]");
        }
        this.out = weight.dim(0);
        this.in = weight.dim(1);
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias);
    }

    static int checkSize(String what, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(what + " must be >= 1. Provided value: " + v);
        }
        return v;
    }

    @Override
    public Variable forward(Variable x) {
        Tensor v = x.value();
        if (v.rank() != 2 || v.dim(1) != in) {
            throw new IllegalArgumentException("dense(in=" + in + ",out=" + out + "): expected input [N," + in
                    + "], got " + v.shapeString());
        }
        return Ops.linear(x, weight.variable(), bias.variable());
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(weight, bias);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public String spec() {
        return "dense(in=" + in + ",out=" + out + ")";
    }
}
