package org.privet.dp.noise;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;

/** Properties over generated parameters (jqwik, 100 tries each unless stated). */
class PropertiesTest {

    /** Analytic sigma meets its defining equation and is tight, for any (epsilon, delta) in range. */
    @Property(tries = 200)
    void analyticSigmaMeetsAndIsTight(@ForAll @DoubleRange(min = 0.01, max = 20) @Scale(6) double eps,
            @ForAll @IntRange(min = 1, max = 12) int negLogDelta, @ForAll @DoubleRange(min = 0.1, max = 100) @Scale(6) double l2) {
        double delta = Math.pow(10, -negLogDelta);
        double sigma = GaussianCalibration.analyticSigma(eps, delta, l2);
        assertThat(GaussianCalibration.delta(sigma, eps, l2)).isLessThanOrEqualTo(delta);
        assertThat(GaussianCalibration.delta(sigma * (1 - 1e-6), eps, l2)).isGreaterThan(delta);
    }

    /** Every finite non-negative double converts to the exact rational it denotes. */
    @Property
    void rationalOfDoubleIsExact(@ForAll @DoubleRange(min = 0, max = 1e300) @Scale(20) double x) {
        Rational r = Rational.ofDouble(x);
        assertThat(new BigDecimal(r.num()).compareTo(new BigDecimal(x).multiply(new BigDecimal(r.den())))).isZero();
    }

    /** Sensitivity norms are never below the exact ones. */
    @Property
    void sensitivityNormsRoundUp(@ForAll @IntRange(min = 1, max = 1000) int l0,
            @ForAll @DoubleRange(min = 1e-6, max = 1e6) @Scale(12) double lInf) {
        Sensitivity s = new Sensitivity(l0, lInf);
        BigDecimal exactL1 = new BigDecimal(lInf).multiply(BigDecimal.valueOf(l0));
        assertThat(new BigDecimal(s.l1())).isGreaterThanOrEqualTo(exactL1);
        // l2^2 >= l0 * lInf^2 exactly
        BigDecimal l2 = new BigDecimal(s.l2());
        BigDecimal li = new BigDecimal(lInf);
        assertThat(l2.multiply(l2)).isGreaterThanOrEqualTo(li.multiply(li).multiply(BigDecimal.valueOf(l0)));
    }

    /** Grid Laplace outputs are exact multiples of the granularity for any input and budget. */
    @Property(tries = 50)
    void laplaceOutputsOnGrid(@ForAll @DoubleRange(min = 1e-3, max = 10) @Scale(8) double eps,
            @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(8) double sens, @ForAll @DoubleRange(min = -1e12, max = 1e12) double x) {
        LaplaceMechanism m = LaplaceMechanism.builder().epsilon(eps).sensitivity(sens).insecureSeededForTests(1).build();
        double y = m.addNoise(x);
        assertThat(y / m.granularity()).isEqualTo(Math.rint(y / m.granularity()));
    }

    @org.junit.jupiter.api.Test
    void secureSourceIsBufferedUnpredictableAndThreadSafe() throws InterruptedException {
        java.security.SecureRandom r = NoiseRandom.secure();
        assertThat(r.getAlgorithm()).startsWith("Buffered(");
        assertThat(NoiseRandom.secure().nextLong()).isNotEqualTo(NoiseRandom.secure().nextLong()); // fails w.p. 2^-64
        // 4 threads x 20000 draws: no duplicates among 80000 64-bit values (collision probability ~2e-10)
        Set<Long> seen = ConcurrentHashMap.newKeySet();
        Thread[] ts = new Thread[4];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = new Thread(() -> {
                for (int k = 0; k < 20_000; k++) {
                    seen.add(r.nextLong());
                }
            });
            ts[i].start();
        }
        for (Thread t : ts) {
            t.join();
        }
        assertThat(seen).hasSize(80_000);
        Set<Boolean> bits = new HashSet<>();
        for (int i = 0; i < 64; i++) {
            bits.add(r.nextBoolean());
        }
        assertThat(bits).hasSize(2); // fails w.p. 2^-63
    }
}
