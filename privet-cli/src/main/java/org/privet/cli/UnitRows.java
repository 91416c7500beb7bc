package org.privet.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * The rows of one privacy unit read back from a bucket file by {@code privet dp aggregate --privacy-unit}, in memory
 * bounded by what the unit can contribute rather than by how many rows it has.
 *
 * <p>Up to {@code spill} rows are kept as they are (group and value, in file order): the common case, and exactly what
 * {@code PartitionedAggregation#addUnit} was given before. Beyond that (a unit with very many rows, e.g. a bot
 * account) only what the bounding can use is kept: per group a uniformly random sample of at most {@code perGroup}
 * rows (reservoir sampling, Vitter's Algorithm R, with indices from the given secure generator), and the unit's first
 * {@code first} values in file order (what {@code --auto-bounds} counts). {@code addUnit} keeps at most
 * {@code perGroup} rows per group, uniformly, in groups chosen uniformly among those the unit touched; a uniform
 * sample of a uniform sample is uniform, and every touched group keeps at least one row, so giving it the samples
 * releases the same distribution as giving it every row. Memory: at most {@code spill} rows, or
 * {@code first + groups x perGroup} values. Not thread-safe.
 */
final class UnitRows {
    private final int perGroup;
    private final int firstCap;
    private final int spill;
    private final RandomGenerator random;

    /** The rows while at most {@code spill}; null once spilled. */
    private String[] groups = new String[2];
    private double[] values = new double[2];
    private int n;

    /** After the spill: the first values, and one reservoir per group in order of first appearance. */
    private double[] first;
    private int firstN;
    private Map<String, Reservoir> reservoirs;

    /**
     * @param perGroup rows a unit may contribute per group, {@code >= 1}
     * @param first    values counted from the start of the unit ({@code --auto-bounds}), {@code >= 0}
     * @param spill    rows kept as they are before sampling starts, {@code >= 1}
     * @param random   the source of the sampling indices (a secure generator in production)
     */
    UnitRows(int perGroup, int first, int spill, RandomGenerator random) {
        if (perGroup < 1 || first < 0 || spill < 1) {
            throw new IllegalArgumentException("perGroup >= 1, first >= 0 and spill >= 1 required. Provided: "
                    + perGroup + ", " + first + ", " + spill);
        }
        this.perGroup = perGroup;
        this.firstCap = first;
        this.spill = spill;
        this.random = random;
    }

    void add(String group, double value) {
        if (reservoirs == null) {
            if (n < spill) {
                if (n == groups.length) {
                    int grown = (int) Math.min(spill, 2L * n);
                    groups = java.util.Arrays.copyOf(groups, grown);
                    values = java.util.Arrays.copyOf(values, grown);
                }
                groups[n] = group;
                values[n++] = value;
                return;
            }
            spillRows();
        }
        keepFirst(value);
        offer(group, value);
    }

    private void keepFirst(double value) {
        if (firstN < firstCap) {
            if (firstN == first.length) {
                first = java.util.Arrays.copyOf(first, (int) Math.min(firstCap, 2L * firstN));
            }
            first[firstN++] = value;
        }
    }

    /** Moves the kept rows into the first values and the reservoirs, in file order. */
    private void spillRows() {
        first = new double[Math.min(firstCap, 16)];
        reservoirs = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            keepFirst(values[i]);
            offer(groups[i], values[i]);
        }
        groups = null;
        values = null;
        n = 0;
    }

    private void offer(String group, double value) {
        Reservoir r = reservoirs.get(group);
        if (r == null) {
            r = new Reservoir(Math.min(perGroup, 16));
            reservoirs.put(group, r);
        }
        r.seen++;
        if (r.k < perGroup) {
            if (r.k == r.v.length) {
                r.v = java.util.Arrays.copyOf(r.v, (int) Math.min(perGroup, 2L * r.k));
            }
            r.v[r.k++] = value;
        } else {
            long j = random.nextLong(r.seen); // the seen-th row replaces a kept one with probability perGroup / seen
            if (j < perGroup) {
                r.v[(int) j] = value;
            }
        }
    }

    /** Whether sampling has started (more than {@code spill} rows). */
    boolean sampled() {
        return reservoirs != null;
    }

    /** The unit's first {@code min(first, rows)} values in file order, into a fresh array. */
    double[] firstValues() {
        if (reservoirs != null) {
            return java.util.Arrays.copyOf(first, firstN);
        }
        return java.util.Arrays.copyOf(values, Math.min(firstCap, n));
    }

    /** The rows to bound, as parallel arrays of equal length: every row, or the per-group samples once sampled. */
    Rows rows() {
        if (reservoirs == null) {
            return new Rows(groups, values, n);
        }
        int total = 0;
        for (Reservoir r : reservoirs.values()) {
            total += r.k;
        }
        String[] g = new String[total];
        double[] v = new double[total];
        int at = 0;
        for (Map.Entry<String, Reservoir> e : reservoirs.entrySet()) {
            Reservoir r = e.getValue();
            for (int i = 0; i < r.k; i++) {
                g[at] = e.getKey();
                v[at++] = r.v[i];
            }
        }
        return new Rows(g, v, total);
    }

    /** Rows {@code [0, n)} of {@code groups} and {@code values}. */
    record Rows(String[] groups, double[] values, int n) {
    }

    private static final class Reservoir {
        double[] v;
        int k;
        long seen;

        Reservoir(int capacity) {
            v = new double[capacity];
        }
    }
}
