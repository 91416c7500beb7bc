package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every operation against plaintext arithmetic on random vectors in [-1, 1) (fixed seeds). Tolerances: fresh
 * noise is ~ 8 sigma sqrt(4N/3) / scale ~ 2^-29 in the coefficients; the canonical embedding multiplies by at
 * most sqrt(N) in each slot, so a fresh slot error is below 2^-20; each operation adds a few such terms, so
 * 1e-5 leaves a margin of more than 10x (the tests below print nothing and fail if an operation is wrong,
 * since a wrong operation gives errors of order 1).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CkksEvaluatorTest {
    private static final double TOL = 1e-5;
    private Fixture f;
    private double[] x;
    private double[] y;
    private Ciphertext cx;
    private Ciphertext cy;

    @BeforeAll
    void setUp() {
        f = Fixture.small();
        x = Fixture.randomValues(f.params.slots(), 21);
        y = Fixture.randomValues(f.params.slots(), 22);
        cx = f.encryptor.encrypt(x);
        cy = f.encryptor.encrypt(y);
    }

    private double[] dec(Ciphertext c) {
        return f.decryptor.decryptValues(c);
    }

    @Test
    void encodeDecodeAndEncryptDecryptRoundTrip() {
        assertThat(Fixture.maxError(f.encoder.decode(f.encoder.encode(x)), x)).isLessThan(1e-9);
        double[][] z = f.encoder.decodeComplex(f.encoder.encode(x, y, 2, Math.scalb(1.0, 45)));
        assertThat(Fixture.maxError(z[0], x)).isLessThan(1e-9);
        assertThat(Fixture.maxError(z[1], y)).isLessThan(1e-9);
        assertThat(Fixture.maxError(dec(cx), x)).isLessThan(TOL);
        assertThat(Fixture.maxError(dec(f.symmetric.encrypt(f.encoder.encode(x))), x)).isLessThan(TOL);
        // a large scale (2^80 > 2^63) goes through the BigInteger path of encoding and the multi-limb CRT of decoding
        Plaintext big = f.encoder.encode(x, 3, Math.scalb(1.0, 80));
        assertThat(Fixture.maxError(f.decryptor.decryptValues(f.encryptor.encrypt(big)), x)).isLessThan(TOL);
        // negative values of large magnitude
        double[] large = x.clone();
        for (int i = 0; i < large.length; i++) {
            large[i] *= 1000;
        }
        assertThat(Fixture.maxError(dec(f.encryptor.encrypt(large)), large)).isLessThan(1000 * TOL);
    }

    @Test
    void addSubNegateAndConstants() {
        double[] sum = new double[x.length];
        double[] diff = new double[x.length];
        double[] neg = new double[x.length];
        double[] plusC = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            sum[i] = x[i] + y[i];
            diff[i] = x[i] - y[i];
            neg[i] = -x[i];
            plusC[i] = x[i] - 2.5;
        }
        assertThat(Fixture.maxError(dec(f.evaluator.add(cx, cy)), sum)).isLessThan(TOL);
        assertThat(Fixture.maxError(dec(f.evaluator.sub(cx, cy)), diff)).isLessThan(TOL);
        assertThat(Fixture.maxError(dec(f.evaluator.negate(cx)), neg)).isLessThan(TOL);
        assertThat(Fixture.maxError(dec(f.evaluator.addConstant(cx, -2.5)), plusC)).isLessThan(TOL);
        Plaintext py = f.encoder.encode(y, f.params.maxLevel(), cx.scale());
        assertThat(Fixture.maxError(dec(f.evaluator.addPlain(cx, py)), sum)).isLessThan(TOL);
    }

    @Test
    void multiplicationsRelinearisationAndRescale() {
        double[] prod = new double[x.length];
        double[] cube = new double[x.length];
        double[] scaled = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            prod[i] = x[i] * y[i];
            cube[i] = x[i] * x[i] * x[i];
            scaled[i] = -0.3 * x[i];
        }
        Ciphertext deg2 = f.evaluator.multiply(cx, cy);
        assertThat(deg2.degree()).isEqualTo(2);
        assertThat(Fixture.maxError(dec(deg2), prod)).isLessThan(TOL);
        Ciphertext m = f.evaluator.multiplyRelinRescale(cx, cy);
        assertThat(m.degree()).isEqualTo(1);
        assertThat(m.level()).isEqualTo(f.params.maxLevel() - 1);
        assertThat(m.scale()).isCloseTo(cx.scale() * cy.scale() / f.params.q(f.params.maxLevel()), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(Fixture.maxError(dec(m), prod)).isLessThan(TOL);
        Ciphertext sq = f.evaluator.multiplyRelinRescale(cx, cx);
        Ciphertext c3 = f.evaluator.multiplyRelinRescale(sq, cx); // operands at different levels
        assertThat(c3.level()).isEqualTo(f.params.maxLevel() - 2);
        assertThat(Fixture.maxError(dec(c3), cube)).isLessThan(TOL);
        Plaintext py = f.encoder.encode(y, f.params.maxLevel(), f.params.defaultScale());
        assertThat(Fixture.maxError(dec(f.evaluator.rescale(f.evaluator.multiplyPlain(cx, py))), prod)).isLessThan(TOL);
        Ciphertext k = f.evaluator.rescale(f.evaluator.multiplyConstant(cx, -0.3, f.params.q(f.params.maxLevel())));
        assertThat(k.scale()).isCloseTo(cx.scale(), org.assertj.core.data.Offset.offset(1e-6 * cx.scale()));
        assertThat(Fixture.maxError(dec(k), scaled)).isLessThan(TOL);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 8, 100, -1, -5})
    void rotationMovesSlotJPlusKToJ(int k) {
        int n = x.length;
        double[] expected = new double[n];
        for (int j = 0; j < n; j++) {
            expected[j] = x[Math.floorMod(j + k, n)];
        }
        assertThat(Fixture.maxError(dec(f.evaluator.rotate(cx, k)), expected)).isLessThan(TOL);
        // also after a rescale (key switching at a lower level, with a partial digit)
        Ciphertext low = f.evaluator.dropLevel(cx, 2);
        assertThat(Fixture.maxError(dec(f.evaluator.rotate(low, k)), expected)).isLessThan(TOL);
    }

    /**
     * Key switching with 20 one-prime digits of 61 bits (the lazy inner product folds its high word every
     * 16 digits here; its overflow bound itself is tested with worst-case residues in KeySwitcherTest).
     */
    @Test
    void keySwitchingWithManyLargeDigits() {
        int[] q = new int[20];
        java.util.Arrays.fill(q, 61);
        Fixture fx = new Fixture(CkksParameters.insecure(10, q, new int[] {61}, 40), 4, 3);
        Ciphertext a = fx.encryptor.encrypt(x);
        Ciphertext b = fx.encryptor.encrypt(y);
        double[] prod = fx.decryptor.decryptValues(fx.evaluator.multiplyRelin(a, b)); // scale 2^80: a rescale by 61 bits would leave 2^19
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            expected[i] = x[i] * y[i];
        }
        assertThat(Fixture.maxError(prod, expected)).isLessThan(TOL);
        double[] rot = fx.decryptor.decryptValues(fx.evaluator.rotate(a, 3));
        for (int j = 0; j < x.length; j++) {
            expected[j] = x[(j + 3) % x.length];
        }
        assertThat(Fixture.maxError(rot, expected)).isLessThan(TOL);
    }

    /** Hoisted rotations (one decomposition, many keys) are bit-identical to one rotation at a time. */
    @Test
    void hoistedRotationsEqualSingleRotationsBitForBit() {
        int[] ks = {1, 0, -5, 100, 8, 1};
        for (Fixture fx : new Fixture[] {f, // alpha = 2, also with a partial digit below the top level
            new Fixture(CkksParameters.insecure(10, new int[] {50, 40, 40}, new int[] {60}, 40), 3, 1, -5, 100, 8)}) {
            Ciphertext top = fx.encryptor.encrypt(x);
            for (Ciphertext c : new Ciphertext[] {top, fx.evaluator.dropLevel(top, 1)}) {
                Ciphertext[] h = fx.evaluator.rotateHoisted(c, ks);
                assertThat(h).hasSize(ks.length);
                for (int i = 0; i < ks.length; i++) {
                    Ciphertext single = fx.evaluator.rotate(c, ks[i]);
                    assertThat(h[i].level()).isEqualTo(c.level());
                    assertThat(h[i].c[0].sameValue(single.c[0]) && h[i].c[1].sameValue(single.c[1]))
                            .as("rotation by %d at level %d", ks[i], c.level()).isTrue();
                }
            }
            double[] r = fx.decryptor.decryptValues(fx.evaluator.rotateHoisted(top, new int[] {-5})[0]);
            for (int j = 0; j < 10; j++) {
                assertThat(r[j]).isCloseTo(x[Math.floorMod(j - 5, x.length)], org.assertj.core.data.Offset.offset(TOL));
            }
        }
        assertThatThrownBy(() -> f.evaluator.rotateHoisted(cx, new int[] {1, 7})).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rotation by 7");
    }

    @Test
    void conjugationAndInnerSum() {
        Ciphertext cz = f.encryptor.encrypt(f.encoder.encode(x, y, f.params.maxLevel(), f.params.defaultScale()));
        double[][] z = f.encoder.decodeComplex(f.decryptor.decrypt(f.evaluator.conjugate(cz)));
        assertThat(Fixture.maxError(z[0], x)).isLessThan(TOL);
        double[] negY = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            negY[i] = -y[i];
        }
        assertThat(Fixture.maxError(z[1], negY)).isLessThan(TOL);
        double[] s = dec(f.evaluator.innerSum(cx, 16));
        for (int b = 0; b < x.length; b += 16) {
            double expected = 0;
            for (int j = 0; j < 16; j++) {
                expected += x[b + j];
            }
            assertThat(s[b]).as("block %d", b / 16).isCloseTo(expected, org.assertj.core.data.Offset.offset(16 * TOL));
        }
    }

    @Test
    void polynomialEvaluationHitsTheTargetScale() {
        double[] c = {0.5, 0.197, 0, -0.004, 0.0002};
        Ciphertext r = f.evaluator.evaluatePolynomial(cx, c, f.params.defaultScale());
        assertThat(r.scale()).isCloseTo(f.params.defaultScale(), org.assertj.core.data.Offset.offset(1e-6 * f.params.defaultScale()));
        assertThat(r.level()).isEqualTo(f.params.maxLevel() - 3);
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            expected[i] = 0.5 + 0.197 * v - 0.004 * v * v * v + 0.0002 * v * v * v * v;
        }
        assertThat(Fixture.maxError(dec(r), expected)).isLessThan(TOL);
    }

    @Test
    void misuseIsAClearError() {
        Ciphertext bottom = f.evaluator.dropLevel(cx, 0);
        assertThatThrownBy(() -> f.evaluator.rescale(bottom)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("levels exhausted");
        assertThatThrownBy(() -> f.evaluator.evaluatePolynomial(bottom, new double[] {0, 1, 1}, 1e10))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("levels exhausted");
        Ciphertext m = f.evaluator.multiply(cx, cy);
        assertThatThrownBy(() -> f.evaluator.add(cx, m.withScale(m.scale()).withScale(2 * cx.scale())))
                .hasMessageContaining("equal scales");
        assertThatThrownBy(() -> f.evaluator.rotate(cx, 7)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("rotation by 7");
        Fixture other = new Fixture(f.params, 99);
        assertThatThrownBy(() -> other.decryptor.decrypt(cx)).hasMessageContaining("another key");
        assertThatThrownBy(() -> f.evaluator.add(cx, other.encryptor.encrypt(x))).hasMessageContaining("different keys");
        assertThatThrownBy(() -> other.evaluator.relinearize(f.evaluator.multiply(cx, cy)))
                .hasMessageContaining("another secret key");
        Fixture otherParams = new Fixture(CkksParameters.insecure(10, new int[] {50, 40}, new int[] {50}, 40), 5);
        assertThatThrownBy(() -> otherParams.evaluator.add(cx, cx)).hasMessageContaining("other parameters");
        assertThatThrownBy(() -> f.encoder.encode(new double[f.params.slots() + 1])).hasMessageContaining("at most N/2");
        assertThatThrownBy(() -> f.encoder.encode(new double[] {Double.NaN})).hasMessageContaining("finite");
        assertThatThrownBy(() -> new Evaluator(f.params, null).relinearize(m)).isInstanceOf(IllegalStateException.class);
    }
}
