package org.privet.attacks.invert;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.tensor.Tensor;

/**
 * A sensitive attribute as the model sees it: the feature positions {@code [from, to)} it occupies, the
 * encoding of each of its values there, their names and their marginal prior (what the attacker knows of
 * the population). Immutable.
 */
public final class SensitiveAttribute {
    private final String name;
    private final int from;
    private final int to;
    private final float[][] encodings;
    private final List<String> valueNames;
    private final double[] prior;

    /**
     * @param encodings per value the {@code to - from} feature values that encode it (distinct)
     * @param prior     per value its marginal probability, non-negative, summing to 1 (within 1e-6)
     */
    public SensitiveAttribute(String name, int from, int to, float[][] encodings, List<String> valueNames,
                              double[] prior) {
        this.name = Objects.requireNonNull(name, "name");
        if (from < 0 || to <= from) {
            throw new IllegalArgumentException("feature range must satisfy 0 <= from < to. Provided values: " + from
                    + ", " + to);
        }
        if (encodings.length < 2 || encodings.length != valueNames.size() || encodings.length != prior.length) {
            throw new IllegalArgumentException("attribute '" + name + "': need >= 2 values with one encoding, name "
                    + "and prior each. Provided counts: " + encodings.length + ", " + valueNames.size() + ", "
                    + prior.length);
        }
        double s = 0;
        for (int v = 0; v < encodings.length; v++) {
            if (encodings[v].length != to - from) {
                throw new IllegalArgumentException("attribute '" + name + "': value '" + valueNames.get(v)
                        + "' has an encoding of " + encodings[v].length + " features, expected " + (to - from));
            }
            if (!(prior[v] >= 0)) {
                throw new IllegalArgumentException("attribute '" + name + "': prior of '" + valueNames.get(v)
                        + "' must be >= 0. Provided value: " + prior[v]);
            }
            s += prior[v];
        }
        if (Math.abs(s - 1) > 1e-6) {
            throw new IllegalArgumentException("attribute '" + name + "': prior must sum to 1. Provided sum: " + s);
        }
        this.from = from;
        this.to = to;
        this.encodings = Arrays.stream(encodings).map(float[]::clone).toArray(float[][]::new);
        this.valueNames = List.copyOf(valueNames);
        this.prior = prior.clone();
    }

    /**
     * The attribute behind tabular column {@code column} of {@code data}'s schema: its values are the distinct
     * encodings found in {@code data} (for a one-hot column, its categories present there), the prior their
     * frequencies in {@code data} (the attacker's picture of the population).
     */
    public static SensitiveAttribute fromColumn(Dataset data, String column) {
        Schema schema = data.schema();
        Schema.FeatureBlock b = schema.block(column);
        int d = schema.featureCount();
        float[] x = data.features().data();
        Map<String, float[]> enc = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < data.size(); i++) {
            float[] e = Arrays.copyOfRange(x, i * d + b.from(), i * d + b.to());
            String key = Arrays.toString(e);
            enc.putIfAbsent(key, e);
            counts.merge(key, 1, Integer::sum);
        }
        if (enc.size() < 2) {
            throw new IllegalArgumentException("column '" + column + "' takes a single value in the data: nothing to "
                    + "infer");
        }
        if (enc.size() > 64) {
            throw new IllegalArgumentException("column '" + column + "' takes " + enc.size() + " distinct values; "
                    + "attribute inference needs a categorical attribute (<= 64 values)");
        }
        List<String> names = new ArrayList<>();
        float[][] e = new float[enc.size()][];
        double[] prior = new double[enc.size()];
        int v = 0;
        for (Map.Entry<String, float[]> en : enc.entrySet()) {
            e[v] = en.getValue();
            prior[v] = counts.get(en.getKey()) / (double) data.size();
            names.add(valueName(schema, b, en.getValue()));
            v++;
        }
        return new SensitiveAttribute(column, b.from(), b.to(), e, names, prior);
    }

    private static String valueName(Schema schema, Schema.FeatureBlock b, float[] e) {
        if (b.width() > 1) {
            int arg = 0;
            for (int j = 1; j < e.length; j++) {
                if (e[j] > e[arg]) {
                    arg = j;
                }
            }
            return schema.featureName(b.from() + arg);
        }
        return schema.featureName(b.from()) + "=" + e[0];
    }

    public String name() {
        return name;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public int values() {
        return encodings.length;
    }

    public List<String> valueNames() {
        return valueNames;
    }

    public double prior(int v) {
        return prior[v];
    }

    /** The value index of row {@code i} of {@code x} ([n, d]), or -1 if its encoding is none of the values. */
    public int valueOf(Tensor x, int i) {
        int d = x.size() / x.dim(0);
        float[] xv = x.data();
        for (int v = 0; v < encodings.length; v++) {
            boolean eq = true;
            for (int j = 0; j < encodings[v].length && eq; j++) {
                eq = xv[i * d + from + j] == encodings[v][j];
            }
            if (eq) {
                return v;
            }
        }
        return -1;
    }

    /** Writes value {@code v}'s encoding into row {@code i} of {@code x} (in place). */
    public void set(float[] x, int rowOffset, int v) {
        System.arraycopy(encodings[v], 0, x, rowOffset + from, to - from);
    }

    /** The value with the largest prior (the baseline guess). */
    public int mode() {
        int best = 0;
        for (int v = 1; v < prior.length; v++) {
            if (prior[v] > prior[best]) {
                best = v;
            }
        }
        return best;
    }
}
