package org.privet.he.inference;

import org.privet.he.ckks.Ciphertext;
import org.privet.he.ckks.CkksDecryptor;
import org.privet.he.ckks.CkksEncryptor;
import org.privet.he.ckks.CkksParameters;
import org.privet.he.ckks.Encoder;
import org.privet.he.ckks.Evaluator;
import org.privet.he.ckks.Plaintext;

/**
 * Encrypted inference of a binary logistic regression {@code p = sigmoid(w . x + b)} with CKKS: the client
 * encrypts a batch of feature vectors, the server (holding the plain model and only public evaluation keys)
 * computes encrypted probabilities, the client decrypts them.
 *
 * <p>Packing: each sample occupies a block of {@code B = nextPowerOfTwo(d)} slots, so a ciphertext carries
 * {@code N / 2 / B} samples. The server multiplies slot-wise by the weights replicated per block (encoded at
 * scale {@code q_L}, so the rescale restores the input scale exactly), sums each block by {@code log2 B}
 * rotations (by 1, 2, 4, ...), adds the bias and applies a degree-{@code k} Chebyshev approximation of the
 * sigmoid on {@code [-bound, bound]}. Levels used: {@code 1 + ceil(log2 k) + 1} (4 for the default degree 3,
 * within the N13 preset's 4). Logits outside {@code [-bound, bound]} get the polynomial's value, which
 * leaves the interval quickly: choose the bound from the model's logits on representative data.
 *
 * <p>The model has no dependency on privet-core: it takes plain weight arrays. Immutable; thread safe
 * (the evaluator and encryptor passed in have their own rules).
 */
public final class EncryptedLogisticRegression {
    private final double[] weights;
    private final double bias;
    private final double[] sigmoidCoeffs;
    private final int blockSize;
    private final double bound;

    /**
     * @param weights {@code d >= 1} finite weights
     * @param bias finite bias
     * @param bound approximation interval {@code [-bound, bound]} of the logits, {@code > 0}
     * @param degree degree of the sigmoid approximation, in {@code [1, 15]}
     */
    public EncryptedLogisticRegression(double[] weights, double bias, double bound, int degree) {
        if (weights.length == 0) {
            throw new IllegalArgumentException("weights must have at least one entry");
        }
        for (int i = 0; i < weights.length; i++) {
            if (!Double.isFinite(weights[i])) {
                throw new IllegalArgumentException("weights must be finite. Provided value at index " + i + ": " + weights[i]);
            }
        }
        if (!Double.isFinite(bias)) {
            throw new IllegalArgumentException("bias must be finite. Provided value: " + bias);
        }
        if (!(bound > 0) || Double.isInfinite(bound)) {
            throw new IllegalArgumentException("bound must be > 0 and finite. Provided value: " + bound);
        }
        this.weights = weights.clone();
        this.bias = bias;
        this.bound = bound;
        this.sigmoidCoeffs = PolynomialApproximation.chebyshev(PolynomialApproximation::sigmoid, -bound, bound, degree);
        this.blockSize = weights.length == 1 ? 1 : Integer.highestOneBit(weights.length - 1) << 1;
    }

    /** Slots per sample: the next power of two {@code >= d}. */
    public int blockSize() {
        return blockSize;
    }

    /** Samples per ciphertext for the given parameters. */
    public int samplesPerCiphertext(CkksParameters params) {
        return params.slots() / blockSize;
    }

    /** The rotations the server's evaluation keys must include: 1, 2, 4, ..., blockSize / 2. */
    public int[] rotations() {
        int k = Integer.numberOfTrailingZeros(blockSize);
        int[] r = new int[k];
        for (int i = 0; i < k; i++) {
            r[i] = 1 << i;
        }
        return r;
    }

    /** Monomial coefficients of the sigmoid approximation. */
    public double[] sigmoidCoefficients() {
        return sigmoidCoeffs.clone();
    }

    /** Levels the server's computation consumes. */
    public int levelsNeeded() {
        int d = sigmoidCoeffs.length - 1;
        return 1 + (32 - Integer.numberOfLeadingZeros(d - 1)) + 1; // weights, power tree, constants
    }

    /**
     * Client: packs and encrypts up to {@link #samplesPerCiphertext} rows of {@code x} (each of length d).
     */
    public Ciphertext encryptBatch(CkksParameters params, Encoder encoder, CkksEncryptor encryptor, double[][] x) {
        int per = samplesPerCiphertext(params);
        if (x.length == 0 || x.length > per) {
            throw new IllegalArgumentException("batch must hold 1.." + per + " samples for these parameters. Provided: " + x.length);
        }
        double[] slots = new double[params.slots()];
        for (int s = 0; s < x.length; s++) {
            if (x[s].length != weights.length) {
                throw new IllegalArgumentException("sample " + s + " has " + x[s].length + " features, the model " + weights.length);
            }
            System.arraycopy(x[s], 0, slots, s * blockSize, weights.length);
        }
        return encryptor.encrypt(encoder.encode(slots));
    }

    /**
     * Server: encrypted probabilities; slot {@code s * blockSize} holds sample {@code s}'s. Needs the
     * relinearisation key and the Galois keys of {@link #rotations()}.
     *
     * @throws IllegalStateException when the ciphertext has fewer than {@link #levelsNeeded()} levels
     */
    public Ciphertext evaluate(CkksParameters params, Encoder encoder, Evaluator evaluator, Ciphertext batch) {
        if (batch.level() < levelsNeeded()) {
            throw new IllegalStateException("encrypted logistic regression needs " + levelsNeeded()
                    + " levels; the ciphertext has " + batch.level() + " (use larger parameters or a lower degree)");
        }
        double[] w = new double[params.slots()];
        for (int s = 0; s + blockSize <= w.length; s += blockSize) {
            System.arraycopy(weights, 0, w, s, weights.length);
        }
        int level = batch.level();
        Plaintext pw = encoder.encode(w, level, params.q(level));
        Ciphertext dot = evaluator.rescale(evaluator.multiplyPlain(batch, pw));
        dot = evaluator.innerSum(dot, blockSize);
        dot = evaluator.addConstant(dot, bias);
        return evaluator.evaluatePolynomial(dot, sigmoidCoeffs, params.defaultScale());
    }

    /** Client: decrypts the probabilities of the first {@code count} samples. */
    public double[] decryptProbabilities(CkksDecryptor decryptor, Ciphertext scores, int count) {
        double[] all = decryptor.decryptValues(scores);
        if (count < 0 || (long) count * blockSize > all.length) {
            throw new IllegalArgumentException("count must be in [0, " + all.length / blockSize + "]. Provided value: " + count);
        }
        double[] p = new double[count];
        for (int s = 0; s < count; s++) {
            p[s] = all[s * blockSize];
        }
        return p;
    }

    /** The same computation in plain arithmetic (with the polynomial sigmoid): isolates the approximation error. */
    public double approximateProbability(double[] x) {
        double z = bias;
        for (int i = 0; i < weights.length; i++) {
            z += weights[i] * x[i];
        }
        return PolynomialApproximation.evaluate(sigmoidCoeffs, z);
    }

    /** The approximation interval bound. */
    public double bound() {
        return bound;
    }
}
