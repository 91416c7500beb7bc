package org.privet.onnx.scores;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.privet.core.data.DataFormatException;

/**
 * Per-record outputs of a model trained anywhere, read from files, for a membership audit without
 * the model: the target's scores on each record, each record's true label and membership, and
 * optionally the scores of reference models with the records each one trained on (the layout of
 * Carlini et al.'s LiRA code: scores {@code [models x records]}, keep {@code [models x records]}).
 *
 * <p><b>Target scores</b> ({@link Sources#scores()}), one of:
 * <ul>
 *   <li>CSV with a header: {@code logit_0..logit_{C-1}} (logits), or {@code prob_0..prob_{C-1}}
 *       (probabilities), or {@code loss} (per-record cross-entropy), or {@code confidence} (the
 *       probability of the true class); optional {@code label} (class index), {@code member} and
 *       {@code id} columns; any other column is an error;</li>
 *   <li>NPY: {@code [n, C]} logits or probabilities (told apart as below) or {@code [n]} losses or
 *       confidences (the kind must then be given).</li>
 * </ul>
 * Labels and membership may instead come from NPY files ({@link Sources#labels()},
 * {@link Sources#members()}). Membership per record: {@code 1} = the target trained on it,
 * {@code 0} = it did not (audited as a non-member), {@code -1} = not audited (population records:
 * attacker-owned data, used by RMIA as its reference set {@code z}). Bools read as 1/0.
 *
 * <p><b>Kind</b>: given, or for {@code [n, C]} values: probabilities when every row lies in [0, 1]
 * and sums to 1 within 1e-3, else logits. Labels are required for vector kinds (the signals are
 * about the true class). Probabilities must pass that row check, losses be {@code >= 0},
 * confidences lie in [0, 1]; every value finite.
 *
 * <p><b>References</b> ({@link Sources#referenceScores()}): NPY {@code [M, n, C]} (vector kinds) or
 * {@code [M, n]} (scalar kinds), the same kind as the target's, same record order; with
 * {@link Sources#referenceKeep()}: NPY bool {@code [M, n]}, whether model {@code m} trained on
 * record {@code i}.
 *
 * <p>Signals are computed in double precision: for logits {@code log p_y = z_y - logsumexp(z)} and
 * LiRA's {@code phi = z_y - logsumexp_{j != y} z_j}; for probabilities
 * {@code phi = log p_y - log sum_{j != y} p_j}; for a loss {@code L}: {@code p_y = exp(-L)},
 * {@code phi = -L - log(-expm1(-L))}; for a confidence {@code p}: {@code phi = log p - log1p(-p)}.
 * Losses are floored at {@value #MIN_LOSS} (and confidences capped at {@code 1 - 1e-15}) so phi
 * stays finite. Every error names the file and, for CSV, the line and column. Immutable; thread safe.
 */
public final class ImportedScores {
    /** Smallest loss used for phi (a loss of exactly 0 would make phi infinite). */
    public static final double MIN_LOSS = 1e-12;

    /** What the per-record values are. */
    public enum Kind {
        LOGITS, PROBABILITIES, LOSS, CONFIDENCE;

        /** One value vector of C classes per record (logits, probabilities) or one number. */
        public boolean isVector() {
            return this == LOGITS || this == PROBABILITIES;
        }

