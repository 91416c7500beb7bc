package org.privet.pprl.attack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.encode.ClkEncoder;
import org.privet.pprl.encode.LinkageSecret;
import org.privet.pprl.schema.FieldSpec;
import org.privet.pprl.schema.HardeningStep;
import org.privet.pprl.schema.LinkageSchema;
import org.privet.pprl.synth.Person;
import org.privet.pprl.synth.SynthConfig;
import org.privet.pprl.synth.SynthDataset;

/**
 * What each hardening method buys, at what cost: for every {@link Variant} the synthetic file A is encoded, the
 * {@link FrequencyAttack} and the {@link PatternMiningAttack} are run against it with the attacker's plaintext,
 * and linkage quality of A against B is measured by all-pairs Dice ({@link LinkageQuality}).
 *
 * <p>The attacker's plaintext is a public register that holds every person of A (with their true, uncorrupted
 * values) and as many other people drawn from the same census distribution, shuffled: the setting of Christen
 * et al.'s experiments (an encoded database and a public list such as a voter register that covers it). The key
 * is random per run and unknown to the attacker; the schema is public. BLIP noise comes from a generator seeded
 * by the report's seed (an experiment, reproducible; never use such noise for real encodings).
 */
public final class HardeningReport {
    /** A hardening method to compare: its hardening steps and whether every field is salted with the birth year. */
    public record Variant(String name, List<HardeningStep> steps, boolean saltWithBirthYear) {
        public Variant {
            steps = List.copyOf(steps);
        }
    }

    /** One row of the report. {@code epsilon} is NaN when the variant has no BLIP step. */
    public record Row(String variant, int bits, double epsilon, AttackResult frequency, AttackResult patternMining,
                      LinkageQuality linkage) {
    }

    /** The whole report: the setting, then one row per variant. */
    public record Report(String schemaFingerprint, int recordsA, int recordsB, int attackerRecords, long seed,
                         List<Row> rows) {
    }

    private HardeningReport() {
    }

