package org.privet.onnx;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.io.ModelFileException;
import org.privet.core.tensor.Tensor;

/**
 * An ONNX model, run by ONNX Runtime (ORT) on the CPU, seen as a black-box Privet classifier: what
 * the membership, inversion and extraction attacks query when the model was trained in PyTorch,
 * TensorFlow or scikit-learn.
 *
 * <p>Loading: the file's protobuf structure is first read and checked by {@link OnnxModelInfo}
 * (truncated, malformed or foreign files fail there with a {@link ModelFileException} naming the
 * file and every problem, before ORT sees a byte); then the input and output are chosen and checked
 * against the data: the input must be a float tensor {@code [batch, ...]} whose per-example shape
 * equals the data's example shape (symbolic dimensions take the data's values) or has the same
 * number of elements with fixed dimensions (e.g. a flat {@code [batch, 784]} model fed 1x28x28
 * images); the output must be a float or double tensor {@code [batch, numClasses]}. Then ORT builds
 * the session; its errors are wrapped in {@link ModelFileException} too.
 *
 * <p>What the output holds ({@link OutputKind}): with {@code AUTO} (the default), a graph whose
 * output comes from a {@code Softmax} (through shape-only nodes) gives probabilities, one from
 * {@code LogSoftmax} log-probabilities; otherwise one probe query on an all-zero example decides:
 * a row of values in [0, 1] summing to 1 (within 1e-3) means probabilities, anything else logits.
 * Whatever the kind, every batch is checked: probabilities must lie in [0, 1] and sum to 1 within
 * 1e-3 per row, log-probabilities must log-sum-exp to 0 within 1e-3, all values must be finite;
 * a violation throws {@link IllegalStateException} naming the file, row and values, and suggesting
 * the right kind.
 *
 * <p>Batches are split into chunks of {@link Options#batchSize()} examples (or the model's fixed
 * batch dimension, the last chunk padded with zero rows that are then dropped).
 *
 * <p>Thread safety: safe for concurrent queries (ORT sessions are thread safe for {@code run});
 * {@link #close()} waits for running queries, frees the native session, and makes later queries
 * throw {@link IllegalStateException}. The ORT environment is the process-wide shared one and is
 * never closed here.
 */
public final class OnnxClassifier implements ProbabilisticClassifier, AutoCloseable {
    /** What the model's output holds. */
    public enum OutputKind {
        /** Decide from the graph, else from a probe query (see the class comment). */
        AUTO,
        /** Pre-softmax scores. */
        LOGITS,
        /** Class probabilities, rows summing to 1. */
        PROBABILITIES,
        /** Natural logs of class probabilities. */
        LOG_PROBABILITIES;

