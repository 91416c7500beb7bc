package org.privet.he.inference;

import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksDecryptor;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.Encoder;
import org.privet.he.ckks.Evaluator;
import org.privet.he.ckks.Plaintext;

/**
 * Encrypted inference of a two-layer perceptron {@code y = W2 act(W1 x + b1) + b2} with a polynomial
 * activation {@code act} (for example {@link PolynomialApproximation#chebyshev} of ReLU), one sample per
 * ciphertext.
 *
 * <p>Matrix-vector products use the diagonal method of Halevi and Shoup (2014): with the input replicated
 * with period {@code n = nextPowerOfTwo(max(d, h, c))} over all slots, {@code W x = sum_k diag_k(W) * rot(x, k)}
 * where {@code diag_k[i] = W[i][(i + k) mod n]}; the output is again replicated with period {@code n}, so
 * layers chain. Needs the Galois keys of rotations {@code 1..n-1} ({@link #rotations()}). Levels:
 * {@code 1 + (ceil(log2 deg) + 1) + 1} (4 for a quadratic activation: the N13 preset).
 *
 * <p>Immutable; thread safe.
 */
public final class EncryptedMlp {
    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;
    private final double[] act;
    private final int n;

    /**
     * @param w1 {@code [h][d]} first-layer weights
     * @param b1 {@code [h]} first-layer bias
     * @param w2 {@code [c][h]} second-layer weights
     * @param b2 {@code [c]} second-layer bias
     * @param activation monomial coefficients of the activation polynomial, degree {@code >= 1}
     */
    public EncryptedMlp(double[][] w1, double[] b1, double[][] w2, double[] b2, double[] activation) {
        int h = w1.length;
        if (h == 0 || w1[0].length == 0 || b1.length != h || w2.length == 0 || b2.length != w2.length) {
            throw new IllegalArgumentException("shapes must be w1 [h][d], b1 [h], w2 [c][h], b2 [c] with h, d, c >= 1");
        }
        int d = w1[0].length;
        for (double[] r : w1) {
            if (r.length != d) {
                throw new IllegalArgumentException("w1 rows must all have d = " + d + " entries. Provided: " + r.length);
            }
        }
        for (double[] r : w2) {
            if (r.length != h) {
                throw new IllegalArgumentException("w2 rows must have h = " + h + " entries. Provided: " + r.length);
            }
        }
        if (activation.length < 2) {
            throw new IllegalArgumentException("activation polynomial degree must be >= 1. Provided coefficients: "
                    + activation.length);
        }
        this.w1 = deepCopy(w1);
        this.b1 = b1.clone();
        this.w2 = deepCopy(w2);
        this.b2 = b2.clone();
        this.act = activation.clone();
        int m = Math.max(d, Math.max(h, w2.length));
        this.n = m == 1 ? 1 : Integer.highestOneBit(m - 1) << 1;
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
        }
        return r;
    }

    /** The replication period {@code n}. */
    public int period() {
        return n;
    }

    /** The rotations the evaluation keys must include: {@code 1..n-1}. */
    public int[] rotations() {
        int[] r = new int[n - 1];
        for (int k = 1; k < n; k++) {
            r[k - 1] = k;
        }
        return r;
    }

    /** Levels the server's computation consumes. */
    public int levelsNeeded() {
        int deg = act.length - 1;
        return 2 + (32 - Integer.numberOfLeadingZeros(deg - 1)) + 1;
    }

    /** Client: encrypts one sample {@code x} (length d), replicated with period n. */
    public Ciphertext encrypt(CkksParameters params, Encoder encoder, CkksEncryptor encryptor, double[] x) {
        if (x.length != w1[0].length) {
            throw new IllegalArgumentException("sample must have d = " + w1[0].length + " features. Provided: " + x.length);
        }
        if (n > params.slots()) {
            throw new IllegalArgumentException("period " + n + " exceeds the " + params.slots() + " slots");
        }
        double[] v = new double[params.slots()];
        for (int s = 0; s < v.length; s++) {
            int i = s % n;
            v[s] = i < x.length ? x[i] : 0;
        }
        return encryptor.encrypt(encoder.encode(v));
    }

    private Ciphertext layer(CkksParameters params, Encoder encoder, Evaluator ev, Ciphertext x, double[][] w,
            double[] b) {
        int level = x.level();
        double q = params.q(level);
        int slots = params.slots();
        Plaintext[] diagonals = new Plaintext[n];
        int[] shifts = new int[n];
        int count = 0;
        for (int k = 0; k < n; k++) {
            double[] diag = new double[slots];
            boolean any = false;
            for (int s = 0; s < slots; s++) {
                int i = s % n;
                int j = (i + k) % n;
                double v = i < w.length && j < w[i].length ? w[i][j] : 0;
                diag[s] = v;
                any |= v != 0;
            }
            if (any) {
                diagonals[count] = encoder.encode(diag, level, q);
                shifts[count++] = k;
            }
        }
        // all rotations of x share one key-switching decomposition (hoisting)
        Ciphertext[] rotated = ev.rotateHoisted(x, java.util.Arrays.copyOf(shifts, count));
        Ciphertext acc = null;
        for (int t = 0; t < count; t++) {
            Ciphertext term = ev.multiplyPlain(rotated[t], diagonals[t]);
            acc = acc == null ? term : ev.add(acc, term);
        }
        Ciphertext y = ev.rescale(acc);
        double[] bias = new double[slots];
        for (int s = 0; s < slots; s++) {
            int i = s % n;
            bias[s] = i < b.length ? b[i] : 0;
        }
        return ev.addPlain(y, encoder.encode(bias, y.level(), y.scale()));
    }

    /**
     * Server: the encrypted outputs, replicated with period n (output {@code i} in slot {@code i}).
     *
     * @throws IllegalStateException when the ciphertext has fewer than {@link #levelsNeeded()} levels
     */
    public Ciphertext evaluate(CkksParameters params, Encoder encoder, Evaluator evaluator, Ciphertext x) {
        if (x.level() < levelsNeeded()) {
            throw new IllegalStateException("encrypted MLP needs " + levelsNeeded() + " levels; the ciphertext has "
                    + x.level());
        }
        Ciphertext hidden = layer(params, encoder, evaluator, x, w1, b1);
        hidden = evaluator.evaluatePolynomial(hidden, act, params.defaultScale());
        return layer(params, encoder, evaluator, hidden, w2, b2);
    }

    /** Client: decrypts the {@code c} outputs. */
    public double[] decryptOutputs(CkksDecryptor decryptor, Ciphertext y) {
        double[] all = decryptor.decryptValues(y);
        double[] out = new double[w2.length];
        System.arraycopy(all, 0, out, 0, out.length);
        return out;
    }

    /** The same computation in plain arithmetic (with the polynomial activation). */
    public double[] evaluatePlain(double[] x) {
        double[] hidden = new double[w1.length];
        for (int i = 0; i < w1.length; i++) {
            double z = b1[i];
            for (int j = 0; j < x.length; j++) {
                z += w1[i][j] * x[j];
            }
            hidden[i] = PolynomialApproximation.evaluate(act, z);
        }
        double[] out = new double[w2.length];
        for (int i = 0; i < w2.length; i++) {
            double z = b2[i];
            for (int j = 0; j < hidden.length; j++) {
                z += w2[i][j] * hidden[j];
            }
            out[i] = z;
        }
        return out;
    }
}
