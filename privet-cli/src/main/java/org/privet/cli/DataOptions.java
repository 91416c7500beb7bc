package org.privet.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The data flags shared by commands that load a data set. */
final class DataOptions {
    @Option(names = {"--data", "--dataset"}, defaultValue = "purchase", paramLabel = "NAME|PATH",
            description = {"Built-in generated data (purchase, gaussian, images), a registry data set "
                    + "(mnist, fashion-mnist, digits, breast-cancer, german-credit; fetched once), or a file: "
                    + "CSV (.csv/.csv.gz/.tsv), ARFF, IDX images (with --idx-labels), or a folder with one "
                    + "sub-folder of images per class (default: ${DEFAULT-VALUE})."})
    String data;

    @Option(names = "--label", paramLabel = "COLUMN", description = "Label column of a CSV or ARFF file.")
    String label;

    @Option(names = "--idx-labels", paramLabel = "FILE", description = "IDX label file that goes with IDX images.")
    Path idxLabels;

    @Option(names = "--records", defaultValue = "6000", paramLabel = "N",
            description = "Records to generate for built-in data (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--classes", paramLabel = "N", description = "Classes of built-in data (default: 10 purchase, 4 gaussian, 10 images).")
    Integer classes;

    @Option(names = "--features", paramLabel = "N", description = "Features of built-in tabular data (default: 600 purchase, 20 gaussian).")
    Integer features;

    @Option(names = "--test-fraction", defaultValue = "0.25", paramLabel = "X",
            description = "Held-out fraction when the data has no test split (default: ${DEFAULT-VALUE}).")
    double testFraction;

    DataSources.Request request() {
        return new DataSources.Request(data, label, idxLabels, records, classes, features, testFraction);
    }
}