        /** Parses {@code auto, logits, probabilities, log-probabilities} (case-insensitive). */
        public static OutputKind parse(String s) {
            for (OutputKind k : values()) {
                if (k.name().replace('_', '-').equalsIgnoreCase(s) || k.name().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("output kind must be one of auto, logits, probabilities, "
                    + "log-probabilities. Provided value: " + s);
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * How to load and run the model.
     *
     * @param inputName  graph input to feed, or null for the only one
     * @param outputName graph output to read, or null for the first float tensor output of rank 2
     * @param outputKind what the output holds
     * @param batchSize  examples per ORT call, >= 1 (ignored when the model fixes its batch dimension)
     * @param threads    ORT intra-op threads, >= 0 (0 = ORT's default, one per core)
     */
    public record Options(String inputName, String outputName, OutputKind outputKind, int batchSize, int threads) {
        public Options {
            if (outputKind == null) {
                throw new IllegalArgumentException("outputKind must not be null");
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1. Provided value: " + batchSize);
            }
            if (threads < 0) {
                throw new IllegalArgumentException("threads must be >= 0. Provided value: " + threads);
            }
        }

        /** Only input, first rank-2 float output, AUTO kind, 512 per call, one ORT thread. */
        public static Options defaults() {
            return new Options(null, null, OutputKind.AUTO, 512, 1);
        }

        public Options withOutputKind(OutputKind k) {
            return new Options(inputName, outputName, k, batchSize, threads);
        }

        public Options withInputName(String n) {
            return new Options(n, outputName, outputKind, batchSize, threads);
        }

        public Options withOutputName(String n) {
            return new Options(inputName, n, outputKind, batchSize, threads);
        }

        public Options withThreads(int t) {
            return new Options(inputName, outputName, outputKind, batchSize, t);
        }
    }

    /** Tolerance on probability row sums (and log-sum-exp of log-probabilities). */
    public static final double SUM_TOLERANCE = 1e-3;
    private static final Set<String> SHAPE_ONLY = Set.of("Identity", "Cast", "Reshape", "Flatten", "Squeeze",
            "Unsqueeze");

    private final Path source;
    private final OnnxModelInfo info;
    private final OrtSession session;
    private final OrtSession.SessionOptions sessionOptions;
    private final String inputName;
    private final String outputName;
    private final long[] modelExampleDims;
    private final int[] exampleShape;
    private final int exampleSize;
    private final int numClasses;
    private final int fixedBatch;
    private final int batchSize;
    private final OutputKind kind;
    private final String kindReason;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean closed;

    private OnnxClassifier(Path source, OnnxModelInfo info, OrtSession session, OrtSession.SessionOptions so,
            String inputName, String outputName, long[] modelExampleDims, int[] exampleShape, int numClasses,
            int fixedBatch, int batchSize, OutputKind kind, String kindReason) {
        this.source = source;
        this.info = info;
        this.session = session;
        this.sessionOptions = so;
        this.inputName = inputName;
        this.outputName = outputName;
        this.modelExampleDims = modelExampleDims;
        this.exampleShape = exampleShape;
        int s = 1;
        for (int d : exampleShape) {
            s *= d;
        }
        this.exampleSize = s;
        this.numClasses = numClasses;
        this.fixedBatch = fixedBatch;
        this.batchSize = batchSize;
        this.kind = kind;
        this.kindReason = kindReason;
    }

    /**
     * Loads {@code file} for data whose examples have shape {@code exampleShape} (without the batch
     * dimension) and labels in {@code [0, numClasses)}.
     *
     * @param exampleShape the data's per-example shape, e.g. {@code [20]} or {@code [1, 28, 28]}
     * @param numClasses   the data's class count, >= 2
     * @throws ModelFileException naming the file when it cannot be read, is not a valid ONNX model,
     *     has no suitable input or output, disagrees with the data's shape or class count, or ORT
     *     rejects it
     */
    public static OnnxClassifier load(Path file, int[] exampleShape, int numClasses, Options options)
            throws ModelFileException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > Integer.MAX_VALUE - 8) {
                throw new ModelFileException(file, "ONNX models over 2 GiB (protobuf's limit) are not supported; "
                        + "size " + size + " bytes");
            }
            bytes = Files.readAllBytes(file);
        } catch (ModelFileException e) {
            throw e;
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot read the file: " + e, e);
        }
        return load(bytes, file, exampleShape, numClasses, options);
    }

    /** {@link #load(Path, int[], int, Options)} from bytes already read; {@code source} names them in messages. */
    public static OnnxClassifier load(byte[] bytes, Path source, int[] exampleShape, int numClasses, Options options)
            throws ModelFileException {
        if (numClasses < 2) {
            throw new IllegalArgumentException("numClasses must be >= 2. Provided value: " + numClasses);
        }
        if (exampleShape == null || exampleShape.length == 0) {
            throw new IllegalArgumentException("exampleShape must have at least one dimension");
        }
        for (int d : exampleShape) {
            if (d < 1) {
                throw new IllegalArgumentException("exampleShape dimensions must be >= 1. Provided value: "
                        + Arrays.toString(exampleShape));
            }
        }
        OnnxModelInfo info = OnnxModelInfo.parse(bytes, source);
        OnnxModelInfo.ValueInfo in = chooseInput(info, options.inputName(), source);
        OnnxModelInfo.ValueInfo out = chooseOutput(info, options.outputName(), source);
        long[] dims = in.dims();
        if (in.elementType() != OnnxModelInfo.FLOAT) {
            throw new ModelFileException(source, "input '" + in.name() + "' has element type "
                    + in.elementTypeName() + "; only float32 inputs are supported");
        }
        if (dims == null || dims.length < 2) {
            throw new ModelFileException(source, "input '" + in.name() + "' must be a tensor [batch, ...] of rank >= 2;"
                    + " it has shape " + in.shapeString());
        }
        long[] modelDims = matchExampleShape(source, in, exampleShape);
        int fixedBatch = dims[0] > 0 ? (int) Math.min(dims[0], Integer.MAX_VALUE) : 0;
        long[] od = out.dims();
        if (od != null && (od.length != 2 || (od[1] > 0 && od[1] != numClasses))) {
            throw new ModelFileException(source, "output '" + out.name() + "' has shape " + out.shapeString()
                    + "; the data has " + numClasses + " classes, so it must be [batch, " + numClasses + "]");
        }
        OutputKind kind = options.outputKind();
        String reason = "given";
        OutputKind fromGraph = kindFromGraph(info, out.name());
        if (kind == OutputKind.AUTO && fromGraph != null) {
            kind = fromGraph;
            reason = "graph: output computed by " + (fromGraph == OutputKind.PROBABILITIES ? "Softmax" : "LogSoftmax");
        } else if (kind == OutputKind.LOGITS && fromGraph != null) {
            throw new ModelFileException(source, "output '" + out.name() + "' is computed by "
                    + (fromGraph == OutputKind.PROBABILITIES ? "Softmax (probabilities)" : "LogSoftmax (log-probabilities)")
                    + ", but the output kind 'logits' was given; pass 'auto' or '" + fromGraph + "'");
        }
        OrtSession.SessionOptions so = null;
        OrtSession session = null;
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "privet");
            so = new OrtSession.SessionOptions();
            so.setIntraOpNumThreads(options.threads());
            so.setInterOpNumThreads(1);
            so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
            session = env.createSession(bytes, so);
            int batch = fixedBatch > 0 ? fixedBatch : options.batchSize();
            OnnxClassifier c = new OnnxClassifier(source, info, session, so, in.name(), out.name(), modelDims,
                    exampleShape.clone(), numClasses, fixedBatch, batch, kind == OutputKind.AUTO ? OutputKind.LOGITS
                            : kind, reason);
            if (kind == OutputKind.AUTO) {
                // probe: one all-zero example
                float[] row = c.runRaw(new float[c.exampleSize], 1);
                boolean probabilities = looksLikeProbabilities(row, 0, numClasses);
                c = new OnnxClassifier(source, info, session, so, in.name(), out.name(), modelDims,
                        exampleShape.clone(), numClasses, fixedBatch, batch,
                        probabilities ? OutputKind.PROBABILITIES : OutputKind.LOGITS,
                        "probe: the output on an all-zero example " + (probabilities ? "is" : "is not")
                                + " a probability vector");
            } else {
                c.runRaw(new float[c.exampleSize], 1);
            }
            return c;
        } catch (OrtException e) {
            closeQuietly(session, so);
            throw new ModelFileException(source, "ONNX Runtime cannot run the model: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            closeQuietly(session, so);
            throw new ModelFileException(source, e.getMessage(), e);
        }
    }

