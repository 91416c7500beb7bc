package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;
import org.privet.he.rlwe.RlweParameters;

/**
 * Measured noise (infinity norm of the error polynomial, in coefficient units) after fresh encryption, key
 * switching (relinearisation, rotation) and rescaling, against the theoretical high-probability bounds.
 * Each bound is 8 standard deviations of the per-coefficient noise (plus worst-case rounding terms): with
 * N = 1024 coefficients the chance that any one exceeds it is below 1e-12 (Gaussian tail), so the tests
 * fail only if the implementation is wrong. N = 2^10, sigma = 3.2, ternary secret.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NoiseTest {
    private static final double SIGMA = RlweParameters.SIGMA;
    private Fixture f;
    private int n;
    private double[] x;
    private double[] y;

    @BeforeAll
    void setUp() {
        f = Fixture.small();
        n = f.params.n();
        x = Fixture.randomValues(f.params.slots(), 31);
        y = Fixture.randomValues(f.params.slots(), 32);
    }

    /** Infinity norm of the centred coefficients of {@code a - b} (both NTT form, same level). */
    private double diffNorm(RnsPoly a, RnsPoly b) {
        RnsPoly d = a.copy().subInPlace(b).inttInPlace();
        double m = 0;
        for (double v : f.encoder.toCenteredDoubles(d)) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    @Test
    void freshSecretKeyNoiseIsTheClippedGaussian() {
        Plaintext pt = f.encoder.encode(x);
        double e = diffNorm(f.decryptor.decrypt(f.symmetric.encrypt(pt)).poly, pt.poly);
        // e is one Gaussian sample per coefficient, clipped at 6 sigma = 19.2
        report("fresh, secret key", e, 19.0);
        assertThat(e).isLessThanOrEqualTo(19.0).isGreaterThanOrEqualTo(SIGMA);
    }

    @Test
    void freshPublicKeyNoiseIsWithinItsBound() {
        Plaintext pt = f.encoder.encode(x);
        double e = diffNorm(f.decryptor.decrypt(f.encryptor.encrypt(pt)).poly, pt.poly);
        // e0 + u e + e1 s: per-coefficient variance sigma^2 (1 + 2 * (2N/3)) (u, s ternary with P(nonzero) = 2/3)
        double sd = SIGMA * Math.sqrt(1 + 4.0 * n / 3);
        report("fresh, public key", e, 8 * sd);
        assertThat(e).isLessThan(8 * sd).isGreaterThan(sd);
    }

    private double keySwitchBound(int level) {
        Ring ring = f.params.rlwe().ring();
        int alpha = f.params.rlwe().alpha();
        int k = ring.specialCount();
        int digits = (level + alpha) / alpha;
        double p = 1;
        for (int t = 0; t < k; t++) {
            p *= ring.p(t).value();
        }
        double maxDigit = 0;
        for (int j = 0; j < digits; j++) {
            double d = 1;
            for (int i = j * alpha; i < Math.min(level + 1, (j + 1) * alpha); i++) {
                d *= ring.q(i).value();
            }
            maxDigit = Math.max(maxDigit, d);
        }
        // sum_j ModUp(c_j) e_j / P with |ModUp(c_j)| < alpha D_j, plus the ModDown floor (< k + 1 per component)
        double gadget = 8 * alpha * maxDigit * SIGMA * Math.sqrt((double) n * digits) / p;
        double rounding = (k + 1) * (1 + 8 * Math.sqrt(2.0 * n / 3));
        return gadget + rounding;
    }

    @Test
    void relinearisationAddsOnlyKeySwitchingNoise() {
        for (int level : new int[] {f.params.maxLevel(), 2, 1}) {
            Ciphertext a = f.evaluator.dropLevel(f.encryptor.encrypt(x), level);
            Ciphertext b = f.evaluator.dropLevel(f.encryptor.encrypt(y), level);
            Ciphertext deg2 = f.evaluator.multiply(a, b);
            double e = diffNorm(f.decryptor.decrypt(f.evaluator.relinearize(deg2)).poly, f.decryptor.decrypt(deg2).poly);
            report("relinearisation at level " + level, e, keySwitchBound(level));
            assertThat(e).as("level %d", level).isLessThan(keySwitchBound(level));
        }
    }

    @Test
    void rotationAddsOnlyKeySwitchingNoise() {
        Ring ring = f.params.rlwe().ring();
        Ciphertext a = f.encryptor.encrypt(x);
        for (int k : new int[] {1, -5}) {
            int g = ring.galoisElementForRotation(k);
            RnsPoly before = f.decryptor.decrypt(a).poly;
            RnsPoly permuted = new RnsPoly(before.basis());
            before.automorphism(g, ring.automorphismNttIndex(g), permuted);
            double e = diffNorm(f.decryptor.decrypt(f.evaluator.rotate(a, k)).poly, permuted);
            report("rotation by " + k, e, keySwitchBound(f.params.maxLevel()));
            assertThat(e).as("rotation %d", k).isLessThan(keySwitchBound(f.params.maxLevel()));
        }
    }

    @Test
    void rescaleDividesWithRoundingError() {
        Ciphertext a = f.evaluator.multiplyRelin(f.encryptor.encrypt(x), f.encryptor.encrypt(y));
        int l = a.level();
        double ql = f.params.q(l);
        RnsPoly before = f.decryptor.decrypt(a).poly.copy().inttInPlace();
        double[] exact = f.encoder.toCenteredDoubles(before);
        RnsPoly after = f.decryptor.decrypt(f.evaluator.rescale(a)).poly.copy().inttInPlace();
        double[] got = f.encoder.toCenteredDoubles(after);
        double e = 0;
        for (int i = 0; i < n; i++) {
            e = Math.max(e, Math.abs(got[i] - exact[i] / ql));
        }
        // (t0 + t1 s) / q_l with |t_i| <= q_l / 2 uniform: per-coefficient sd sqrt((1 + 2N/3) / 12); + 1 for doubles
        double bound = 8 * Math.sqrt((1 + 2.0 * n / 3) / 12) + 1;
        report("rescale", e, bound);
        assertThat(e).isLessThan(bound);
    }

    private static void report(String what, double measured, double bound) {
        System.out.printf(java.util.Locale.ROOT, "noise %-28s measured %10.2f  bound %10.2f%n", what, measured, bound);
    }
}
