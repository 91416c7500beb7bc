package org.privet.dp.noise;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import java.util.function.LongToDoubleFunction;

/** Goodness-of-fit tests used by the distribution tests (each is checked to reject a wrong sampler). */
final class StatisticalTests {

    private StatisticalTests() {
    }

    /**
     * Pearson chi-square test of integer samples against a pmf: bins are the integers in [lo, hi]
     * plus the two tails; adjacent bins with expected count below 5 are merged. Returns true when the
     * statistic is below the (1 - alpha) quantile of chi-square (Wilson-Hilferty approximation).
     */
    static boolean chiSquareAccepts(long[] samples, LongToDoubleFunction pmf, long lo, long hi, double alpha) {
        int bins = (int) (hi - lo + 3);
        double[] expected = new double[bins];
        long[] observed = new long[bins];
        double inside = 0;
        for (long z = lo; z <= hi; z++) {
            expected[(int) (z - lo + 1)] = pmf.applyAsDouble(z);
            inside += expected[(int) (z - lo + 1)];
        }
        // split the outside mass evenly between the tails when symmetric: compute the left tail directly
        double left = 0;
        for (long z = lo - 1; z > lo - 100_000; z--) {
            double p = pmf.applyAsDouble(z);
            left += p;
            if (p < 1e-300) {
                break;
            }
        }
        expected[0] = left;
        expected[bins - 1] = Math.max(0, 1 - inside - left);
        for (long s : samples) {
            int b = s < lo ? 0 : s > hi ? bins - 1 : (int) (s - lo + 1);
            observed[b]++;
        }
        int n = samples.length;
        double stat = 0;
        int df = -1;
        double e = 0;
        long o = 0;
        for (int b = 0; b < bins; b++) {
            e += expected[b] * n;
            o += observed[b];
            if (e >= 5 || b == bins - 1) {
                if (e > 0) {
                    stat += (o - e) * (o - e) / e;
                    df++;
                } else if (o > 0) {
                    return false; // an impossible value was observed
                }
                e = 0;
                o = 0;
            }
        }
        return stat <= chiSquareQuantile(df, 1 - alpha);
    }

    /** Wilson-Hilferty approximation of the chi-square quantile. */
    static double chiSquareQuantile(int df, double p) {
        double z = NormalDistribution.quantile(p);
        double a = 2.0 / (9.0 * df);
        double v = 1 - a + z * Math.sqrt(a);
        return df * v * v * v;
    }

    /** Two-sided one-sample Kolmogorov-Smirnov test; true when D is below the alpha critical value (asymptotic). */
    static boolean ksAccepts(double[] samples, DoubleUnaryOperator cdf, double alpha) {
        double[] s = samples.clone();
        Arrays.sort(s);
        int n = s.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        double critical = Math.sqrt(-Math.log(alpha / 2) / (2.0 * n));
        return d <= critical;
    }

    /** Majority vote of three repeats (STYLE item 13c): the test passes when at least two repeats pass. */
    static boolean majority(java.util.function.IntPredicate repeatPasses) {
        int passes = 0;
        for (int r = 0; r < 3; r++) {
            if (repeatPasses.test(r)) {
                passes++;
            }
        }
        return passes >= 2;
    }

    static double laplaceCdf(double x, double b) {
        return x < 0 ? 0.5 * Math.exp(x / b) : 1 - 0.5 * Math.exp(-x / b);
    }
}
