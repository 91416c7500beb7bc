package org.privet.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.model.LabelClassifier;
import org.privet.core.model.io.Models;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code privet model}: inspect model files. */
@Command(name = "model", mixinStandardHelpOptions = true, description = "Inspect Privet model files and export them (ONNX).",
        subcommands = {ModelCommand.InfoCommand.class, ModelExportCommand.class})
final class ModelCommand implements Runnable {
    @Override
    public void run() {
        throw new UsageException("privet model needs a subcommand: info, export");
    }

    @Command(name = "info", mixinStandardHelpOptions = true,
            description = "Check a model file (format, checksum) and print its kind, shapes and provenance.")
    static final class InfoCommand implements Callable<Integer> {
        @Mixin
        CommonOptions common;

        @Parameters(paramLabel = "FILE", description = "A model file written by privet train.")
        Path file;

        @Override
        public Integer call() throws Exception {
            common.apply();
            Models.Loaded loaded = Models.load(file);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("file", file.toString());
            m.put("kind", loaded.kind());
            if (loaded.model() instanceof LabelClassifier c) {
                m.put("inputShape", c.inputShape());
                m.put("classes", c.numClasses());
            }
            if (loaded.savedAt() != null) {
                m.put("savedAt", loaded.savedAt().toString());
            }
            if (loaded.provenance() != null) {
                m.put("provenance", loaded.provenance());
            }
            if (common.json) {
                Json.print(m);
            } else {
                for (Map.Entry<String, Object> e : m.entrySet()) {
                    Object v = e.getValue();
                    if (v instanceof org.privet.core.model.io.Provenance p) {
                        System.out.printf("%-12s %s%n", "creator", p.creator());
                        System.out.printf("%-12s %s%n", "seed", p.seed());
                        System.out.printf("%-12s %s%n", "dataset", p.datasetHash());
                        System.out.printf("%-12s %s%n", "version", p.privetVersion());
                        p.parameters().forEach((k, pv) -> System.out.printf("  %-18s %s%n", k, pv));
                        continue;
                    }
                    String s = v instanceof int[] a ? Arrays.toString(a) : String.valueOf(v);
                    System.out.printf("%-12s %s%n", e.getKey(), s);
                }
            }
            return Main.OK;
        }
    }
}