    private static void closeQuietly(OrtSession session, OrtSession.SessionOptions so) {
        try {
            if (session != null) {
                session.close();
            }
        } catch (OrtException ignored) {
            // already failing: the first error is the one reported
        }
        if (so != null) {
            so.close();
        }
    }

    private static OnnxModelInfo.ValueInfo chooseInput(OnnxModelInfo info, String name, Path source)
            throws ModelFileException {
        if (name != null) {
            for (OnnxModelInfo.ValueInfo v : info.inputs()) {
                if (v.name().equals(name)) {
                    return v;
                }
            }
            throw new ModelFileException(source, "no input named '" + name + "'; the model's inputs: " + names(info.inputs()));
        }
        if (info.inputs().size() != 1) {
            throw new ModelFileException(source, "the model has " + info.inputs().size() + " inputs " + names(info.inputs())
                    + "; name the one that takes the features");
        }
        return info.inputs().get(0);
    }

    private static OnnxModelInfo.ValueInfo chooseOutput(OnnxModelInfo info, String name, Path source)
            throws ModelFileException {
        if (name != null) {
            for (OnnxModelInfo.ValueInfo v : info.outputs()) {
                if (v.name().equals(name)) {
                    checkOutputType(v, source);
                    return v;
                }
            }
            throw new ModelFileException(source, "no output named '" + name + "'; the model's outputs: "
                    + names(info.outputs()));
        }
        for (OnnxModelInfo.ValueInfo v : info.outputs()) {
            if (v.typeKind().equals("tensor") && (v.elementType() == OnnxModelInfo.FLOAT
                    || v.elementType() == OnnxModelInfo.DOUBLE) && (v.dims() == null || v.dims().length == 2)) {
                return v;
            }
        }
        throw new ModelFileException(source, "no output is a float tensor [batch, classes]; the model's outputs: "
                + names(info.outputs()) + " (scikit-learn models: convert with zipmap=False so probabilities are a tensor)");
    }

