package org.privet.attacks.infer.membership;

import java.util.Arrays;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.WhiteBoxClassifier;
import org.privet.core.tensor.Tensor;

/**
 * What one model answered for each of {@code n} records: a row of {@code c} logits per record.
 *
 * <p>Log-probabilities are valid logits (softmax of log p is p), so outputs of a black-box model that
 * returns only probabilities are stored as {@code log(max(p, 1e-45))}. All signals are computed from
 * logits in double precision with log-sum-exp, so a confidence near 1 keeps its resolution: LiRA's
 * {@link #phi} is {@code z_y - logsumexp_{j != y} z_j = log p_y - log sum_{j != y} p_j}, which never
 * forms {@code 1 - p_y}.
 *
 * <p>Immutable; thread safe.
 */
public final class ModelOutputs {
    /** Smallest positive float: probabilities are clipped here before the log. */
    private static final float MIN_PROBABILITY = Float.MIN_VALUE;

    private final float[] logits;
    private final int n;
    private final int c;

    private ModelOutputs(float[] logits, int n, int c) {
        this.logits = logits;
        this.n = n;
        this.c = c;
    }

    /**
     * Outputs from logits of shape {@code [n, c]} (copied).
     *
     * @throws IllegalArgumentException unless the shape is {@code [n, c]} with {@code c >= 2} and all values finite
     */
    public static ModelOutputs ofLogits(Tensor logits) {
        if (logits.rank() != 2 || logits.dim(1) < 2) {
            throw new IllegalArgumentException("logits must have shape [n, c] with c >= 2. Provided shape: "
                    + logits.shapeString());
        }
        float[] d = logits.data().clone();
        checkFinite(d, logits.dim(1), "logits");
        return new ModelOutputs(d, logits.dim(0), logits.dim(1));
    }

    /**
     * Outputs from row-major logits {@code [n, c]} (copied), e.g. {@code ReferenceOutputs.logits(m, a)}.
     *
     * @throws IllegalArgumentException unless {@code c >= 2}, the length is a multiple of {@code c} and all values finite
     */
    public static ModelOutputs ofLogits(float[] rowMajor, int c) {
        if (c < 2 || rowMajor.length % c != 0) {
            throw new IllegalArgumentException("logits: need c >= 2 and a length that is a multiple of c. Provided: "
                    + "length " + rowMajor.length + ", c " + c);
        }
        float[] d = rowMajor.clone();
        checkFinite(d, c, "logits");
        return new ModelOutputs(d, d.length / c, c);
    }

    /** Outputs from a logit matrix {@code logits[record][class]} (copied; rows of equal length >= 2). */
    public static ModelOutputs ofLogits(float[][] logits) {
        return ofLogits(Tensor.of(checkRows(logits, "logits")));
    }

