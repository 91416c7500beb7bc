package org.privet.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.model.io.Models;
import org.privet.core.model.io.Provenance;
import org.privet.onnx.OnnxExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code privet model export MODEL --format onnx --out FILE}: writes a Privet model (MLP, CNN,
 * logistic regression; DP-trained or not) as a self-contained ONNX file, via a temporary file
 * moved into place. The training provenance (seed, data set hash, creator) goes into the ONNX
 * metadata, so {@code privet audit --target FILE.onnx} can check it is given the right data.
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a Privet model as ONNX (opset 13), to serve it with any ONNX runtime.",
        footer = {"", "Example:", "  privet train --out model.pmf && privet model export model.pmf --out model.onnx"})
final class ModelExportCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Parameters(paramLabel = "MODEL", description = "A model file written by privet train.")
    Path file;

    @Option(names = "--format", defaultValue = "onnx", paramLabel = "FORMAT", description = "Output format: onnx (default).")
    String format;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Output file (default: MODEL with .onnx).")
    Path out;

    @Override
    public Integer call() throws Exception {
        common.apply();
        if (!format.toLowerCase(Locale.ROOT).equals("onnx")) {
            throw new UsageException("--format must be onnx. Provided value: " + format);
        }
        Models.Loaded m = Models.load(file);
        Path target = out;
        if (target == null) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            target = file.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".onnx");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("privet.kind", m.kind());
        Provenance p = m.provenance();
        if (p != null) {
            if (p.creator() != null) {
                meta.put("privet.creator", p.creator());
            }
            if (p.seed() != null) {
                meta.put("privet.seed", Long.toString(p.seed()));
            }
            if (p.datasetHash() != null) {
                meta.put("privet.datasetHash", p.datasetHash());
            }
            p.parameters().forEach((k, v) -> meta.put("privet.param." + k, String.valueOf(v)));
        }
        try {
            OnnxExport.write(m.model(), target, meta);
        } catch (IllegalArgumentException e) {
            throw new UsageException(file + ": " + e.getMessage());
        }
        if (common.json) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("model", file.toString());
            j.put("kind", m.kind());
            j.put("onnx", target.toString());
            j.put("opset", OnnxExport.OPSET);
            j.put("bytes", java.nio.file.Files.size(target));
            Json.print(j);
        } else {
            System.out.println("wrote " + target + " (ONNX opset " + OnnxExport.OPSET + "; outputs '" + OnnxExport.LOGITS
                    + "' and '" + OnnxExport.PROBABILITIES + "')");
        }
        return Main.OK;
    }
}
