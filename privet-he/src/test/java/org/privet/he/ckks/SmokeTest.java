package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.he.ring.Prng;
import org.privet.he.rlwe.KeyGenerator;
import org.privet.he.rlwe.SecretKey;

class SmokeTest {
    @Test
    void roundTrip() {
        CkksParameters p = CkksParameters.insecure(10, new int[] {50, 40, 40, 40}, new int[] {50, 50}, 40);
        KeyGenerator kg = new KeyGenerator(p.rlwe(), Prng.insecureSeededForTests(1));
        SecretKey sk = kg.secretKey();
        var pk = kg.publicKey(sk);
        var ek = EvaluationKeys.generate(p, kg, sk, new int[] {1, 3, -2}, true);
        var enc = CkksEncryptor.ofPublicKey(p, pk, Prng.insecureSeededForTests(2));
        var dec = new CkksDecryptor(p, sk);
        var ev = new Evaluator(p, ek);
        double[] x = new double[p.slots()];
        double[] y = new double[p.slots()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
            y[i] = Math.cos(i * 0.3);
        }
        var cx = enc.encrypt(x);
        var cy = enc.encrypt(y);
        double[] d = dec.decryptValues(cx);
        System.out.println("enc " + maxErr(d, x));
        double[] prod = new double[x.length];
        for (int i = 0; i < x.length; i++) prod[i] = x[i] * y[i];
        var cm = ev.multiplyRelinRescale(cx, cy);
        System.out.println("mul " + maxErr(dec.decryptValues(cm), prod) + " level " + cm.level());
        double[] rot = new double[x.length];
        for (int i = 0; i < x.length; i++) rot[i] = x[(i + 1) % x.length];
        System.out.println("rot " + maxErr(dec.decryptValues(ev.rotate(cx, 1)), rot));
        for (int i = 0; i < x.length; i++) rot[i] = x[Math.floorMod(i - 2, x.length)];
        System.out.println("rot-2 " + maxErr(dec.decryptValues(ev.rotate(cx, -2)), rot));
        double[] poly = new double[x.length];
        for (int i = 0; i < x.length; i++) poly[i] = 0.5 + 0.2 * x[i] - 0.01 * x[i] * x[i] * x[i];
        System.out.println("poly " + maxErr(dec.decryptValues(ev.evaluatePolynomial(cx, new double[] {0.5, 0.2, 0, -0.01}, p.defaultScale())), poly));
        assertThat(maxErr(d, x)).isLessThan(1e-6);
    }

    static double maxErr(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }
}
