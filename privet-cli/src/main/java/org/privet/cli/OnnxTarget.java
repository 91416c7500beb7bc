package org.privet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.privet.core.data.Column;
import org.privet.core.data.ColumnKind;
import org.privet.core.data.DataFormatException;
import org.privet.core.data.Dataset;
import org.privet.core.data.io.CsvLoader;
import org.privet.core.model.io.ModelFileException;
import org.privet.core.progress.Progress;
import org.privet.core.rng.Rng;
import org.privet.onnx.OnnxClassifier;

/**
 * An ONNX model as the target of {@code privet audit --target model.onnx}, with the data it is
 * audited on: either a CSV whose {@code --member-column} says which rows the model trained on
 * (features fed as they are in the file), or the data's training split as {@code privet train}
 * builds it (an ONNX file exported from a Privet model; its metadata's seed and data hash are
 * checked like a Privet model file's). Closing it frees the ONNX Runtime session.
 */
final class OnnxTarget implements AutoCloseable {
    private final DataSources.Loaded loaded;
    private final OnnxClassifier classifier;

    private OnnxTarget(DataSources.Loaded loaded, OnnxClassifier classifier) {
        this.loaded = loaded;
        this.classifier = classifier;
    }

    /** Whether {@code file} names an ONNX model (by its extension). */
    static boolean isOnnx(Path file) {
        return file != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    static OnnxTarget open(Path model, DataSources.Request data, ExternalModelOptions ext, long seed, Rng rng,
            Progress progress) throws ModelFileException {
        DataSources.Loaded loaded = ext.memberColumn != null ? withMemberColumn(data, ext.memberColumn)
                : DataSources.load(data, rng, progress);
        Dataset train = loaded.train();
        int[] example = Arrays.copyOfRange(train.features().shape(), 1, train.features().rank());
        int classes = Math.max(train.numClasses(), loaded.test().numClasses());
        OnnxClassifier.Options o;
        try {
            o = OnnxClassifier.Options.defaults().withOutputKind(OnnxClassifier.OutputKind.parse(ext.onnxOutputKind))
                    .withInputName(ext.onnxInputName).withOutputName(ext.onnxOutputName);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--onnx-output: " + e.getMessage());
        }
        OnnxClassifier c = OnnxClassifier.load(model, example, classes, o);
        try {
            Map<String, String> meta = c.info().metadata();
            if (ext.memberColumn == null) {
                String s = meta.get("privet.seed");
                if (s != null && !s.equals(Long.toString(seed))) {
                    throw new UsageException("--target " + model + " was trained with --seed " + s + "; pass --seed " + s
                            + " (and the same --data flags) so the audit rebuilds its training split");
                }
                String h = meta.get("privet.datasetHash");
                if (h != null && !h.equals(train.contentHash())) {
                    throw new UsageException("--target " + model + ": the data given does not reproduce the model's "
                            + "training set (dataset hash " + h + " in the file, " + train.contentHash() + " here); pass the "
                            + "same --data flags and --seed as for 'privet train'");
                }
                if (h == null && s == null) {
                    System.err.println("note: " + model + " carries no Privet provenance: its members are assumed to be "
                            + "the training split of --data as 'privet train' builds it (use --member-column with a CSV "
                            + "for models trained elsewhere)");
                }
            }
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        DataSources.Loaded described = new DataSources.Loaded(loaded.name(), loaded.train(), loaded.test(),
                loaded.description() + "\nONNX target: input '" + c.inputName() + "', output '" + c.outputName() + "' ("
                        + c.outputKind() + "; " + c.outputKindReason() + "), " + c.info().producer(), loaded.source());
        return new OnnxTarget(described, c);
    }

    /** Train = rows with member 1, test = the others; features as in the file. */
    private static DataSources.Loaded withMemberColumn(DataSources.Request r, String memberColumn) {
        Path file = Path.of(r.data());
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!(name.endsWith(".csv") || name.endsWith(".csv.gz") || name.endsWith(".tsv"))) {
            throw new UsageException("--member-column needs a CSV --data file. Provided value: " + r.data());
        }
        if (r.label() == null) {
            throw new UsageException("--label COLUMN is required for CSV data (" + file + ")");
        }
        if (r.label().equals(memberColumn)) {
            throw new UsageException("--label and --member-column must be different columns. Provided value: "
                    + memberColumn);
        }
        char delim = name.endsWith(".tsv") ? '\t' : ',';
        Dataset all = CsvLoader.load(file, CsvLoader.options().delimiter(delim).label(r.label()).ignore(memberColumn)
                .autoDetectCategorical(false).build());
        Dataset mem = CsvLoader.load(file, CsvLoader.options().delimiter(delim).label(memberColumn).ignore(r.label())
                .autoDetectCategorical(false).build());
        for (Column col : all.schema().columns()) {
            if (col.kind() == ColumnKind.CATEGORICAL) {
                throw new DataFormatException(file, 0, col.name(), "an ONNX model takes numbers; this column is "
                        + "categorical", null);
            }
        }
        List<String> classNames = all.classNames();
        for (int k = 0; k < classNames.size(); k++) {
            if (!classNames.get(k).equals(Integer.toString(k))) {
                throw new DataFormatException(file, 0, r.label(), "labels must be the model's class indices 0.."
                        + (classNames.size() - 1) + " (each present); found classes " + classNames, null);
            }
        }
        List<String> memberValues = mem.classNames();
        int[] code = new int[memberValues.size()];
        for (int k = 0; k < code.length; k++) {
            String v = memberValues.get(k).trim().toLowerCase(Locale.ROOT);
            code[k] = switch (v) {
                case "1", "true", "yes" -> 1;
                case "0", "-1", "false", "no" -> 0;
                default -> throw new DataFormatException(file, 0, memberColumn, "must be 1 (trained on) or 0 / -1 (not). "
                        + "Provided value: '" + memberValues.get(k) + "'", null);
            };
        }
        int[] ml = mem.labels();
        int n = 0;
        for (int v : ml) {
            n += code[v];
        }
        int[] in = new int[n];
        int[] out = new int[ml.length - n];
        for (int i = 0, a = 0, b = 0; i < ml.length; i++) {
            if (code[ml[i]] == 1) {
                in[a++] = i;
            } else {
                out[b++] = i;
            }
        }
        if (in.length < 10 || out.length < 20) {
            throw new DataFormatException(file, 0, memberColumn, "an audit needs >= 10 member rows and >= 20 others; "
                    + "found " + in.length + " and " + out.length, null);
        }
        String dataName = file.getFileName().toString();
        Dataset train = all.subset(in).withName(dataName + "-members");
        Dataset test = all.subset(out).withName(dataName + "-others");
        return new DataSources.Loaded(dataName, train, test, "file " + file + ": " + all.size() + " records, "
                + in.length + " trained on by the model (column '" + memberColumn + "'), " + out.length + " not; "
                + all.features().dim(1) + " features as given, " + all.numClasses() + " classes", file.toString());
    }

    DataSources.Loaded loaded() {
        return loaded;
    }

    OnnxClassifier classifier() {
        return classifier;
    }

    @Override
    public void close() {
        classifier.close();
    }
}
