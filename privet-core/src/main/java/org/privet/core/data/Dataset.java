package org.privet.core.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.privet.core.tensor.Tensor;

/**
 * A labelled data set: features of shape {@code [n, ...]} ({@code [n, d]} tabular,
 * {@code [n, c, h, w]} images with pixels in [0, 1]), one integer label per example in
 * {@code [0, numClasses)}, and the {@link Schema} that says what the features mean.
 *
 * <p>Immutable by contract: {@link #features()} returns the backing tensor without a copy for speed,
 * and callers must not write into it. Every derived data set ({@link #subset}, transforms) has its
 * own storage. Thread safe for concurrent reads.
 */
public final class Dataset {
    private final String name;
    private final Tensor features;
    private final int[] labels;
    private final Schema schema;
    private volatile String hash;

    /**
     * @param name     short name used in reports (e.g. {@code "adult"}), not blank
     * @param features tensor {@code [n, ...]} whose trailing shape equals {@code schema.featureShape()}
     * @param labels   {@code n} labels in {@code [0, schema.classNames().size())}; copied
     * @param schema   column layout; its label column gives the class names
     */
    public Dataset(String name, Tensor features, int[] labels, Schema schema) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("dataset name must not be blank. Provided value: '" + name + "'");
        }
        int[] shape = features.shape();
        int[] fs = schema.featureShape();
        if (shape.length != fs.length + 1 || !Arrays.equals(Arrays.copyOfRange(shape, 1, shape.length), fs)) {
            throw new IllegalArgumentException("dataset '" + name + "': features " + features.shapeString()
                    + " do not match the schema's feature shape [n, " + Arrays.toString(fs).substring(1));
        }
        if (labels.length != shape[0]) {
            throw new IllegalArgumentException("dataset '" + name + "': " + labels.length + " labels for " + shape[0]
                    + " examples");
        }
        int k = schema.classNames().size();
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k) {
                throw new IllegalArgumentException("dataset '" + name + "': label " + labels[i] + " of example " + i
                        + " is outside [0, " + k + ")");
            }
        }
        this.name = name;
        this.features = features;
        this.labels = labels.clone();
        this.schema = schema;
    }

    public String name() {
        return name;
    }

    /** Number of examples. */
    public int size() {
        return labels.length;
    }

    /** The feature tensor {@code [n, ...]}; shared, must not be modified. */
    public Tensor features() {
        return features;
    }

    /** A copy of the labels. */
    public int[] labels() {
        return labels.clone();
    }

    /** The label of example {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    public int numClasses() {
        return schema.classNames().size();
    }

    /** Class names, index = label. */
    public List<String> classNames() {
        return schema.classNames();
    }

    public Schema schema() {
        return schema;
    }

    /** Number of examples per class, index = label. */
    public int[] classCounts() {
        int[] c = new int[numClasses()];
        for (int l : labels) {
            c[l]++;
        }
        return c;
    }

    /** The examples at {@code idx} (in that order, repeats allowed), copied. */
    public Dataset subset(int[] idx) {
        int[] l = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0 || idx[i] >= labels.length) {
                throw new IndexOutOfBoundsException("subset: index " + idx[i] + " at position " + i
                        + " is outside [0, " + labels.length + ")");
            }
            l[i] = labels[idx[i]];
        }
        return new Dataset(name, features.rows(idx), l, schema);
    }

    /** This data set under another name (shares storage). */
    public Dataset withName(String newName) {
        return new Dataset(newName, features, labels, schema);
    }

    /** This data set with other features of the same row count (e.g. after a transform). */
    public Dataset withFeatures(Tensor newFeatures, Schema newSchema) {
        return new Dataset(name, newFeatures, labels, newSchema);
    }

    /** The rows of {@code parts}, in order; all must share one schema. */
    public static Dataset concat(String name, Dataset... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("concat needs at least one dataset");
        }
        Tensor[] f = new Tensor[parts.length];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            if (!parts[i].schema.equals(parts[0].schema)) {
                throw new IllegalArgumentException("concat: schema of '" + parts[i].name + "' " + parts[i].schema
                        + " differs from " + parts[0].schema);
            }
            f[i] = parts[i].features;
            n += parts[i].size();
        }
        int[] l = new int[n];
        int off = 0;
        for (Dataset p : parts) {
            System.arraycopy(p.labels, 0, l, off, p.labels.length);
            off += p.labels.length;
        }
        return new Dataset(name, Tensor.concat(f), l, parts[0].schema);
    }

    /**
     * SHA-256 (lower-case hex) over the feature shape, the features and the labels: the bytes of
     * ASCII {@code privet-dataset-v1}, then as little-endian int32 the rank and each dimension of
     * the feature tensor, the features as IEEE-754 float32 bits (NaNs canonical), and the labels as
     * int32. Names and schema do not enter; two data sets with equal numbers have equal hashes.
     * Computed once and cached; used for report provenance.
     */
    public String contentHash() {
        String h = hash;
        if (h == null) {
            h = computeHash();
            hash = h;
        }
        return h;
    }

    private String computeHash() {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 is required of every JDK", e);
        }
        int[] shape = features.shape();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        md.update("privet-dataset-v1".getBytes(StandardCharsets.US_ASCII));
        buf.putInt(shape.length);
        for (int s : shape) {
            buf.putInt(s);
        }
        float[] d = features.data();
        for (float v : d) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putInt(Float.floatToIntBits(v));
        }
        for (int l : labels) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putInt(l);
        }
        md.update(buf.array(), 0, buf.position());
        return HexFormat.of().formatHex(md.digest());
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", n=" + size() + ", features " + features.shapeString() + ", classes="
                + numClasses() + "]";
    }
}
