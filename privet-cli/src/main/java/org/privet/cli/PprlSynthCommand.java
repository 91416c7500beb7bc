package org.privet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.pprl.synth.Corruption;
import org.privet.pprl.synth.SynthConfig;
import org.privet.pprl.synth.SynthDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privet pprl synth}: two CSV files of synthetic person records with ground truth. */
@Command(name = "synth", mixinStandardHelpOptions = true,
        description = {"Generate two CSV files of synthetic person records (first names and surnames from the 1990 US "
                + "census frequency lists) for linkage experiments. File B holds corrupted copies of some of A's people "
                + "(typos, OCR and phonetic errors, nicknames, missing values, swapped fields, changed digits). Columns: "
                + "id,entity_id,first_name,last_name,sex,dob,zip; entity_id is the ground truth."},
        footer = {"", "Example:",
            "  privet pprl synth --records-a 5000 --records-b 5000 --overlap 0.5 --corruption 0.3 --seed 7 \\",
            "      --out-a a.csv --out-b b.csv --truth truth.csv"})
final class PprlSynthCommand implements Callable<Integer> {
    @Option(names = "--records-a", defaultValue = "1000", paramLabel = "N", description = "Records in A (default: ${DEFAULT-VALUE}).")
    int recordsA;

    @Option(names = "--records-b", defaultValue = "1000", paramLabel = "N", description = "Records in B (default: ${DEFAULT-VALUE}).")
    int recordsB;

    @Option(names = "--overlap", defaultValue = "0.5", paramLabel = "X",
            description = "Fraction of min(A, B) people in both files, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double overlap;

    @Option(names = "--corruption", defaultValue = "0.2", paramLabel = "X",
            description = "Probability that a record of B is corrupted, in [0, 1] (default: ${DEFAULT-VALUE}).")
    double corruption;

    @Option(names = "--max-corruptions", defaultValue = "2", paramLabel = "N",
            description = "Errors per corrupted record: 1 to N, uniformly (default: ${DEFAULT-VALUE}).")
    int maxCorruptions;

    @Option(names = "--kinds", split = ",", paramLabel = "KIND[,KIND...]",
            description = "Corruptions to use: typo, ocr, phonetic, nickname, missing, swap, digit (default: all).")
    List<String> kinds;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed: the same seed gives the same files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out-a", required = true, paramLabel = "A.csv", description = "Output file A.")
    Path outA;

    @Option(names = "--out-b", required = true, paramLabel = "B.csv", description = "Output file B.")
    Path outB;

    @Option(names = "--truth", paramLabel = "TRUTH.csv", description = "Also write the true matches as a_id,b_id.")
    Path truth;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException {
        EnumSet<Corruption> k = EnumSet.noneOf(Corruption.class);
        if (kinds == null) {
            k = EnumSet.allOf(Corruption.class);
        } else {
            for (String s : kinds) {
                try {
                    k.add(Corruption.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--kinds: unknown corruption '" + s
                            + "'; use typo, ocr, phonetic, nickname, missing, swap or digit");
                }
            }
        }
        SynthConfig c;
        try {
            c = new SynthConfig(recordsA, recordsB, overlap, corruption, maxCorruptions, k, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage().replace("recordsA", "--records-a").replace("recordsB", "--records-b")
                    .replace("overlap must", "--overlap must").replace("corruptionRate", "--corruption")
                    .replace("maxCorruptions", "--max-corruptions"));
        }
        SynthDataset d = SynthDataset.generate(c);
        SynthDataset.writeCsv(outA, d.a());
        SynthDataset.writeCsv(outB, d.b());
        if (truth != null) {
            d.writeTruth(truth);
        }
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("a", outA.toString());
            m.put("b", outB.toString());
            m.put("recordsA", d.a().size());
            m.put("recordsB", d.b().size());
            m.put("trueMatches", c.shared());
            m.put("seed", seed);
            if (truth != null) {
                m.put("truth", truth.toString());
            }
            Json.print(m);
        } else {
            System.out.println("wrote " + d.a().size() + " records to " + outA + " and " + d.b().size() + " to " + outB
                    + " (" + c.shared() + " true matches, seed " + seed + ")");
        }
        return Main.OK;
    }
}