        /** Parses {@code logits, probabilities, loss, confidence} (case-insensitive; {@code auto} gives null). */
        public static Kind parse(String s) {
            if (s == null || s.equalsIgnoreCase("auto")) {
                return null;
            }
            for (Kind k : values()) {
                if (k.name().equalsIgnoreCase(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("score kind must be one of auto, logits, probabilities, loss, "
                    + "confidence. Provided value: " + s);
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The files to read.
     *
     * @param scores          target scores, CSV or NPY (required)
     * @param kind            what they are, or null to decide as the class comment says
     * @param labels          NPY of class indices (when the scores file has no label column), or null
     * @param members         NPY of membership 1/0/-1 or bool (when the scores file has no member column), or null
     * @param referenceScores NPY of reference-model scores, or null
     * @param referenceKeep   NPY bool [M, n] (required with reference scores), or null
     */
    public record Sources(Path scores, Kind kind, Path labels, Path members, Path referenceScores, Path referenceKeep) {
        public Sources {
            if (scores == null) {
                throw new IllegalArgumentException("a scores file is required");
            }
            if ((referenceScores == null) != (referenceKeep == null)) {
                throw new IllegalArgumentException("reference scores and their keep matrix go together: give both or "
                        + "neither (reference scores " + referenceScores + ", keep " + referenceKeep + ")");
            }
        }
    }

    private final Kind kind;
    private final int n;
    private final int classes;
    private final double[] target;
    private final int[] labels;
    private final byte[] membership;
    private final String[] ids;
    private final double[][] references;
    private final boolean[][] keep;
    private final String description;

    private ImportedScores(Kind kind, int n, int classes, double[] target, int[] labels, byte[] membership,
            String[] ids, double[][] references, boolean[][] keep, String description) {
        this.kind = kind;
        this.n = n;
        this.classes = classes;
        this.target = target;
        this.labels = labels;
        this.membership = membership;
        this.ids = ids;
        this.references = references;
        this.keep = keep;
        this.description = description;
    }

    /**
     * Reads and checks the files.
     *
     * @throws DataFormatException naming the file (and line, column) of the first problem
     * @throws IOException when a file cannot be read
     */
    public static ImportedScores read(Sources s) throws IOException {
        Path f = s.scores();
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        Kind kind = s.kind();
        double[] values;
        int n;
        int c;
        int[] labels = null;
        byte[] members = null;
        String[] ids = null;
        if (name.endsWith(".npy")) {
            Npy.Array a = Npy.read(f);
            if (a.rank() == 2) {
                n = a.shape()[0];
                c = a.shape()[1];
                if (kind != null && !kind.isVector()) {
                    throw new DataFormatException(f, "scores of shape " + Arrays.toString(a.shape()) + " are per-class "
                            + "vectors, but the kind given is '" + kind + "'; give logits, probabilities or auto");
                }
            } else if (a.rank() == 1) {
                n = a.shape()[0];
                c = 0;
                if (kind == null || kind.isVector()) {
                    throw new DataFormatException(f, "a 1-D scores array holds one number per record: say whether it is "
                            + "'loss' or 'confidence' (kind given: " + (kind == null ? "auto" : kind) + ")");
                }
            } else {
                throw new DataFormatException(f, "scores must be [records, classes] or [records]; the array is "
                        + Arrays.toString(a.shape()));
            }
            values = a.values();
        } else if (name.endsWith(".csv")) {
            Csv csv = Csv.read(f);
            n = csv.rows;
            c = csv.classes;
            if (kind != null && kind != csv.kind) {
                throw new DataFormatException(f, "the columns hold " + csv.kind + " but the kind given is '" + kind + "'");
            }
            kind = csv.kind;
            values = csv.values;
            labels = csv.labels;
            members = csv.members;
            ids = csv.ids;
        } else {
            throw new DataFormatException(f, "scores must be a .csv or .npy file");
        }
        if (n == 0) {
            throw new DataFormatException(f, "no records");
        }
        if (kind == null) {
            kind = c < 2 ? null : allProbabilityRows(values, n, c) ? Kind.PROBABILITIES : Kind.LOGITS;
            if (kind == null) {
                throw new DataFormatException(f, "per-class scores need at least 2 classes; the array has " + c);
            }
        }
        if (kind.isVector() && c < 2) {
            throw new DataFormatException(f, kind + " need at least 2 classes; found " + c);
        }
        checkValues(f, kind, values, n, c, "target");
        if (s.labels() != null) {
            if (labels != null) {
                throw new DataFormatException(s.labels(), "labels are given twice: in " + f + " (column 'label') and here");
            }
            labels = labels(Npy.read(s.labels()), s.labels(), n);
        }
        if (labels != null && c > 0) {
            for (int i = 0; i < n; i++) {
                if (labels[i] >= c) {
                    throw new DataFormatException(s.labels() != null ? s.labels() : f, "record " + i + " has label "
                            + labels[i] + " but the scores have " + c + " classes (labels are 0.." + (c - 1) + ")");
                }
            }
        }
        if (kind.isVector() && labels == null) {
            throw new DataFormatException(f, kind + " need each record's true label: a 'label' column or a labels file");
        }
        if (s.members() != null) {
            if (members != null) {
                throw new DataFormatException(s.members(), "membership is given twice: in " + f
                        + " (column 'member') and here");
            }
            members = members(Npy.read(s.members()), s.members(), n);
        }
        if (members == null) {
            throw new DataFormatException(f, "membership is needed to measure the attacks: a 'member' column "
                    + "(1 member, 0 non-member, -1 not audited) or a members file");
        }
        int nm = 0;
        int nn = 0;
        for (byte m : members) {
            nm += m == 1 ? 1 : 0;
            nn += m == 0 ? 1 : 0;
        }
        if (nm == 0 || nn == 0) {
            throw new DataFormatException(s.members() != null ? s.members() : f, "an audit needs at least one member "
                    + "and one non-member; found " + nm + " members and " + nn + " non-members");
        }
        double[][] refs = null;
        boolean[][] keep = null;
        if (s.referenceScores() != null) {
            Npy.Array r = Npy.read(s.referenceScores());
            int[] want = kind.isVector() ? new int[] {-1, n, c} : new int[] {-1, n};
            if (r.rank() != want.length || r.shape()[1] != n || (kind.isVector() && r.shape()[2] != c)) {
                throw new DataFormatException(s.referenceScores(), "reference scores must have shape [models, " + n
                        + (kind.isVector() ? ", " + c : "") + "] (" + kind + " like the target's, same records); the "
                        + "array is " + Arrays.toString(r.shape()));
            }
            int models = r.shape()[0];
            if (models == 0) {
                throw new DataFormatException(s.referenceScores(), "no reference models (first dimension is 0)");
            }
            int per = kind.isVector() ? n * c : n;
            refs = new double[models][];
            for (int m = 0; m < models; m++) {
                refs[m] = Arrays.copyOfRange(r.values(), m * per, (m + 1) * per);
                checkValues(s.referenceScores(), kind, refs[m], n, c, "reference model " + m);
            }
            Npy.Array k = Npy.read(s.referenceKeep());
            if (k.rank() != 2 || k.shape()[0] != models || k.shape()[1] != n) {
                throw new DataFormatException(s.referenceKeep(), "keep must have shape [" + models + ", " + n
                        + "] (models x records, like the reference scores); the array is " + Arrays.toString(k.shape()));
            }
            keep = new boolean[models][n];
            for (int m = 0; m < models; m++) {
                for (int i = 0; i < n; i++) {
                    double v = k.values()[m * n + i];
                    if (v != 0 && v != 1) {
                        throw new DataFormatException(s.referenceKeep(), "keep[" + m + "][" + i + "] must be 0/1 (or "
                                + "bool). Provided value: " + v);
                    }
                    keep[m][i] = v == 1;
                }
            }
        }
        String desc = String.format(Locale.ROOT, "%s of %d records (%d members, %d non-members, %d not audited)%s from %s%s",
                kind, n, nm, nn, n - nm - nn, c > 0 ? ", " + c + " classes" : "", f,
                refs == null ? "" : "; " + refs.length + " reference models from " + s.referenceScores());
        return new ImportedScores(kind, n, c, values, labels, members, ids, refs, keep, desc);
    }

    private static boolean allProbabilityRows(double[] v, int n, int c) {
        for (int i = 0; i < n; i++) {
            if (!probabilityRow(v, i, c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean probabilityRow(double[] v, int i, int c) {
        double s = 0;
        for (int j = 0; j < c; j++) {
            double p = v[i * c + j];
            if (!(p >= 0 && p <= 1)) {
                return false;
            }
            s += p;
        }
        return Math.abs(s - 1) <= 1e-3;
    }

    private static void checkValues(Path f, Kind kind, double[] v, int n, int c, String who) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new DataFormatException(f, who + ", record " + (c > 0 ? i / c : i) + ": score must be finite. "
                        + "Provided value: " + v[i]);
            }
        }
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case PROBABILITIES -> {
                    if (!probabilityRow(v, i, c)) {
                        throw new DataFormatException(f, who + ", record " + i + ": probabilities must lie in [0, 1] and "
                                + "sum to 1 within 1e-3. Provided row: " + Arrays.toString(Arrays.copyOfRange(v, i * c,
                                i * c + c)));
                    }
                }
                case LOSS -> {
                    if (v[i] < 0) {
                        throw new DataFormatException(f, who + ", record " + i + ": a cross-entropy loss must be >= 0. "
                                + "Provided value: " + v[i]);
                    }
                }
                case CONFIDENCE -> {
                    if (v[i] < 0 || v[i] > 1) {
                        throw new DataFormatException(f, who + ", record " + i + ": a confidence must be in [0, 1]. "
                                + "Provided value: " + v[i]);
                    }
                }
                default -> {
                }
            }
        }
    }

    private static int[] labels(Npy.Array a, Path f, int n) {
        if (a.rank() != 1 || a.shape()[0] != n) {
            throw new DataFormatException(f, "labels must have shape [" + n + "]; the array is "
                    + Arrays.toString(a.shape()));
        }
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double v = a.values()[i];
            if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                throw new DataFormatException(f, "label " + i + " must be a class index >= 0. Provided value: " + v);
            }
            out[i] = (int) v;
        }
        return out;
    }

    private static byte[] members(Npy.Array a, Path f, int n) {
        if (a.rank() != 1 || a.shape()[0] != n) {
            throw new DataFormatException(f, "membership must have shape [" + n + "]; the array is "
                    + Arrays.toString(a.shape()));
        }
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            double v = a.values()[i];
            if (v != 1 && v != 0 && v != -1) {
                throw new DataFormatException(f, "membership " + i + " must be 1 (member), 0 (non-member) or -1 (not "
                        + "audited). Provided value: " + v);
            }
            out[i] = (byte) v;
        }
        return out;
    }

