package org.privet.fl;

import java.util.List;
import java.util.function.Supplier;
import org.privet.core.nn.Parameter;
import org.privet.core.nn.Sequential;

/**
 * The shared model of a federation as a flat {@code float[]} parameter vector, plus a factory of
 * networks of its architecture (one per worker thread: a {@link Sequential} is not thread-safe).
 * Parameters are flattened in {@link Sequential#parameters()} order, each tensor row-major.
 * Immutable and thread-safe (the factory must be).
 */
public final class FlModel {
    private final Supplier<Sequential> factory;
    private final float[] initial;
    private final String spec;

    /**
     * @param factory returns a new network of one fixed architecture on each call; the first network's
     *     weights are the initial global model
     */
    public FlModel(Supplier<Sequential> factory) {
        if (factory == null) {
            throw new IllegalArgumentException("model factory must not be null");
        }
        this.factory = factory;
        Sequential first = factory.get();
        this.spec = first.spec();
        long count = first.parameterCount();
        if (count < 1 || count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("model must have between 1 and 2^31 - 9 parameters. Provided value: "
                    + count);
        }
        this.initial = new float[(int) count];
        flatten(first, initial);
    }

    /** Number of parameters {@code d}. */
    public int dimension() {
        return initial.length;
    }

    /** The architecture, e.g. {@code "dense(256,64)-relu-dense(64,10)"}. */
    public String spec() {
        return spec;
    }

    /** A copy of the initial parameters. */
    public float[] initialParameters() {
        return initial.clone();
    }

    /** A new network of this architecture (weights unspecified until {@link #load}). */
    public Sequential newNetwork() {
        Sequential net = factory.get();
        if (net.parameterCount() != initial.length || !net.spec().equals(spec)) {
            throw new IllegalStateException("model factory changed architecture: " + spec + " then " + net.spec());
        }
        return net;
    }

    /** Copies {@code net}'s parameters into {@code out} (length {@code d}). */
    public static void flatten(Sequential net, float[] out) {
        int off = 0;
        for (Parameter p : net.parameters()) {
            float[] v = p.value().data();
            System.arraycopy(v, 0, out, off, v.length);
            off += v.length;
        }
        if (off != out.length) {
            throw new IllegalArgumentException("parameter vector length must be " + off + ". Provided value: "
                    + out.length);
        }
    }

    /** Overwrites {@code net}'s parameters (in place) with {@code flat}. */
    public static void load(Sequential net, float[] flat) {
        List<Parameter> ps = net.parameters();
        int off = 0;
        for (Parameter p : ps) {
            float[] v = p.value().data();
            if (off + v.length > flat.length) {
                throw new IllegalArgumentException("parameter vector too short for " + net.spec() + ": "
                        + flat.length);
            }
            System.arraycopy(flat, off, v, 0, v.length);
            off += v.length;
        }
        if (off != flat.length) {
            throw new IllegalArgumentException("parameter vector length must be " + off + ". Provided value: "
                    + flat.length);
        }
    }
}
