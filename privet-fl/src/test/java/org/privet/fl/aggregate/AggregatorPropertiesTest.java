package org.privet.fl.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties every rule must keep on any input: robust rules stay inside the coordinate-wise range of the
 * updates (they are built from order statistics, selections or convex combinations), and order-statistic
 * rules do not depend on the order of the clients. jqwik, 200 tries each from a fixed seed.
 */
class AggregatorPropertiesTest {
    private static final AggregationContext CTX = new AggregationContext(0, new float[1]);

    @Provide
    Arbitrary<float[][]> updates() {
        return Arbitraries.integers().between(1, 4).flatMap(d -> Arbitraries.floats().between(-100, 100).array(
                float[].class).ofSize(d).array(float[][].class).ofMinSize(7).ofMaxSize(15));
    }

    private static double[] ones(int n) {
        double[] w = new double[n];
        java.util.Arrays.fill(w, 1);
        return w;
    }

    private static void inRange(float[][] u, float[] r, String rule) {
        for (int j = 0; j < r.length; j++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (float[] row : u) {
                lo = Math.min(lo, row[j]);
                hi = Math.max(hi, row[j]);
            }
            float slack = 1e-4f * Math.max(1, Math.max(Math.abs(lo), Math.abs(hi)));
            assertThat(r[j]).as(rule + " coordinate " + j).isBetween(lo - slack, hi + slack);
        }
    }

    @Property(tries = 200, seed = "20261128")
    void robustRulesStayInsideTheCoordinateRange(@ForAll("updates") float[][] u) {
        int n = u.length;
        Aggregator[] rules = {new WeightedMean(true), new CoordinateMedian(), new TrimmedMean(0.2),
            new GeometricMedian(), new Krum(1, 1), new Krum(1, 3), new Bulyan(1), new NormClipping(1e9)};
        for (Aggregator a : rules) {
            inRange(u, a.aggregate(u, ones(n), CTX), a.name());
        }
    }

    @Property(tries = 200, seed = "20261128")
    void orderStatisticRulesIgnoreTheOrderOfClients(@ForAll("updates") float[][] u) {
        float[][] rev = new float[u.length][];
        for (int i = 0; i < u.length; i++) {
            rev[i] = u[u.length - 1 - i];
        }
        assertThat(new CoordinateMedian().aggregate(rev, ones(u.length), CTX))
                .containsExactly(new CoordinateMedian().aggregate(u, ones(u.length), CTX));
        float[] a = new TrimmedMean(0.2).aggregate(u, ones(u.length), CTX);
        float[] b = new TrimmedMean(0.2).aggregate(rev, ones(u.length), CTX);
        for (int j = 0; j < a.length; j++) {
            assertThat(b[j]).isCloseTo(a[j], org.assertj.core.data.Offset.offset(1e-3f));
        }
    }
}
