package org.privet.mpc.inference;

import org.privet.mpc.MpcSession;
import org.privet.mpc.approx.Approximations;
import org.privet.mpc.arith.Wire;
import org.privet.mpc.binary.Comparisons;
import org.privet.mpc.net.MpcException;

/**
 * Two-party private inference of an {@link MlpModel}: a model owner and a data owner, each running one side
 * over an {@link MpcSession} (with a {@code TripleSource} from a trusted dealer or generated between them).
 * The model owner secret-shares its weights, the data owner its feature rows; each dense layer is one
 * secret-shared matrix product (one matrix Beaver triple) plus the shared bias, hidden layers a secure ReLU
 * ({@link Comparisons#relu}); only the chosen {@link InferenceOutput} is opened, to the data owner only.
 *
 * <p>What each party learns (semi-honest parties; the dealer, if any, colludes with no one):
 * <ul>
 *   <li>Data owner: the architecture (layer widths), the output kind, and the output of each of its rows
 *       (logits, probabilities or label, as the model owner chose); nothing else about the weights.</li>
 *   <li>Model owner: the number of rows queried (and their width, which it fixed); nothing about the
 *       features or the outputs.</li>
 * </ul>
 * The output itself is what a plaintext prediction API would reveal: logits and probabilities make model
 * extraction (Tramer et al. 2016) and membership inference easier than labels alone.
 *
 * <p>Accuracy: weights and features in {@link org.privet.mpc.arith.FixedPoint} (default 16 fractional
 * bits); each layer adds at most about {@code in * (|w| + |x|) * 2^-17 + 2^-16} absolute error per output
 * (encoding and truncation), and the sigmoid or softmax the error stated in {@link Approximations}. Keep every
 * layer's values small (below a few thousand): probabilistic truncation of a product {@code v} fails with
 * probability about {@code |v| 2^(2f - 63)} per value ({@code 2^-21} for {@code |v| = 1000}, {@code f =
 * 16}).
 *
 * <p>Wire protocol (after the session's own messages): the model owner sends a header {@code [layers,
 * widths..., output]} as ring elements; the data owner answers with its row count; then the shares.
 */
public final class PrivateInference {
    /** The largest width or row count accepted from a peer's header. */
    public static final int MAX_DIMENSION = 1 << 24;

    private PrivateInference() {
    }

    /**
     * The model owner's side: serves one batch of the data owner's rows.
     *
     * @param dataOwner the peer who learns the output
     * @throws IllegalArgumentException for a session that is not two-party
     */
    public static void serve(MpcSession s, MlpModel model, int dataOwner, InferenceOutput output) {
        checkParties(s, dataOwner);
        int[] widths = model.widths();
        long[] header = new long[widths.length + 2];
        header[0] = model.layers().size();
        for (int i = 0; i < widths.length; i++) {
            header[i + 1] = widths[i];
        }
        header[header.length - 1] = output.ordinal();
        s.network().send(dataOwner, Wire.encode(header));
        long rowsL = Wire.decode(s.network().receive(dataOwner), 1, dataOwner, "inference row count")[0];
        if (rowsL < 1 || rowsL > MAX_DIMENSION || rowsL * model.inputs() > Integer.MAX_VALUE / 2) {
            throw new MpcException(dataOwner, "inference: party " + dataOwner + " announced an invalid row count "
                    + rowsL);
        }
        s.network().round();
        int rows = (int) rowsL;
        long[] params = s.input(flatten(s, model));
        long[] x = s.inputFrom(dataOwner, rows * model.inputs());
        evaluate(s, widths, params, x, rows, output, dataOwner);
    }