    /** The kind of the values. */
    public Kind kind() {
        return kind;
    }

    /** Number of records. */
    public int records() {
        return n;
    }

    /** Classes of vector kinds; 0 for losses and confidences. */
    public int classes() {
        return classes;
    }

    /** A copy of the labels, or null when not given (possible for scalar kinds only). */
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** A copy of the membership per record: 1 member, 0 non-member, -1 not audited. */
    public byte[] membership() {
        return membership.clone();
    }

    /** Record ids from an {@code id} column, or null (then the record index is the id). */
    public String[] ids() {
        return ids == null ? null : ids.clone();
    }

    /** Number of reference models (0 when none were given). */
    public int referenceModels() {
        return references == null ? 0 : references.length;
    }

    /** Whether reference model {@code m} trained on record {@code i}. */
    public boolean keep(int m, int i) {
        return keep[m][i];
    }

    /** What was read, in one line. */
    public String describe() {
        return description;
    }

    /**
     * The per-class values of the target ({@code model = -1}) or reference model {@code model},
     * row-major {@code [records * classes]} as float (vector kinds only).
     */
    public float[] vectors(int model) {
        if (!kind.isVector()) {
            throw new IllegalStateException("scores of kind " + kind + " have no per-class vectors");
        }
        double[] v = values(model);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) v[i];
        }
        return out;
    }

    /** Per-record cross-entropy loss, {@code -log p_y} (labels required for vector kinds). */
    public double[] loss(int model) {
        double[] lp = logTrueClassProbability(model);
        for (int i = 0; i < lp.length; i++) {
            lp[i] = -lp[i];
        }
        return lp;
    }

    /** Per-record probability of the true class, {@code p_y}. */
    public double[] trueClassProbability(int model) {
        double[] lp = logTrueClassProbability(model);
        for (int i = 0; i < lp.length; i++) {
            lp[i] = Math.exp(lp[i]);
        }
        return lp;
    }

    /** Per-record LiRA signal {@code phi = log(p_y / (1 - p_y))}, computed as the class comment says; finite. */
    public double[] phi(int model) {
        double[] v = values(model);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case LOGITS -> {
                    int y = labels[i];
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < classes; j++) {
                        if (j != y) {
                            m = Math.max(m, v[i * classes + j]);
                        }
                    }
                    double s = 0;
                    for (int j = 0; j < classes; j++) {
                        if (j != y) {
                            s += Math.exp(v[i * classes + j] - m);
                        }
                    }
                    out[i] = v[i * classes + y] - (m + Math.log(s));
                }
                case PROBABILITIES -> {
                    int y = labels[i];
                    double rest = 0;
                    for (int j = 0; j < classes; j++) {
                        if (j != y) {
                            rest += v[i * classes + j];
                        }
                    }
                    double py = Math.max(v[i * classes + y], Double.MIN_NORMAL);
                    out[i] = Math.log(py) - Math.log(Math.max(rest, Double.MIN_NORMAL));
                }
                case LOSS -> {
                    double l = Math.max(v[i], MIN_LOSS);
                    out[i] = -l - Math.log(-Math.expm1(-l));
                }
                case CONFIDENCE -> {
                    double p = Math.min(Math.max(v[i], Double.MIN_NORMAL), 1 - 1e-15);
                    out[i] = Math.log(p) - Math.log1p(-p);
                }
                default -> throw new AssertionError("internal invariant: kind " + kind);
            }
        }
        return out;
    }

    private double[] logTrueClassProbability(int model) {
        double[] v = values(model);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case LOGITS -> {
                    double m = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < classes; j++) {
                        m = Math.max(m, v[i * classes + j]);
                    }
                    double s = 0;
                    for (int j = 0; j < classes; j++) {
                        s += Math.exp(v[i * classes + j] - m);
                    }
                    out[i] = v[i * classes + labels[i]] - (m + Math.log(s));
                }
                case PROBABILITIES -> out[i] = Math.log(Math.max(v[i * classes + labels[i]], Double.MIN_NORMAL));
                case LOSS -> out[i] = -v[i];
                case CONFIDENCE -> out[i] = Math.log(Math.max(v[i], Double.MIN_NORMAL));
                default -> throw new AssertionError("internal invariant: kind " + kind);
            }
        }
        return out;
    }

    private double[] values(int model) {
        if (model == -1) {
            return target;
        }
        if (references == null || model < 0 || model >= references.length) {
            throw new IllegalArgumentException("model must be -1 (target) or a reference model in [0, "
                    + referenceModels() + "). Provided value: " + model);
        }
        return references[model];
    }

    /** The CSV layout of the target's scores. */
    private static final class Csv {
        Kind kind;
        int rows;
        int classes;
        double[] values;
        int[] labels;
        byte[] members;
        String[] ids;

        static Csv read(Path f) throws IOException {
            Csv out = new Csv();
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                String head = r.readLine();
                if (head == null || head.isBlank()) {
                    throw new DataFormatException(f, 1, null, "empty file: a header row is needed", null);
                }
                String[] cols = head.split(",", -1);
                int labelCol = -1;
                int memberCol = -1;
                int idCol = -1;
                int scalarCol = -1;
                List<Integer> vec = new ArrayList<>();
                String prefix = null;
                for (int j = 0; j < cols.length; j++) {
                    String cname = cols[j].trim().toLowerCase(Locale.ROOT);
                    cols[j] = cname;
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(logit|prob|p)_(\\d+)").matcher(cname);
                    if (cname.equals("label")) {
                        labelCol = j;
                    } else if (cname.equals("member")) {
                        memberCol = j;
                    } else if (cname.equals("id")) {
                        idCol = j;
                    } else if (cname.equals("loss") || cname.equals("confidence")) {
                        if (scalarCol >= 0) {
                            throw new DataFormatException(f, 1, cname, "only one of 'loss' and 'confidence' may be given",
                                    null);
                        }
                        scalarCol = j;
                    } else if (m.matches()) {
                        String p = m.group(1).equals("logit") ? "logit" : "prob";
                        if (prefix != null && !prefix.equals(p)) {
                            throw new DataFormatException(f, 1, cname, "logit_ and prob_ columns cannot be mixed", null);
                        }
                        prefix = p;
                        if (Integer.parseInt(m.group(2)) != vec.size()) {
                            throw new DataFormatException(f, 1, cname, "class columns must be numbered 0, 1, 2, ... in "
                                    + "order; expected " + p + "_" + vec.size(), null);
                        }
                        vec.add(j);
                    } else {
                        throw new DataFormatException(f, 1, cols[j], "unknown column; expected label, member, id, "
                                + "logit_K, prob_K, loss or confidence", null);
                    }
                }
                if (scalarCol >= 0 && !vec.isEmpty()) {
                    throw new DataFormatException(f, 1, cols[scalarCol], "give either per-class columns or one "
                            + "loss/confidence column, not both", null);
                }
                if (scalarCol < 0 && vec.isEmpty()) {
                    throw new DataFormatException(f, 1, null, "no score columns: expected logit_0.., prob_0.., loss or "
                            + "confidence", null);
                }
                out.kind = scalarCol >= 0 ? (cols[scalarCol].equals("loss") ? Kind.LOSS : Kind.CONFIDENCE)
                        : prefix.equals("logit") ? Kind.LOGITS : Kind.PROBABILITIES;
                out.classes = vec.size();
                int width = Math.max(1, vec.size());
                double[] vals = new double[1024 * width];
                int[] labels = labelCol >= 0 ? new int[1024] : null;
                byte[] members = memberCol >= 0 ? new byte[1024] : null;
                List<String> ids = idCol >= 0 ? new ArrayList<>() : null;
                int n = 0;
                long line = 1;
                String s;
                while ((s = r.readLine()) != null) {
                    line++;
                    if (s.isBlank()) {
                        continue;
                    }
                    String[] cells = s.split(",", -1);
                    if (cells.length != cols.length) {
                        throw new DataFormatException(f, line, null, "expected " + cols.length + " fields, found "
                                + cells.length, null);
                    }
                    if ((n + 1) * width > vals.length) {
                        vals = Arrays.copyOf(vals, vals.length * 2);
                    }
                    if (labels != null && n == labels.length) {
                        labels = Arrays.copyOf(labels, n * 2);
                    }
                    if (members != null && n == members.length) {
                        members = Arrays.copyOf(members, n * 2);
                    }
                    if (scalarCol >= 0) {
                        vals[n] = number(f, line, cols[scalarCol], cells[scalarCol]);
                    } else {
                        for (int k = 0; k < vec.size(); k++) {
                            vals[n * width + k] = number(f, line, cols[vec.get(k)], cells[vec.get(k)]);
                        }
                    }
                    if (labels != null) {
                        double v = number(f, line, "label", cells[labelCol]);
                        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
                            throw new DataFormatException(f, line, "label", "must be a class index >= 0. Provided value: "
                                    + cells[labelCol].trim(), null);
                        }
                        labels[n] = (int) v;
                    }
                    if (members != null) {
                        members[n] = member(f, line, cells[memberCol]);
                    }
                    if (ids != null) {
                        ids.add(cells[idCol].trim());
                    }
                    n++;
                }
                out.rows = n;
                out.values = Arrays.copyOf(vals, n * width);
                out.labels = labels == null ? null : Arrays.copyOf(labels, n);
                out.members = members == null ? null : Arrays.copyOf(members, n);
                out.ids = ids == null ? null : ids.toArray(new String[0]);
            }
            return out;
        }

        private static double number(Path f, long line, String col, String cell) {
            try {
                return Double.parseDouble(cell.trim());
            } catch (NumberFormatException e) {
                throw new DataFormatException(f, line, col, "'" + cell.trim() + "' is not a number", e);
            }
        }

        private static byte member(Path f, long line, String cell) {
            String t = cell.trim().toLowerCase(Locale.ROOT);
            return switch (t) {
                case "1", "true", "yes", "member" -> 1;
                case "0", "false", "no", "non-member" -> 0;
                case "-1", "", "population", "unknown" -> -1;
                default -> throw new DataFormatException(f, line, "member", "must be 1 (member), 0 (non-member) or -1 "
                        + "(not audited). Provided value: '" + cell.trim() + "'", null);
            };
        }
    }
}