    /**
     * Outputs from class probabilities of shape {@code [n, c]} (rows in [0, 1]; a row sum off 1 by
     * more than 1e-3 is rejected).
     */
    public static ModelOutputs ofProbabilities(Tensor probabilities) {
        if (probabilities.rank() != 2 || probabilities.dim(1) < 2) {
            throw new IllegalArgumentException("probabilities must have shape [n, c] with c >= 2. Provided shape: "
                    + probabilities.shapeString());
        }
        int n = probabilities.dim(0);
        int c = probabilities.dim(1);
        float[] p = probabilities.data();
        float[] out = new float[p.length];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < c; j++) {
                float v = p[i * c + j];
                if (!(v >= 0f && v <= 1f)) {
                    throw new IllegalArgumentException("probabilities[" + i + ", " + j + "] must be in [0, 1]. "
                            + "Provided value: " + v);
                }
                s += v;
                out[i * c + j] = (float) Math.log(Math.max(v, MIN_PROBABILITY));
            }
            if (Math.abs(s - 1) > 1e-3) {
                throw new IllegalArgumentException("probabilities row " + i + " must sum to 1 (within 1e-3). "
                        + "Provided sum: " + s);
            }
        }
        return new ModelOutputs(out, n, c);
    }

    /** Outputs from a probability matrix {@code probabilities[record][class]}; see {@link #ofProbabilities(Tensor)}. */
    public static ModelOutputs ofProbabilities(float[][] probabilities) {
        return ofProbabilities(Tensor.of(checkRows(probabilities, "probabilities")));
    }

    /**
     * Queries {@code model} on {@code x} (one batch call; the model batches internally): logits of a
     * {@link WhiteBoxClassifier}, log-probabilities of any other {@link ProbabilisticClassifier}.
     */
    public static ModelOutputs query(ProbabilisticClassifier model, Tensor x) {
        if (model instanceof WhiteBoxClassifier wb) {
            Tensor z = wb.logits(x);
            float[] d = z.data();
            checkFinite(d, z.dim(1), "logits of " + model.getClass().getSimpleName());
            return new ModelOutputs(d.clone(), z.dim(0), z.dim(1));
        }
        return ofProbabilities(model.predictProba(x));
    }

    /** Number of records. */
    public int size() {
        return n;
    }

    /** Number of classes. */
    public int numClasses() {
        return c;
    }

    /** The logit of record {@code i} for class {@code j}. */
    public float logit(int i, int j) {
        return logits[i * c + j];
    }

    /** A copy of the logits, row-major {@code [n, c]}. */
    public float[] logits() {
        return logits.clone();
    }

    /** The outputs of the records at {@code idx}, in that order. */
    public ModelOutputs rows(int[] idx) {
        float[] out = new float[idx.length * c];
        for (int k = 0; k < idx.length; k++) {
            if (idx[k] < 0 || idx[k] >= n) {
                throw new IllegalArgumentException("record index " + idx[k] + " at position " + k
                        + " is outside [0, " + n + ")");
            }
            System.arraycopy(logits, idx[k] * c, out, k * c, c);
        }
        return new ModelOutputs(out, idx.length, c);
    }

    /**
     * Cross-entropy loss {@code -log p_y} per record, >= 0, computed as {@code softplus(-phi)} so that a
     * loss of 1e-17 is not lost to cancellation.
     */
    public double[] loss(int[] labels) {
        checkLabels(labels);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = softplus(logSumExp(i, labels[i]) - logits[i * c + labels[i]]);
        }
        return out;
    }

    /** Probability of the true label {@code p_y} per record, in [0, 1]. */
    public double[] trueClassProbability(int[] labels) {
        checkLabels(labels);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // p_y = sigmoid(phi)
            double phi = logits[i * c + labels[i]] - logSumExp(i, labels[i]);
            out[i] = phi >= 0 ? 1 / (1 + Math.exp(-phi)) : Math.exp(phi) / (1 + Math.exp(phi));
        }
        return out;
    }

    /** Largest class probability per record, in [1/c, 1]. */
    public double[] maxProbability() {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) {
                m = Math.max(m, logits[i * c + j]);
            }
            out[i] = Math.exp(m - logSumExp(i, -1));
        }
        return out;
    }

    /** Shannon entropy {@code -sum_j p_j log p_j} per record, in nats, in [0, log c]. */
    public double[] entropy() {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double lse = logSumExp(i, -1);
            double h = 0;
            for (int j = 0; j < c; j++) {
                double lp = logits[i * c + j] - lse;
                h -= Math.exp(lp) * lp;
            }
            out[i] = h;
        }
        return out;
    }

    /**
     * Song and Mittal's modified entropy {@code -(1 - p_y) log p_y - sum_{j != y} p_j log(1 - p_j)}, >= 0;
     * small for confident correct predictions, large for confident wrong ones.
     */
    public double[] modifiedEntropy(int[] labels) {
        checkLabels(labels);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            double lse = logSumExp(i, -1);
            double lpy = logits[i * c + y] - lse;
            // 1 - p_y = sum_{j != y} p_j, computed without cancellation
            double oneMinusPy = Math.exp(logSumExp(i, y) - lse);
            double m = -oneMinusPy * lpy;
            for (int j = 0; j < c; j++) {
                if (j == y) {
                    continue;
                }
                double lpj = logits[i * c + j] - lse;
                double pj = Math.exp(lpj);
                // log(1 - p_j) = log(sum_{k != j} p_k)
                double log1mpj = logSumExp(i, j) - lse;
                m -= pj * log1mpj;
            }
            out[i] = m;
        }
        return out;
    }

    /**
     * LiRA's logit-scaled confidence {@code phi(p_y) = log(p_y / (1 - p_y))}, computed stably as
     * {@code z_y - logsumexp_{j != y} z_j}; finite for finite logits.
     */
    public double[] phi(int[] labels) {
        checkLabels(labels);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = logits[i * c + labels[i]] - logSumExp(i, labels[i]);
        }
        return out;
    }

    /** log(1 + e^t) without overflow or cancellation. */
    private static double softplus(double t) {
        return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
    }

    /** log sum_j exp(z_ij) over all classes except {@code skip} (-1 for none). */
    private double logSumExp(int i, int skip) {
        int o = i * c;
        double m = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < c; j++) {
            if (j != skip && logits[o + j] > m) {
                m = logits[o + j];
            }
        }
        double s = 0;
        for (int j = 0; j < c; j++) {
            if (j != skip) {
                s += Math.exp(logits[o + j] - m);
            }
        }
        return m + Math.log(s);
    }

    private void checkLabels(int[] labels) {
        if (labels.length != n) {
            throw new IllegalArgumentException("labels: need one label per record (" + n + "). Provided: "
                    + labels.length);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("label " + labels[i] + " of record " + i + " is outside [0, " + c
                        + ")");
            }
        }
    }

    private static float[][] checkRows(float[][] rows, String what) {
        if (rows.length == 0) {
            return rows;
        }
        int c = rows[0].length;
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != c) {
                throw new IllegalArgumentException(what + ": all rows must have " + c + " values; row " + i + " has "
                        + rows[i].length);
            }
        }
        return rows;
    }

    private static void checkFinite(float[] d, int c, String what) {
        for (int k = 0; k < d.length; k++) {
            if (!Float.isFinite(d[k])) {
                throw new IllegalArgumentException(what + "[" + (k / c) + ", " + (k % c) + "] must be finite. "
                        + "Provided value: " + d[k]);
            }
        }
    }

    @Override
    public String toString() {
        return "ModelOutputs[" + n + " records x " + c + " classes]" + (n > 0 ? " first row " + Arrays.toString(
                Arrays.copyOf(logits, c)) : "");
    }
}