    /**
     * The data owner's side: obtains the chosen output for each row of {@code x}.
     *
     * @param x rows of features; each row as wide as the model's input (announced by the model owner)
     * @throws IllegalArgumentException if the rows do not match the announced width or are not finite
     * @throws MpcException if the model owner's header is malformed
     */
    public static Prediction query(MpcSession s, int modelOwner, double[][] x) {
        checkParties(s, modelOwner);
        if (x.length < 1 || x.length > MAX_DIMENSION) {
            throw new IllegalArgumentException("rows must be in [1, " + MAX_DIMENSION + "]. Provided: " + x.length);
        }
        byte[] hb = s.network().receive(modelOwner);
        if (hb.length < 8) {
            throw new MpcException(modelOwner, "inference: empty header from party " + modelOwner);
        }
        long layersL = Wire.decode(java.util.Arrays.copyOf(hb, 8), 1, modelOwner, "inference header")[0];
        if (layersL < 1 || layersL > 1024) {
            throw new MpcException(modelOwner, "inference: party " + modelOwner + " announced " + layersL
                    + " layers; expected 1..1024");
        }
        long[] header = Wire.decode(hb, (int) layersL + 3, modelOwner, "inference header");
        int[] widths = new int[(int) layersL + 1];
        for (int i = 0; i < widths.length; i++) {
            long w = header[i + 1];
            if (w < 1 || w > MAX_DIMENSION) {
                throw new MpcException(modelOwner, "inference: party " + modelOwner + " announced width " + w
                        + " for layer boundary " + i + "; expected 1.." + MAX_DIMENSION);
            }
            widths[i] = (int) w;
        }
        long outL = header[header.length - 1];
        if (outL < 0 || outL >= InferenceOutput.values().length) {
            throw new MpcException(modelOwner, "inference: party " + modelOwner + " announced unknown output kind "
                    + outL);
        }
        InferenceOutput output = InferenceOutput.values()[(int) outL];
        int in = widths[0];
        double[] flat = new double[Math.multiplyExact(x.length, in)];
        for (int r = 0; r < x.length; r++) {
            if (x[r].length != in) {
                s.network().close(); // the model owner is waiting: make it fail at once, not on its timeout
                throw new IllegalArgumentException("row " + r + " has " + x[r].length + " features; the model of party "
                        + modelOwner + " takes " + in);
            }
            System.arraycopy(x[r], 0, flat, r * in, in);
        }
        long[] enc = s.fixedPoint().encode(flat); // validates finiteness before anything is sent
        s.network().send(modelOwner, Wire.encode(new long[] {x.length}));
        s.network().round();
        long[] params = s.inputFrom(modelOwner, paramCount(widths));
        long[] xs = s.input(enc);
        long[] opened = evaluate(s, widths, params, xs, x.length, output, s.id());
        int outs = widths[widths.length - 1];
        if (output == InferenceOutput.LABEL) {
            int[] labels = new int[x.length];
            if (outs == 1) {
                for (int r = 0; r < x.length; r++) {
                    labels[r] = (int) opened[r];
                }
            } else {
                for (int r = 0; r < x.length; r++) {
                    int label = -1;
                    for (int c = 0; c < outs; c++) {
                        long v = opened[r * outs + c];
                        if (v == 1 && label < 0) {
                            label = c;
                        } else if (v != 0) {
                            throw new AssertionError("internal invariant: one-hot argmax has entry " + v + " at row "
                                    + r + ", class " + c);
                        }
                    }
                    labels[r] = label;
                }
            }
            return new Prediction(output, null, labels);
        }
        double[][] scores = new double[x.length][outs];
        for (int r = 0; r < x.length; r++) {
            for (int c = 0; c < outs; c++) {
                scores[r][c] = s.fixedPoint().decode(opened[r * outs + c]);
            }
        }
        return new Prediction(output, scores, null);
    }

    /** Runs the layers on shares and opens the output to {@code receiver}; returns the ring values there. */
    private static long[] evaluate(MpcSession s, int[] widths, long[] params, long[] x, int rows,
            InferenceOutput output, int receiver) {
        int off = 0;
        long[] h = x;
        int layers = widths.length - 1;
        for (int l = 0; l < layers; l++) {
            int in = widths[l];
            int out = widths[l + 1];
            long[] wt = java.util.Arrays.copyOfRange(params, off, off + in * out);
            off += in * out;
            long[] bias = java.util.Arrays.copyOfRange(params, off, off + out);
            off += out;
            long[] y = s.matmul(h, wt, rows, in, out);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < out; c++) {
                    y[r * out + c] += bias[c];
                }
            }
            h = l < layers - 1 ? Comparisons.relu(s, y) : y;
        }
        int outs = widths[layers];
        long[] result = switch (output) {
            case LOGITS -> h;
            case PROBABILITY -> outs == 1 ? Approximations.sigmoid(s, h) : Approximations.softmax(s, h, rows, outs);
            case LABEL -> outs == 1
                    ? s.addPublic(MpcSession.mulPublic(Comparisons.ltz(s, h), -1), 1L)
                    : Comparisons.argmax(s, h, rows, outs);
        };
        return s.openTo(receiver, result);
    }

    /** The model's parameters in protocol order: per layer W^T ([in][out], row-major), then bias. */
    private static long[] flatten(MpcSession s, MlpModel model) {
        double[] flat = new double[paramCount(model.widths())];
        int off = 0;
        for (DenseLayer d : model.layers()) {
            int in = d.inputs();
            int out = d.outputs();
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    flat[off + i * out + o] = d.weight()[o][i];
                }
            }
            off += in * out;
            System.arraycopy(d.bias(), 0, flat, off, out);
            off += out;
        }
        return s.fixedPoint().encode(flat);
    }

    private static int paramCount(int[] widths) {
        long n = 0;
        for (int l = 0; l + 1 < widths.length; l++) {
            n += (long) widths[l] * widths[l + 1] + widths[l + 1];
        }
        if (n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("model has too many parameters for one message: " + n);
        }
        return (int) n;
    }

    private static void checkParties(MpcSession s, int peer) {
        if (s.parties() != 2) {
            throw new IllegalArgumentException("private inference is a two-party protocol. Provided session has "
                    + s.parties() + " parties");
        }
        if (peer == s.id() || peer < 0 || peer > 1) {
            throw new IllegalArgumentException("peer must be the other party (" + (1 - s.id()) + "). Provided value: "
                    + peer);
        }
    }

}
