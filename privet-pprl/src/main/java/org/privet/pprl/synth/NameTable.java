package org.privet.pprl.synth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Names with population frequencies, sampled in proportion to them. The built-in tables are the US Census
 * Bureau's 1990 lists (public domain; see the resource README): {@link #maleFirstNames()} and {@link
 * #femaleFirstNames()} (top 1000 each) and {@link #surnames()} (top 1000). Names are upper case as in the source.
 * Immutable and thread-safe.
 */
public final class NameTable {
    private final String[] names;
    private final double[] cumulative; // cumulative[i] = sum of weights[0..i], last = total
    private final double[] weights;

    /** A table of names with positive, finite weights (any scale). */
    public NameTable(List<String> names, double[] weights) {
        if (names.isEmpty() || names.size() != weights.length) {
            throw new IllegalArgumentException("name table needs as many weights as names (at least one). Provided: "
                    + names.size() + " names, " + weights.length + " weights");
        }
        this.names = names.toArray(new String[0]);
        this.weights = weights.clone();
        this.cumulative = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) {
            if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                throw new IllegalArgumentException("weight of '" + names.get(i) + "' must be > 0 and finite. "
                        + "Provided value: " + weights[i]);
            }
            s += weights[i];
            cumulative[i] = s;
        }
    }

    private static final class Builtin {
        static final NameTable MALE = load("male-first.tsv");
        static final NameTable FEMALE = load("female-first.tsv");
        static final NameTable SURNAMES = load("surnames.tsv");
    }

    public static NameTable maleFirstNames() {
        return Builtin.MALE;
    }

    public static NameTable femaleFirstNames() {
        return Builtin.FEMALE;
    }

    public static NameTable surnames() {
        return Builtin.SURNAMES;
    }

    private static NameTable load(String resource) {
        try (InputStream in = NameTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new AssertionError("internal invariant: resource " + resource + " is in the jar");
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String> names = new ArrayList<>();
            double[] w = new double[1024];
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                int tab = line.indexOf('\t');
                if (tab <= 0) {
                    throw new AssertionError("internal invariant: " + resource + " line " + lineNo + " is NAME<TAB>percent");
                }
                if (names.size() == w.length) {
                    w = Arrays.copyOf(w, w.length * 2);
                }
                w[names.size()] = Double.parseDouble(line.substring(tab + 1));
                names.add(line.substring(0, tab));
            }
            return new NameTable(names, Arrays.copyOf(w, names.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read built-in name table " + resource, e);
        }
    }

    public int size() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    /** Probability of name {@code i} within this table. */
    public double probability(int i) {
        return weights[i] / cumulative[cumulative.length - 1];
    }

    /** A name drawn with probability proportional to its weight. */
    public String sample(RandomGenerator rng) {
        double u = rng.nextDouble() * cumulative[cumulative.length - 1];
        int i = Arrays.binarySearch(cumulative, u);
        i = i >= 0 ? i + 1 : -i - 1;
        return names[Math.min(i, names.length - 1)];
    }
}
