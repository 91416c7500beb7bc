package org.privet.core.nn;

import org.privet.core.autodiff.Ops;
import org.privet.core.autodiff.Variable;

/** Max pooling over k x k windows (no padding): [N,C,H,W] -> [N,C,(H-k)/stride+1,(W-k)/stride+1]. */
public final class MaxPool2d implements Layer {
    private final int k;
    private final int stride;

    /** Non-overlapping windows (stride = k). */
    public MaxPool2d(int k) {
        this(k, k);
    }

    public MaxPool2d(int k, int stride) {
        if (k < 1 || stride < 1) {
            throw new IllegalArgumentException("MaxPool2d: window and stride must be >= 1. Provided values: " + k
                    + ", " + stride);
        }
        this.k = k;
        this.stride = stride;
    }

    @Override
    public Variable forward(Variable x) {
        return Ops.maxPool2d(x, k, stride);
    }

    public int kernel() {
        return k;
    }

    public int stride() {
        return stride;
    }

    @Override
    public String spec() {
        return "maxpool2d(k=" + k + ",stride=" + stride + ")";
    }
}
