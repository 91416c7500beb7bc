package org.privet.core.nn;

import java.util.List;
import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Variable;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * 2-D convolution: input [N, in, H, W], weight [out, in, k, k], bias [out], output
 * [N, out, (H + 2 pad - k) / stride + 1, (W + 2 pad - k) / stride + 1].
 */
public final class Conv2d implements Layer {
    private final int in;
    private final int out;
    private final int kernel;
    private final int stride;
    private final int pad;
    private final Parameter weight;
    private final Parameter bias;

    /** He-normal weights, zero bias. */
    public Conv2d(int in, int out, int kernel, int stride, int pad, Rng rng) {
        this(in, out, kernel, stride, pad, Init.HE_NORMAL, rng);
    }

    public Conv2d(int in, int out, int kernel, int stride, int pad, Init init, Rng rng) {
        this(init.sample(rng, Dense.checkSize("in", in) * Dense.checkSize("kernel", kernel) * kernel,
                Dense.checkSize("out", out) * kernel * kernel, out, in, kernel, kernel), Tensor.zeros(out), stride, pad);
    }

    /** A layer with the given square weight [out, in, k, k] and bias [out] (used as is). */
    public Conv2d(Tensor weight, Tensor bias, int stride, int pad) {
        if (weight.rank() != 4 || weight.dim(2) != weight.dim(3) || bias.rank() != 1 || bias.dim(0) != weight.dim(0)) {
            throw new IllegalArgumentException("Conv2d: weight " + weight.shapeString() + " and bias "
                    + bias.shapeString() + " must be [out,in,k,k] and [out]");
        }
        if (stride < 1 || pad < 0) {
            throw new IllegalArgumentException("Conv2d: stride must be >= 1 and padding >= 0. Provided values: "
                    + stride + ", " + pad);
        }
        this.out = weight.dim(0);
        this.in = weight.dim(1);
        this.kernel = weight.dim(2);
        this.stride = stride;
        this.pad = pad;
        this.weight = new Parameter("weight", weight);
        this.bias = new Parameter("bias", bias);
    }

    @Override
    public Variable forward(Variable x) {
        Tensor v = x.value();
        if (v.rank() != 4 || v.dim(1) != in) {
            throw new IllegalArgumentException(spec() + ": expected input [N," + in + ",H,W], got " + v.shapeString());
        }
        return Ops.conv2d(x, weight.variable(), bias.variable(), stride, pad);
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

    public int inChannels() {
        return in;
    }

    public int outChannels() {
        return out;
    }

    public int kernel() {
        return kernel;
    }

    public int stride() {
        return stride;
    }

    public int padding() {
        return pad;
    }

    /** Output height or width for an input of size {@code size}. */
    public int outSize(int size) {
        return (size + 2 * pad - kernel) / stride + 1;
    }

    @Override
    public String spec() {
        return "conv2d(in=" + in + ",out=" + out + ",k=" + kernel + ",stride=" + stride + ",pad=" + pad + ")";
    }
}
