package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Distribution tests of the exact samplers against their exact pmfs. Each chi-square test runs at
 * level alpha = 1e-4 and is repeated three times with a majority vote, so a correct sampler fails
 * with probability about 3e-8; fixed seeds make every run identical. Each test is paired with a
 * deliberately wrong sampler that the same test must reject.
 */
class ExactSamplersTest {

    private static final double ALPHA = 1e-4;
    private static final int N = 100_000;

    @Test
    void uniformIsInRangeAndRejectsBadBound() {
        SecureRandom r = NoiseRandom.insecureSeededForTests(1);
        long[] counts = new long[7];
        for (int i = 0; i < 70_000; i++) {
            counts[(int) ExactSamplers.uniform(7, r)]++;
        }
        // each count ~ Binomial(70000, 1/7): sd ~ 92; 6 sd bounds, false failure < 1e-8 per cell
        for (long c : counts) {
            assertThat(c).isBetween(10_000L - 552, 10_000L + 552);
        }
        assertThat(ExactSamplers.uniform(1, r)).isZero();
        assertThatThrownBy(() -> ExactSamplers.uniform(0, r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bound must be >= 1. Provided value: 0");
        BigInteger big = BigInteger.ONE.shiftLeft(100).add(BigInteger.valueOf(3));
        for (int i = 0; i < 1000; i++) {
            BigInteger u = ExactSamplers.uniform(big, r);
            assertThat(u.signum()).isGreaterThanOrEqualTo(0);
            assertThat(u).isLessThan(big);
        }
    }

    @Test
    void bernoulliExpMinusMatchesExpOfMinusGamma() {
        // gamma in [0,1], > 1 (whole part loop), and the BigInteger path; n = 200000 draws each,
        // tolerance 6 binomial standard deviations (false failure < 2e-9 each)
        long[][] cases = {{3, 10}, {17, 10}, {5, 2}, {0, 1}};
        SecureRandom r = NoiseRandom.insecureSeededForTests(2);
        for (long[] c : cases) {
            double p = Math.exp(-(double) c[0] / c[1]);
            int n = 200_000;
            int hits = 0;
            int hitsBig = 0;
            BigInteger bn = BigInteger.valueOf(c[0]).shiftLeft(70);
            BigInteger bd = BigInteger.valueOf(c[1]).shiftLeft(70);
            for (int i = 0; i < n; i++) {
                if (ExactSamplers.bernoulliExpMinus(c[0], c[1], r)) {
                    hits++;
                }
                if (ExactSamplers.bernoulliExpMinus(bn, bd, r)) {
                    hitsBig++;
                }
            }
            double tol = 6 * Math.sqrt(n * p * (1 - p)) + 1e-9;
            assertThat((double) hits).as("gamma=%d/%d", c[0], c[1]).isBetween(n * p - tol, n * p + tol);
            assertThat((double) hitsBig).as("big gamma=%d/%d", c[0], c[1]).isBetween(n * p - tol, n * p + tol);
        }
    }

    static double discreteLaplacePmf(long z, double scale) {
        double p = Math.exp(-1 / scale);
        return (1 - p) / (1 + p) * Math.pow(p, Math.abs(z));
    }

    @Test
    void discreteLaplaceMatchesPmf() {
        for (long[] ts : new long[][] {{3, 2}, {1, 1}, {7, 1}, {1, 3}}) {
            double scale = (double) ts[0] / ts[1];
            boolean ok = StatisticalTests.majority(rep -> {
                SecureRandom r = NoiseRandom.insecureSeededForTests(100 + rep);
                long[] s = new long[N];
                for (int i = 0; i < N; i++) {
                    s[i] = ExactSamplers.discreteLaplace(ts[0], ts[1], r);
                }
                return StatisticalTests.chiSquareAccepts(s, z -> discreteLaplacePmf(z, scale), -60, 60, ALPHA);
            });
            assertThat(ok).as("scale %d/%d", ts[0], ts[1]).isTrue();
        }
    }

    @Test
    void chiSquareRejectsDiscreteLaplaceWithWrongScale() {
        // a sampler with scale 3.3 (10% too large) tested against the pmf of scale 3
        boolean ok = StatisticalTests.majority(rep -> {
            SecureRandom r = NoiseRandom.insecureSeededForTests(200 + rep);
            long[] s = new long[N];
            for (int i = 0; i < N; i++) {
                s[i] = ExactSamplers.discreteLaplace(33, 10, r);
            }
            return StatisticalTests.chiSquareAccepts(s, z -> discreteLaplacePmf(z, 3.0), -60, 60, ALPHA);
        });
        assertThat(ok).isFalse();
    }

    @Test
    void discreteGaussianMatchesPmf() {
        // {9 * 2^24, 2^26} is 9/4 with a large denominator: rare large proposals take the BigInteger acceptance path
        for (long[] s2 : new long[][] {{9, 4}, {1, 1}, {10, 1}, {1, 9}, {400, 1}, {150_994_944L, 67_108_864L}}) {
            double sigma = Math.sqrt((double) s2[0] / s2[1]);
            double norm = DiscreteGaussianPmf.normaliser(sigma);
            boolean ok = StatisticalTests.majority(rep -> {
                SecureRandom r = NoiseRandom.insecureSeededForTests(300 + rep);
                long[] s = new long[N];
                for (int i = 0; i < N; i++) {
                    s[i] = ExactSamplers.discreteGaussian(s2[0], s2[1], r);
                }
                return StatisticalTests.chiSquareAccepts(s, z -> DiscreteGaussianPmf.pmf(z, sigma, norm), -120, 120, ALPHA);
            });
            assertThat(ok).as("sigma^2 = %d/%d", s2[0], s2[1]).isTrue();
        }
    }

    @Test
    void chiSquareRejectsDiscreteGaussianWithWrongSigmaAndRoundedContinuousGaussian() {
        double sigma = 1.5;
        double norm = DiscreteGaussianPmf.normaliser(sigma);
        boolean wrongSigma = StatisticalTests.majority(rep -> {
            SecureRandom r = NoiseRandom.insecureSeededForTests(400 + rep);
            long[] s = new long[N];
            for (int i = 0; i < N; i++) {
                s[i] = ExactSamplers.discreteGaussian(27225, 10000, r); // sigma 1.65
            }
            return StatisticalTests.chiSquareAccepts(s, z -> DiscreteGaussianPmf.pmf(z, sigma, norm), -60, 60, ALPHA);
        });
        assertThat(wrongSigma).isFalse();
        // rounding a continuous Gaussian is a different distribution (visible at small sigma)
        double sigma2 = 0.6;
        double norm2 = DiscreteGaussianPmf.normaliser(sigma2);
        boolean rounded = StatisticalTests.majority(rep -> {
            java.util.Random r = new java.util.Random(500 + rep);
            long[] s = new long[N];
            for (int i = 0; i < N; i++) {
                s[i] = Math.round(r.nextGaussian() * sigma2);
            }
            return StatisticalTests.chiSquareAccepts(s, z -> DiscreteGaussianPmf.pmf(z, sigma2, norm2), -60, 60, ALPHA);
        });
        assertThat(rounded).isFalse();
    }

    @Test
    void discreteGaussianLargeSigmaMoments() {
        // sigma = 2^30 (the grid Gaussian's regime): mean and variance over 20000 draws.
        // mean sd = sigma/sqrt(n); 6 sd -> false failure 2e-9. variance sd = sigma^2 sqrt(2/n); 6 sd.
        SecureRandom r = NoiseRandom.insecureSeededForTests(6);
        BigInteger s2 = BigInteger.ONE.shiftLeft(60);
        int n = 20_000;
        double sum = 0;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double z = ExactSamplers.discreteGaussian(s2, BigInteger.ONE, r);
            sum += z;
            sumSq += z * z;
        }
        double sigma = 0x1p30;
        assertThat(Math.abs(sum / n)).isLessThan(6 * sigma / Math.sqrt(n));
        assertThat(Math.abs(sumSq / n / (sigma * sigma) - 1)).isLessThan(6 * Math.sqrt(2.0 / n));
    }

    @Test
    void badParametersAreRejected() {
        SecureRandom r = NoiseRandom.insecureSeededForTests(7);
        assertThatThrownBy(() -> ExactSamplers.discreteLaplace(0, 1, r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("t >= 1");
        assertThatThrownBy(() -> ExactSamplers.discreteGaussian(0, 1, r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sigma^2 must be > 0");
        assertThatThrownBy(() -> ExactSamplers.bernoulli(3, 2, r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 <= num <= den");
        assertThatThrownBy(() -> ExactSamplers.bernoulliExpMinus(-1, 2, r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("num >= 0");
    }

    @Test
    void seededSourceIsDeterministic() {
        SecureRandom a = NoiseRandom.insecureSeededForTests(42);
        SecureRandom b = NoiseRandom.insecureSeededForTests(42);
        for (int i = 0; i < 100; i++) {
            assertThat(ExactSamplers.discreteGaussian(5, 1, a)).isEqualTo(ExactSamplers.discreteGaussian(5, 1, b));
        }
        assertThat(NoiseRandom.insecureSeededForTests(42).getAlgorithm()).contains("Insecure");
    }
}