    /**
     * The schema of the built-in comparison: a field-level Bloom filter of the first name, bigrams without padding,
     * keyed BLAKE2b, 10 bits per bigram, 1000 bits: the attacked setting of Christen et al.'s experiments. (Linkage
     * on first names alone is poor; pass a schema with more fields to see the cost of hardening on real linkage.)
     */
    public static LinkageSchema defaultSchema() {
        try (java.io.InputStream in = HardeningReport.class.getResourceAsStream("default-schema.json")) {
            if (in == null) {
                throw new AssertionError("internal invariant: default-schema.json is in the jar");
            }
            return LinkageSchema.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8),
                    "default-schema.json");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the built-in schema", e);
        }
    }

    /** A variant by its CLI name: none, balance, xorFold, rule90, blip, salt. */
    public static Variant variant(String name, double blipFlipProbability) {
        for (Variant v : defaultVariants(blipFlipProbability)) {
            if (v.name().equals(name) || v.name().startsWith(name + "(")) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown hardening variant '" + name
                + "'; use none, balance, xorFold, rule90, blip or salt");
    }

    /** The default comparison: none, balancing, XOR-folding, Rule 90, BLIP with {@code flipProbability}, salting. */
    public static List<Variant> defaultVariants(double blipFlipProbability) {
        return List.of(
                new Variant("none", List.of(), false),
                new Variant("balance", List.of(new HardeningStep.Balance()), false),
                new Variant("xorFold", List.of(new HardeningStep.XorFold()), false),
                new Variant("rule90", List.of(new HardeningStep.Rule90()), false),
                new Variant("blip(p=" + blipFlipProbability + ")",
                        List.of(new HardeningStep.Blip(blipFlipProbability, 0)), false),
                new Variant("salt(yob)", List.of(), true));
    }

    /**
     * Runs the comparison.
     *
     * @param schema   the public schema (its own hardening is replaced by each variant's); its fields must be
     *                 columns of {@link Person#COLUMNS} or {@code yob}
     * @param config   synthetic data: A is attacked, B linked against A
     * @param variants what to compare
     * @param key      the data owners' secret (e.g. {@link LinkageSecret#generate()}), unknown to the attacker
     * @param progress told the name of each variant as it starts (may be null)
     */
    public static Report run(LinkageSchema schema, SynthConfig config, List<Variant> variants, LinkageSecret key,
                             Consumer<String> progress) {
        for (FieldSpec f : schema.fields()) {
            if (!Person.COLUMNS.contains(f.name()) && !f.name().equals("yob")) {
                throw new IllegalArgumentException("schema field '" + f.name() + "' is not a column of the synthetic "
                        + "records; use " + Person.COLUMNS.subList(2, Person.COLUMNS.size()) + " or yob");
            }
        }
        SynthDataset data = SynthDataset.generate(config);
        List<Map<String, String>> a = maps(data.a());
        List<Map<String, String>> b = maps(data.b());
        SynthDataset others = SynthDataset.generate(new SynthConfig(config.recordsA(), 1, 0, 0, 1,
                config.kinds(), config.seed() ^ 0x5DEECE66DL));
        List<Map<String, String>> register = new ArrayList<>(a.size() * 2);
        register.addAll(a);
        register.addAll(maps(others.a()));
        SplittableRandom shuffle = new SplittableRandom(config.seed() + 1);
        for (int i = register.size() - 1; i > 0; i--) {
            java.util.Collections.swap(register, i, shuffle.nextInt(i + 1));
        }
        Map<String, Set<String>> truth = new HashMap<>();
        for (String[] pair : data.truth()) {
            truth.computeIfAbsent(pair[0], k -> new HashSet<>()).add(pair[1]);
        }
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            if (progress != null) {
                progress.accept(v.name());
            }
            LinkageSchema s = variantSchema(schema, v);
            ClkSet encA = encode(s, key, a, data.a(), config.seed() + 11);
            ClkSet encB = encode(s, key, b, data.b(), config.seed() + 13);
            PlaintextValues attacker = new PlaintextValues(s, register);
            PlaintextValues truthValues = new PlaintextValues(s, a);
            List<String> trueValues = new ArrayList<>(a.size());
            for (int i = 0; i < a.size(); i++) {
                trueValues.add(truthValues.recordValue(i));
            }
            PatternMiningAttack pm = PatternMiningAttack.defaults(encA.size());
            int[] idf = new int[1];
            AttackResult freq = AttackResult.score("frequency", new FrequencyAttack(2).attack(encA, attacker, idf),
                    trueValues, pm.maxMany(), idf[0]);
            int[] idp = new int[1];
            AttackResult pat = AttackResult.score("pattern-mining", pm.attack(encA, attacker, idp), trueValues,
                    pm.maxMany(), idp[0]);
            double eps = Double.NaN;
            for (HardeningStep h : s.hardening()) {
                if (h instanceof HardeningStep.Blip bl) {
                    eps = bl.epsilon();
                }
            }
            rows.add(new Row(v.name(), s.outputBits(), eps, freq, pat, LinkageQuality.allPairsDice(encA, encB, truth)));
        }
        return new Report(schema.fingerprint(), data.a().size(), data.b().size(), register.size(), config.seed(),
                rows);
    }

    static LinkageSchema variantSchema(LinkageSchema schema, Variant v) {
        LinkageSchema s = schema.withHardening(v.steps());
        if (!v.saltWithBirthYear()) {
            return s;
        }
        List<FieldSpec> salted = new ArrayList<>();
        for (FieldSpec f : s.fields()) {
            salted.add(f.name().equals("yob") ? f : new FieldSpec(f.name(), f.tokenization(), f.hashing(),
                    f.bitsPerToken(), f.bitsPerFeature(), f.caseSensitive(), "yob"));
        }
        return LinkageSchema.of(s.idColumn(), s.bloomFilterBits(), salted, s.hardening());
    }

    private static ClkSet encode(LinkageSchema s, LinkageSecret key, List<Map<String, String>> recs,
                                 List<Person> people, long noiseSeed) {
        ClkEncoder e = ClkEncoder.insecureSeededNoise(s, key, noiseSeed);
        int w = e.wordsPerRecord();
        long[] words = new long[recs.size() * w];
        List<String> ids = new ArrayList<>(recs.size());
        for (int i = 0; i < recs.size(); i++) {
            long[] one = e.encode(recs.get(i));
            System.arraycopy(one, 0, words, i * w, w);
            ids.add(people.get(i).id());
        }
        return new ClkSet(ids, e.outputBits(), words);
    }

    /** Records as column maps, with a derived {@code yob} (year of birth, empty if the date is missing). */
    static List<Map<String, String>> maps(List<Person> people) {
        List<Map<String, String>> out = new ArrayList<>(people.size());
        for (Person p : people) {
            Map<String, String> m = new LinkedHashMap<>();
            for (String c : Person.COLUMNS) {
                m.put(c, p.value(c));
            }
            m.put("yob", p.dob().length() >= 4 ? p.dob().substring(0, 4) : "");
            out.add(m);
        }
        return out;
    }
}
