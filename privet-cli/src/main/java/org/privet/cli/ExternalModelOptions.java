package org.privet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code privet audit} flags for models trained elsewhere: an ONNX target ({@code --target
 * model.onnx}) and score files ({@code --scores}). Read by {@link OnnxTarget} and {@link ScoresImport}.
 */
final class ExternalModelOptions {
    @Option(names = "--member-column", paramLabel = "COLUMN",
            description = {"With --target MODEL.onnx and a CSV --data file: the column that says which rows the "
                + "model trained on (1) and which it did not (0, or -1); it is not a feature. Features go to the model "
                + "exactly as they are in the file (no standardisation). Without it, members are the data's training "
                + "split as 'privet train' builds it (for ONNX files exported from Privet models)."})
    String memberColumn;

    @Option(names = "--onnx-output", defaultValue = "auto", paramLabel = "KIND",
            description = "What the ONNX model's output holds: auto, logits, probabilities, log-probabilities "
                    + "(default: ${DEFAULT-VALUE}: a Softmax at the end of the graph, else a probe query, decides).")
    String onnxOutputKind;

    @Option(names = "--onnx-input-name", paramLabel = "NAME", description = "ONNX graph input to feed (default: the only one).")
    String onnxInputName;

    @Option(names = "--onnx-output-name", paramLabel = "NAME",
            description = "ONNX graph output to read (default: the first float [batch, classes] output).")
    String onnxOutputName;

    @Option(names = "--scores", paramLabel = "FILE",
            description = {"Audit from per-record scores of a model trained anywhere, without the model: a CSV (columns "
                + "logit_0.. or prob_0.. or loss or confidence, with label, member (1 member, 0 non-member, -1 not "
                + "audited) and optional id) or an NPY array [records, classes] or [records]. No training: only "
                + "attacks that can run on the scores given do; the report says which were skipped and why."})
    Path scores;

    @Option(names = "--score-kind", defaultValue = "auto", paramLabel = "KIND",
            description = "What --scores holds: auto, logits, probabilities, loss, confidence (default: ${DEFAULT-VALUE}).")
    String scoreKind;

    @Option(names = "--score-labels", paramLabel = "FILE", description = "NPY [records] of class indices (for NPY --scores).")
    Path scoreLabels;

    @Option(names = "--score-members", paramLabel = "FILE",
            description = "NPY [records] of membership: 1 member, 0 non-member, -1 not audited, or bool (for NPY --scores).")
    Path scoreMembers;

    @Option(names = "--reference-scores", paramLabel = "FILE",
            description = "NPY [models, records(, classes)]: reference models' scores on the same records, same kind "
                    + "(enables LiRA and RMIA); needs --reference-keep.")
    Path referenceScores;

    @Option(names = "--reference-keep", paramLabel = "FILE",
            description = "NPY bool [models, records]: whether each reference model trained on each record.")
    Path referenceKeep;
}
