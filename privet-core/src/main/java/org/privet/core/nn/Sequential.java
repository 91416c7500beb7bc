package org.privet.core.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.privet.core.autodiff.Variable;

/**
 * Layers applied in order. Starts in training mode; {@link #eval()} switches every layer to
 * evaluation mode. Not thread safe while training.
 */
public final class Sequential implements Layer {
    private final List<Layer> layers;
    private boolean training = true;

    public Sequential(Layer... layers) {
        this(List.of(layers));
    }

    public Sequential(List<Layer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("Sequential needs at least one layer");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) == null) {
                throw new IllegalArgumentException("Sequential: layer " + i + " is null");
            }
        }
        this.layers = List.copyOf(layers);
        setTraining(true);
    }

    @Override
    public Variable forward(Variable x) {
        Variable h = x;
        for (Layer l : layers) {
            h = l.forward(h);
        }
        return h;
    }

    /** The layers (unmodifiable). */
    public List<Layer> layers() {
        return layers;
    }

    /** Leaf layers in order, with nested Sequentials expanded. */
    public List<Layer> flatLayers() {
        List<Layer> out = new ArrayList<>();
        for (Layer l : layers) {
            if (l instanceof Sequential) {
                out.addAll(((Sequential) l).flatLayers());
            } else {
                out.add(l);
            }
        }
        return out;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Layer l : layers) {
            ps.addAll(l.parameters());
        }
        return Collections.unmodifiableList(ps);
    }

    /** Parameters keyed by "layerIndex.name" (e.g. "0.weight"), in order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            if (l instanceof Sequential) {
                for (Map.Entry<String, Parameter> e : ((Sequential) l).namedParameters().entrySet()) {
                    out.put(i + "." + e.getKey(), e.getValue());
                }
            } else {
                for (Parameter p : l.parameters()) {
                    out.put(i + "." + p.name(), p);
                }
            }
        }
        return out;
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters()) {
            n += p.value().size();
        }
        return n;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
        for (Layer l : layers) {
            l.setTraining(training);
        }
    }

    public Sequential train() {
        setTraining(true);
        return this;
    }

    public Sequential eval() {
        setTraining(false);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Layer specs in order, e.g. {@code sequential[dense(in=4,out=8), relu, dense(in=8,out=2)]}. */
    @Override
    public String spec() {
        StringBuilder sb = new StringBuilder("sequential[");
        for (int i = 0; i < layers.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append(layers.get(i).spec());
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return spec();
    }
}