    private static void checkOutputType(OnnxModelInfo.ValueInfo v, Path source) throws ModelFileException {
        if (!v.typeKind().equals("tensor") || (v.elementType() != OnnxModelInfo.FLOAT
                && v.elementType() != OnnxModelInfo.DOUBLE)) {
            throw new ModelFileException(source, "output '" + v.name() + "' is a " + v.typeKind() + " of "
                    + v.elementTypeName() + "; scores must be a float or double tensor [batch, classes]");
        }
    }

    private static String names(java.util.List<OnnxModelInfo.ValueInfo> vs) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < vs.size(); i++) {
            OnnxModelInfo.ValueInfo v = vs.get(i);
            b.append(i > 0 ? ", " : "").append('\'').append(v.name()).append("' ").append(v.typeKind().equals("tensor")
                    ? v.elementTypeName() + v.shapeString() : v.typeKind());
        }
        return b.append(']').toString();
    }

    /** The model's per-example dims with symbolic ones filled from the data, or an error naming both shapes. */
    private static long[] matchExampleShape(Path source, OnnxModelInfo.ValueInfo in, int[] exampleShape)
            throws ModelFileException {
        long[] d = Arrays.copyOfRange(in.dims(), 1, in.dims().length);
        long want = 1;
        for (int x : exampleShape) {
            want *= x;
        }
        if (d.length == exampleShape.length) {
            boolean ok = true;
            for (int i = 0; i < d.length; i++) {
                if (d[i] > 0 && d[i] != exampleShape[i]) {
                    ok = false;
                }
            }
            if (ok) {
                long[] filled = new long[d.length];
                for (int i = 0; i < d.length; i++) {
                    filled[i] = exampleShape[i];
                }
                return filled;
            }
        } else {
            long have = 1;
            boolean fixed = true;
            for (long x : d) {
                fixed &= x > 0;
                have *= Math.max(x, 1);
            }
            if (fixed && have == want) {
                return d;
            }
        }
        String what = exampleShape.length == 1 ? exampleShape[0] + " features" : "examples of shape "
                + Arrays.toString(exampleShape);
        throw new ModelFileException(source, "input '" + in.name() + "' takes " + in.shapeString()
                + " (batch first) but the data has " + what);
    }

    private static OutputKind kindFromGraph(OnnxModelInfo info, String output) {
        OnnxModelInfo.Node n = info.producerOf(output);
        int guard = 0;
        while (n != null && SHAPE_ONLY.contains(n.opType()) && !n.inputs().isEmpty() && guard++ < 64) {
            n = info.producerOf(n.inputs().get(0));
        }
        if (n == null || !n.domain().isEmpty()) {
            return null;
        }
        return switch (n.opType()) {
            case "Softmax" -> OutputKind.PROBABILITIES;
            case "LogSoftmax" -> OutputKind.LOG_PROBABILITIES;
            default -> null;
        };
    }

    private static boolean looksLikeProbabilities(float[] v, int row, int c) {
        double s = 0;
        for (int j = 0; j < c; j++) {
            float p = v[row * c + j];
            if (!(p >= -1e-6f && p <= 1 + 1e-6f)) {
                return false;
            }
            s += p;
        }
        return Math.abs(s - 1) <= SUM_TOLERANCE;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] inputShape() {
        return exampleShape.clone();
    }

    /** The output kind in use (never AUTO after loading). */
    public OutputKind outputKind() {
        return kind;
    }

    /** How the output kind was decided: {@code given}, {@code graph: ...} or {@code probe: ...}. */
    public String outputKindReason() {
        return kindReason;
    }

    /** The model's structure as read before loading. */
    public OnnxModelInfo info() {
        return info;
    }

    /** The file (or the name given for the bytes). */
    public Path source() {
        return source;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    /**
     * Class probabilities {@code [n, numClasses]}: softmax of logits, the probabilities as given
     * (checked), or exp of log-probabilities.
     *
     * @throws IllegalArgumentException when {@code x} is not {@code [n, inputShape...]}
     * @throws IllegalStateException when the classifier is closed, ORT fails, or the output breaks
     *     its kind's rules (message names the row)
     */
    @Override
    public Tensor predictProba(Tensor x) {
        Tensor raw = raw(x);
        return switch (kind) {
            case PROBABILITIES -> raw;
            case LOGITS, LOG_PROBABILITIES -> raw.softmax();
            default -> throw new AssertionError("internal invariant: unresolved output kind");
        };
    }

    /**
     * Scores whose softmax is {@link #predictProba}: the logits, the log-probabilities, or
     * {@code log(max(p, Float.MIN_VALUE))} of probabilities. Same exceptions as {@link #predictProba}.
     */
    public Tensor logits(Tensor x) {
        Tensor raw = raw(x);
        if (kind != OutputKind.PROBABILITIES) {
            return raw;
        }
        float[] d = raw.data();
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) Math.log(Math.max(d[i], Float.MIN_VALUE));
        }
        return raw;
    }

    /** The model's output on {@code x}, checked against its kind: {@code [n, numClasses]}. */
    private Tensor raw(Tensor x) {
        int[] s = x.shape();
        if (s.length != exampleShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), exampleShape)) {
            throw new IllegalArgumentException(source + ": input must have shape [n, " + joined(exampleShape)
                    + "]. Provided shape: " + x.shapeString());
        }
        int n = s[0];
        float[] out = new float[n * numClasses];
        float[] data = x.data();
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(source + ": the ONNX classifier is closed");
            }
            for (int from = 0; from < n; from += batchSize) {
                int rows = Math.min(batchSize, n - from);
                float[] chunk = runRaw(data, from, rows);
                System.arraycopy(chunk, 0, out, from * numClasses, rows * numClasses);
            }
        } catch (OrtException e) {
            throw new IllegalStateException(source + ": ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            lock.readLock().unlock();
        }
        check(out, n);
        return Tensor.wrap(out, n, numClasses);
    }

    private float[] runRaw(float[] data, int rows) throws OrtException {
        return runRaw(data, 0, rows);
    }

    /** One ORT call on rows {@code [from, from + rows)} of {@code data}; pads to a fixed batch. */
    private float[] runRaw(float[] data, int from, int rows) throws OrtException {
        int feed = fixedBatch > 0 ? fixedBatch : rows;
        FloatBuffer buf;
        if (feed == rows) {
            buf = FloatBuffer.wrap(data, from * exampleSize, rows * exampleSize);
        } else {
            float[] padded = new float[feed * exampleSize];
            System.arraycopy(data, from * exampleSize, padded, 0, rows * exampleSize);
            buf = FloatBuffer.wrap(padded);
        }
        long[] shape = new long[modelExampleDims.length + 1];
        shape[0] = feed;
        System.arraycopy(modelExampleDims, 0, shape, 1, modelExampleDims.length);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor t = OnnxTensor.createTensor(env, buf.slice(), shape);
                OrtSession.Result r = session.run(Map.of(inputName, t), Set.of(outputName))) {
            OnnxValue v = r.get(0);
            if (!(v instanceof OnnxTensor ot) || !(v.getInfo() instanceof TensorInfo ti)) {
                throw new IllegalStateException(source + ": output '" + outputName + "' is not a tensor: " + v.getInfo());
            }
            long[] os = ti.getShape();
            if (os.length != 2 || os[0] != feed || os[1] != numClasses) {
                throw new IllegalStateException(source + ": output '" + outputName + "' has shape "
                        + Arrays.toString(os) + " for a batch of " + feed + "; expected [" + feed + ", " + numClasses
                        + "] (the data has " + numClasses + " classes)");
            }
            float[] out = new float[rows * numClasses];
            if (ti.type == OnnxJavaType.FLOAT) {
                ot.getFloatBuffer().get(out);
            } else if (ti.type == OnnxJavaType.DOUBLE) {
                java.nio.DoubleBuffer db = ot.getDoubleBuffer();
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) db.get(i);
                }
            } else {
                throw new IllegalStateException(source + ": output '" + outputName + "' has element type " + ti.type
                        + "; expected float or double");
            }
            return out;
        }
    }

    private void check(float[] out, int n) {
        int c = numClasses;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < c; j++) {
                if (!Float.isFinite(out[i * c + j]) && !(kind == OutputKind.LOG_PROBABILITIES
                        && out[i * c + j] == Float.NEGATIVE_INFINITY)) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "%s: output '%s' row %d class %d is %s; "
                            + "the model must give finite scores", source, outputName, i, j, out[i * c + j]));
                }
            }
            if (kind == OutputKind.PROBABILITIES && !looksLikeProbabilities(out, i, c)) {
                throw new IllegalStateException(String.format(Locale.ROOT, "%s: output '%s' (%s, %s) row %d is not a "
                        + "probability vector: %s; if the model gives logits, load it with output kind 'logits'",
                        source, outputName, kind, kindReason, i, Arrays.toString(Arrays.copyOfRange(out, i * c, i * c + c))));
            }
            if (kind == OutputKind.LOG_PROBABILITIES) {
                double m = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < c; j++) {
                    m = Math.max(m, out[i * c + j]);
                }
                double s = 0;
                for (int j = 0; j < c; j++) {
                    s += Math.exp(out[i * c + j] - m);
                }
                double lse = m + Math.log(s);
                if (!(Math.abs(lse) <= SUM_TOLERANCE)) {
                    throw new IllegalStateException(String.format(Locale.ROOT, "%s: output '%s' (log-probabilities) "
                            + "row %d has log-sum-exp %.6f, not 0; load it with output kind 'logits'", source, outputName,
                            i, lse));
                }
            }
        }
    }

    private static String joined(int[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) {
            b.append(i > 0 ? ", " : "").append(a[i]);
        }
        return b.toString();
    }

    /** Frees the native session; waits for running queries. Idempotent. */
    @Override
    public void close() {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                session.close();
            } catch (OrtException e) {
                throw new IllegalStateException(source + ": closing the ONNX Runtime session failed: " + e.getMessage(), e);
            } finally {
                sessionOptions.close();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "OnnxClassifier[" + source + ", input '" + inputName + "' [n, " + joined(exampleShape) + "], output '"
                + outputName + "' (" + kind + ", " + kindReason + "), " + numClasses + " classes]";
    }
}
