package org.privet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.privet.core.progress.Progress;
import org.privet.pprl.attack.AttackResult;
import org.privet.pprl.attack.HardeningReport;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.pprl.schema.SchemaException;
import org.privet.pprl.synth.SynthConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code privet pprl attack}: the re-identification attacks against each hardening method, as a table. */
@Command(name = "attack", mixinStandardHelpOptions = true,
        description = {"Attack Bloom-filter encodings of synthetic person records with the frequency-based and the "
                + "pattern-mining attacks (Christen et al. 2017/2018), once per hardening method, and measure linkage "
                + "quality (all-pairs Dice, best F1) beside them: what each hardening buys, at what cost.",
            "The attacker holds a public register with every encoded person and as many others, and knows the schema "
                + "but not the key. Re-identified: 1-1 = the attack names exactly the true value; 1-m = it narrows "
                + "the record to 2..10 values including the true one."},
        footer = {"", "Examples:",
            "  privet pprl attack",
            "  privet pprl attack --schema first-names.json --records 5000 --variants none,xorFold,blip --blip-flip 0.1 --json"})
final class PprlAttackCommand implements Callable<Integer> {
    @Option(names = "--schema", paramLabel = "FILE.json",
            description = "Linkage schema over columns first_name, last_name, sex, dob, zip or yob; its hardening is "
                    + "replaced by each variant's (default: first-name bigrams, 1000 bits, the attacked setting of the papers).")
    Path schema;

    @Option(names = "--records", defaultValue = "2000", paramLabel = "N",
            description = "Encoded records, and records of the file linked against them (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--variants", split = ",", paramLabel = "V[,V...]",
            defaultValue = "none,balance,xorFold,rule90,blip,salt",
            description = "Hardening methods: none, balance, xorFold, rule90, blip, salt (default: all).")
    List<String> variants;

    @Option(names = "--blip-flip", defaultValue = "0.05", paramLabel = "P",
            description = "BLIP flip probability in (0, 0.5) (default: ${DEFAULT-VALUE}).")
    double blipFlip;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of the synthetic data and the BLIP noise (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--secret-file", paramLabel = "FILE",
            description = "Key of the data owners (default: a fresh random key, so results vary a little between runs).")
    Path secretFile;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "No progress output.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (records < 50 || records > 100_000) {
            throw new UsageException("--records must be in [50, 100000]. Provided value: " + records);
        }
        if (!(blipFlip > 0 && blipFlip < 0.5)) {
            throw new UsageException("--blip-flip must be in (0, 0.5). Provided value: " + blipFlip);
        }
        List<HardeningReport.Variant> vs = new ArrayList<>();
        for (String v : variants) {
            try {
                vs.add(HardeningReport.variant(v.strip(), blipFlip));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--variants: " + e.getMessage());
            }
        }
        LinkageSchema s;
        try {
            s = schema == null ? HardeningReport.defaultSchema() : LinkageSchema.read(schema);
        } catch (SchemaException e) {
            throw new IOException(e.getMessage(), e);
        }
        LinkageSecret key = secretFile == null ? LinkageSecret.generate() : LinkageSecret.read(secretFile);
        Progress progress = quiet ? Progress.NONE : ConsoleProgress.stderr();
        progress.start("attacking " + records + " encodings", vs.size());
        int[] done = {0};
        HardeningReport.Report rep;
        try {
            rep = HardeningReport.run(s, SynthConfig.defaults(records, seed), vs, key,
                    name -> progress.update(done[0]++, name));
            progress.update(vs.size(), "");
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        } finally {
            progress.finish();
        }
        if (json) {
            Json.print(toJson(rep));
        } else {
            print(rep);
        }
        return Main.OK;
    }

    private static Map<String, Object> toJson(HardeningReport.Report rep) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schemaFingerprint", rep.schemaFingerprint());
        m.put("encodedRecords", rep.recordsA());
        m.put("linkedRecords", rep.recordsB());
        m.put("attackerRegisterRecords", rep.attackerRecords());
        m.put("seed", rep.seed());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (HardeningReport.Row r : rep.rows()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("hardening", r.variant());
            o.put("bits", r.bits());
            o.put("epsilon", Double.isNaN(r.epsilon()) ? null : r.epsilon());
            o.put("frequencyAttack", attack(r.frequency()));
            o.put("patternMiningAttack", attack(r.patternMining()));
            o.put("linkage", Map.of("threshold", r.linkage().threshold(), "precision", r.linkage().precision(),
                    "recall", r.linkage().recall(), "f1", r.linkage().f1()));
            rows.add(o);
        }
        m.put("rows", rows);
        return m;
    }

    private static Map<String, Object> attack(AttackResult a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("oneToOneCorrect", a.oneToOneCorrect());
        m.put("oneToOneWrong", a.oneToOneWrong());
        m.put("oneToManyCorrect", a.oneToManyCorrect());
        m.put("maxMany", a.maxMany());
        m.put("identifiedFeatures", a.identifiedFeatures());
        return m;
    }

    private static void print(HardeningReport.Report rep) {
        System.out.printf(Locale.ROOT, "Re-identification of %d encoded records (schema %s, seed %d); attacker's "
                        + "register: %d records%n", rep.recordsA(), rep.schemaFingerprint().substring(0, 19) + "...",
                rep.seed(), rep.attackerRecords());
        System.out.printf(Locale.ROOT, "%-14s %5s %7s | %-17s | %-28s | %s%n", "", "", "",
                "frequency attack", "pattern-mining attack", "linkage (all-pairs Dice)");
        System.out.printf(Locale.ROOT, "%-14s %5s %7s | %7s %9s | %7s %7s %5s %6s | %5s %5s %5s %5s%n",
                "hardening", "bits", "epsilon", "1-1", "(aligned)", "1-1", "1-m", "wrong", "q-grams",
                "P", "R", "F1", "at");
        for (HardeningReport.Row r : rep.rows()) {
            AttackResult f = r.frequency();
            AttackResult p = r.patternMining();
            System.out.printf(Locale.ROOT, "%-14s %5d %7s | %6.1f%% %9d | %6.1f%% %6.1f%% %5d %7d | %5.3f %5.3f %5.3f %5.2f%n",
                    r.variant(), r.bits(), Double.isNaN(r.epsilon()) ? "-" : String.format(Locale.ROOT, "%.1f", r.epsilon()),
                    100 * f.oneToOneRate(), f.identifiedFeatures(), 100 * p.oneToOneRate(), 100 * p.oneToManyRate(),
                    p.oneToOneWrong(), p.identifiedFeatures(), r.linkage().precision(), r.linkage().recall(),
                    r.linkage().f1(), r.linkage().threshold());
        }
        System.out.println("1-1: exactly the true value named; 1-m: narrowed to 2..10 values including it; wrong: one "
                + "wrong value named.");
    }
}
