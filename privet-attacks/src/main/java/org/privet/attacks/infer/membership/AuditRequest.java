package org.privet.attacks.infer.membership;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.privet.attacks.reference.ModelRecipe;
import org.privet.attacks.reference.QueryAugmentation;
import org.privet.attacks.reference.QueryAugmentations;
import org.privet.core.data.Dataset;
import org.privet.core.model.ProbabilisticClassifier;

/**
 * Everything one membership audit needs: the target, the candidate records, the attacker's
 * population data, how to train reference models, which attacks to run and their options. Built
 * with {@link #builder()}; {@link Builder#build()} validates, so a request that exists is valid
 * (ranges, attack names, shapes, class counts, and whether there are enough reference models and
 * population records for the chosen attacks) and no training starts on a bad request.
 *
 * <h2>Attack names</h2>
 * {@code loss, confidence, entropy, mentr} (single-model baselines), {@code lira-online,
 * lira-offline, rmia-online, rmia-offline, shokri, label-only}; {@code lira} and {@code rmia} mean
 * the online variant when {@link ReferenceMode#ONLINE} (default) and the offline one otherwise;
 * {@code all} means every attack the reference mode allows. Names are case-insensitive.
 *
 * <h2>Data</h2>
 * Candidates are the records to score (typically the target's members and as many non-members; the
 * audit never sees which is which). Population records are data the attacker owns that the target
 * did not train on: offline reference models train on them, RMIA compares against them, Shokri's
 * attack models learn from them. Online reference models train on random halves of candidates plus
 * population. Immutable; thread safe.
 */
public final class AuditRequest {
    /** Attack identifiers after alias resolution, in canonical order. */
    static final List<String> ALL_ATTACKS = List.of("loss", "confidence", "entropy", "mentr", "lira-online",
            "lira-offline", "rmia-online", "rmia-offline", "shokri", "label-only");

    /** Where reference models get their training data. */
    public enum ReferenceMode {
        /** Random halves of candidates + population: each candidate IN for half the models (LiRA/RMIA online). */
        ONLINE,
        /** Random halves of the population only: no model sees a candidate (offline attacks, Shokri's setting). */
        OFFLINE
    }

    /**
     * How baselines and label-only get hard decisions: thresholds fitted on the reference models' own
     * scores of the pool records (IN vs OUT), globally or per class, or none.
     */
    public enum ThresholdMode {
        NONE, GLOBAL, PER_CLASS;

        /** {@code none}, {@code global} or {@code per-class} (case-insensitive). */
        public static ThresholdMode parse(String s) {
            for (ThresholdMode m : values()) {
                if (m.name().equalsIgnoreCase(s.replace('-', '_'))) {
                    return m;
                }
            }
            throw new IllegalArgumentException("thresholds must be none, global or per-class. Provided value: " + s);
        }
    }

    private final ProbabilisticClassifier target;
    private final Dataset candidates;
    private final Dataset population;
    private final ModelRecipe recipe;
    private final List<String> attacks;
    private final int references;
    private final ReferenceMode referenceMode;
    private final List<QueryAugmentation> augmentations;
    private final long seed;
    private final int threads;
    private final boolean liraFixedVariance;
    private final Rmia.Options rmiaOnline;
    private final Rmia.Options rmiaOffline;
    private final ShokriAttack.Options shokri;
    private final ThresholdMode thresholds;
    private final LabelOnly.Options labelOnly;

    private AuditRequest(Builder b, List<String> attacks, boolean fixedVariance, ThresholdMode thresholds,
            LabelOnly.Options labelOnly) {
        this.target = b.target;
        this.candidates = b.candidates;
        this.population = b.population;
        this.recipe = b.recipe;
        this.attacks = List.copyOf(attacks);
        this.references = b.references;
        this.referenceMode = b.referenceMode;
        this.augmentations = List.copyOf(b.augmentations);
        this.seed = b.seed;
        this.threads = b.threads;
        this.liraFixedVariance = fixedVariance;
        this.rmiaOnline = new Rmia.Options(true, b.rmiaA, b.rmiaGamma);
        this.rmiaOffline = new Rmia.Options(false, b.rmiaA, b.rmiaGamma);
        this.shokri = b.shokri;
        this.thresholds = thresholds;
        this.labelOnly = labelOnly;
    }

    public static Builder builder() {
        return new Builder();
    }

    public ProbabilisticClassifier target() {
        return target;
    }

    public Dataset candidates() {
        return candidates;
    }

    /** The population data, or null when none was given. */
    public Dataset population() {
        return population;
    }

    /** The reference recipe, or null when no attack needs reference models. */
    public ModelRecipe recipe() {
        return recipe;
    }

    /** Canonical attack names, in canonical order. */
    public List<String> attacks() {
        return attacks;
    }

    public int references() {
        return references;
    }

    public ReferenceMode referenceMode() {
        return referenceMode;
    }

    public List<QueryAugmentation> augmentations() {
        return augmentations;
    }

    public long seed() {
        return seed;
    }

    public int threads() {
        return threads;
    }

    public boolean liraFixedVariance() {
        return liraFixedVariance;
    }

    public Rmia.Options rmia(boolean online) {
        return online ? rmiaOnline : rmiaOffline;
    }

    public ShokriAttack.Options shokri() {
        return shokri;
    }

    public ThresholdMode thresholds() {
        return thresholds;
    }

    public LabelOnly.Options labelOnly() {
        return labelOnly;
    }

    /** Whether any requested attack (or baseline threshold) needs reference models. */
    public boolean needsReferences() {
        for (String a : attacks) {
            if (needsReferences(a)) {
                return true;
            }
        }
        return thresholds != ThresholdMode.NONE && attacks.stream().anyMatch(AuditRequest::isThresholded);
    }

    /** Attacks whose hard decisions come from {@link Thresholds} fitted on reference models. */
    static boolean isThresholded(String a) {
        return isBaseline(a) || a.equals("label-only");
    }

    static boolean isBaseline(String a) {
        return a.equals("loss") || a.equals("confidence") || a.equals("entropy") || a.equals("mentr");
    }

    static boolean needsReferences(String a) {
        return a.startsWith("lira") || a.startsWith("rmia") || a.equals("shokri");
    }

    /**
     * Mutable builder; {@link #build()} checks everything. Defaults: attacks {@code loss, lira, rmia},
     * 8 references, online, identity query only, seed 0, all cores, LiRA fixed variance when fewer than
     * 64 references (the paper finds the global variance better below 64 models; here, on the Purchase-like
     * test scenario with 16 references, TPR at 1% FPR was 0.12 with fixed and 0.03 with per-example variance), RMIA a = 0.3 and
     * gamma = 1, Shokri logistic attack models, global baseline thresholds when references are trained
     * anyway (none otherwise), label-only with 20 Gaussian-noise queries of standard deviation half the
     * root-mean-square feature standard deviation of the candidates, plus any non-identity query augmentations.
     */
    public static final class Builder {
        private ProbabilisticClassifier target;
        private Dataset candidates;
        private Dataset population;
        private ModelRecipe recipe;
        private List<String> attacks = List.of("loss", "lira", "rmia");
        private int references = 8;
        private ReferenceMode referenceMode = ReferenceMode.ONLINE;
        private List<QueryAugmentation> augmentations = List.of(QueryAugmentations.identity());
        private long seed;
        private int threads = Runtime.getRuntime().availableProcessors();
        private Boolean liraFixedVariance;
        private double rmiaA = 0.3;
        private double rmiaGamma = 1.0;
        private ShokriAttack.Options shokri = ShokriAttack.Options.defaults();
        private ThresholdMode thresholds;
        private LabelOnly.Options labelOnly;
        private Double labelOnlyNoiseStd;
        private int labelOnlyQueries = 20;

        private Builder() {
        }

        /** The model under audit (required). */
        public Builder target(ProbabilisticClassifier v) {
            this.target = v;
            return this;
        }

        /** Records to score (required). */
        public Builder candidates(Dataset v) {
            this.candidates = v;
            return this;
        }

        /** Attacker-owned records the target did not train on (same schema as the candidates). */
        public Builder population(Dataset v) {
            this.population = v;
            return this;
        }

        /** How to train reference models like the target (required by reference-based attacks). */
        public Builder recipe(ModelRecipe v) {
            this.recipe = v;
            return this;
        }

        /** Attack names (see the class comment). */
        public Builder attacks(List<String> v) {
            this.attacks = List.copyOf(v);
            return this;
        }

        /** Comma-separated attack names, e.g. {@code "lira,rmia,loss"}. */
        public Builder attacks(String commaSeparated) {
            List<String> l = new ArrayList<>();
            for (String s : commaSeparated.split(",")) {
                if (!s.isBlank()) {
                    l.add(s.trim());
                }
            }
            return attacks(l);
        }

        /** Number of reference models, &gt;= 1. */
        public Builder references(int v) {
            this.references = v;
            return this;
        }

        public Builder referenceMode(ReferenceMode v) {
            this.referenceMode = v;
            return this;
        }

        /** Query augmentations (at least one; the identity is not added automatically). */
        public Builder augmentations(List<QueryAugmentation> v) {
            this.augmentations = List.copyOf(v);
            return this;
        }

        public Builder seed(long v) {
            this.seed = v;
            return this;
        }

        /** Worker threads for reference training, &gt;= 1. */
        public Builder threads(int v) {
            this.threads = v;
            return this;
        }

        public Builder liraFixedVariance(boolean v) {
            this.liraFixedVariance = v;
            return this;
        }

        public Builder rmia(double a, double gamma) {
            this.rmiaA = a;
            this.rmiaGamma = gamma;
            return this;
        }

        public Builder shokri(ShokriAttack.Options v) {
            this.shokri = v;
            return this;
        }

        public Builder thresholds(ThresholdMode v) {
            this.thresholds = v;
            return this;
        }

        /** Explicit label-only perturbations (overrides the default and the {@code label-only.*} options). */
        public Builder labelOnly(LabelOnly.Options v) {
            this.labelOnly = v;
            return this;
        }

        /**
         * Sets one option from text, for command lines: {@code references}, {@code reference-mode}
         * (online|offline), {@code seed}, {@code threads}, {@code lira.fixed-variance} (true|false),
         * {@code rmia.a}, {@code rmia.gamma}, {@code shokri.model} (logistic|mlp), {@code thresholds}
         * (none|global|per-class), {@code label-only.noise} (std), {@code label-only.queries}.
         *
         * @throws IllegalArgumentException naming the key and value when either is unknown or malformed
         */
        public Builder option(String key, String value) {
            String k = key.trim().toLowerCase(Locale.ROOT);
            String v = value.trim();
            try {
                switch (k) {
                    case "references" -> references(Integer.parseInt(v));
                    case "reference-mode" -> referenceMode(ReferenceMode.valueOf(v.toUpperCase(Locale.ROOT)));
                    case "seed" -> seed(Long.parseLong(v));
                    case "threads" -> threads(Integer.parseInt(v));
                    case "lira.fixed-variance" -> liraFixedVariance(parseBoolean(v));
                    case "rmia.a" -> rmiaA = Double.parseDouble(v);
                    case "rmia.gamma" -> rmiaGamma = Double.parseDouble(v);
                    case "shokri.model" -> shokri = shokri.withModel(ShokriAttack.AttackModel.parse(v));
                    case "thresholds" -> thresholds(ThresholdMode.parse(v));
                    case "label-only.noise" -> labelOnlyNoiseStd = Double.parseDouble(v);
                    case "label-only.queries" -> labelOnlyQueries = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown audit option '" + key + "'. Known: references, "
                            + "reference-mode, seed, threads, lira.fixed-variance, rmia.a, rmia.gamma, shokri.model, "
                            + "thresholds, label-only.noise, label-only.queries");
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("audit option '" + key + "' needs a number. Provided value: " + value,
                        e);
            }
            return this;
        }

        private static boolean parseBoolean(String v) {
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw new IllegalArgumentException("expected true or false. Provided value: " + v);
        }

        /**
         * Validates and builds; collects every problem into one message.
         *
         * @throws IllegalArgumentException listing every problem found
         */
        public AuditRequest build() {
            List<String> problems = new ArrayList<>();
            if (target == null) {
                problems.add("target model is required");
            }
            if (candidates == null || candidates.size() == 0) {
                problems.add("candidates are required (at least one record)");
            }
            if (references < 1) {
                problems.add("references must be >= 1. Provided value: " + references);
            }
            if (threads < 1) {
                problems.add("threads must be >= 1. Provided value: " + threads);
            }
            if (augmentations.isEmpty()) {
                problems.add("need at least one query augmentation (identity for none)");
            }
            if (referenceMode == null) {
                problems.add("reference mode must not be null");
            }
            List<String> canonical = new ArrayList<>();
            try {
                canonical = resolve(attacks, referenceMode == null ? ReferenceMode.ONLINE : referenceMode);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            try {
                new Rmia.Options(false, rmiaA, rmiaGamma);
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if (target != null && candidates != null) {
                if (target.numClasses() != candidates.numClasses()) {
                    problems.add("target has " + target.numClasses() + " classes but the candidates' schema has "
                            + candidates.numClasses());
                }
                int[] fs = candidates.schema().featureShape();
                int[] is = target.inputShape();
                if (!java.util.Arrays.equals(fs, is) && prod(fs) != prod(is)) {
                    problems.add("target input shape " + java.util.Arrays.toString(is)
                            + " does not match the candidates' feature shape " + java.util.Arrays.toString(fs));
                }
            }
            if (population != null && candidates != null && !population.schema().equals(candidates.schema())) {
                problems.add("population schema differs from the candidates' schema");
            }
            boolean fixed = liraFixedVariance != null ? liraFixedVariance : references < 64;
            boolean refs = false;
            for (String a : canonical) {
                refs |= needsReferences(a);
            }
            ThresholdMode th = thresholds != null ? thresholds : (refs ? ThresholdMode.GLOBAL : ThresholdMode.NONE);
            boolean baselines = canonical.stream().anyMatch(AuditRequest::isThresholded);
            refs |= th != ThresholdMode.NONE && baselines;
            int popSize = population == null ? 0 : population.size();
            boolean online = referenceMode == ReferenceMode.ONLINE;
            if (refs && recipe == null) {
                problems.add("a reference model recipe is required by " + referenceAttacks(canonical, th));
            }
            if (refs && !online && popSize == 0) {
                problems.add("offline reference models train on population data: give a population");
            }
            // OUT references per candidate: all of them offline, about half online
            int outs = online ? references / 2 : references;
            int ins = online ? references / 2 : 0;
            for (String a : canonical) {
                switch (a) {
                    case "lira-online" -> {
                        int need = fixed ? 1 : 2;
                        if (ins < need) {
                            problems.add("lira-online with " + (fixed ? "fixed" : "per-example")
                                    + " variance needs >= " + need + " IN and OUT reference models per candidate, so >= "
                                    + 2 * need + " references. Provided: " + references);
                        }
                    }
                    case "lira-offline" -> {
                        int need = fixed ? 1 : 2;
                        if (outs < need) {
                            problems.add("lira-offline with " + (fixed ? "fixed" : "per-example") + " variance needs >= "
                                    + need + " OUT reference models per candidate, so >= " + (online ? 2 * need : need)
                                    + " references in " + referenceMode.name().toLowerCase(Locale.ROOT)
                                    + " mode. Provided: " + references);
                        }
                    }
                    case "rmia-offline" -> {
                        if (outs < 1) {
                            problems.add("rmia-offline needs >= 1 OUT reference model per candidate, so >= 2 references "
                                    + "in online mode. Provided: " + references);
                        }
                        if (popSize == 0) {
                            problems.add("rmia-offline compares against population records z: give a population");
                        }
                    }
                    case "rmia-online" -> {
                        if (popSize == 0) {
                            problems.add("rmia-online compares against population records z: give a population");
                        }
                    }
                    case "shokri" -> {
                        if (popSize == 0) {
                            problems.add("shokri learns from shadow records disjoint from the candidates: give a "
                                    + "population");
                        } else if (references < 2 && online) {
                            problems.add("shokri needs >= 2 shadow models in online mode so that each population "
                                    + "record is IN for one and OUT for another. Provided: " + references);
                        }
                    }
                    default -> {
                    }
                }
            }
            if (labelOnly == null && (labelOnlyQueries < 0 || (labelOnlyNoiseStd != null
                    && !(labelOnlyNoiseStd >= 0 && Double.isFinite(labelOnlyNoiseStd))))) {
                problems.add("label-only needs noise >= 0 (finite) and queries >= 0. Provided values: noise="
                        + labelOnlyNoiseStd + ", queries=" + labelOnlyQueries);
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException("invalid membership audit request:\n  - "
                        + String.join("\n  - ", problems));
            }
            LabelOnly.Options lo = labelOnly;
            if (lo == null && canonical.contains("label-only")) {
                List<QueryAugmentation> augs = new ArrayList<>();
                for (QueryAugmentation q : augmentations) {
                    if (!q.name().equals("identity")) {
                        augs.add(q);
                    }
                }
                lo = new LabelOnly.Options(augs, labelOnlyNoiseStd != null ? labelOnlyNoiseStd
                        : 0.5 * rmsFeatureStd(candidates), labelOnlyQueries);
            }
            return new AuditRequest(this, canonical, fixed, th, lo);
        }

        private static String referenceAttacks(List<String> attacks, ThresholdMode th) {
            List<String> l = new ArrayList<>();
            for (String a : attacks) {
                if (needsReferences(a) || (isThresholded(a) && th != ThresholdMode.NONE)) {
                    l.add(a);
                }
            }
            return String.join(", ", l) + (th != ThresholdMode.NONE ? " (thresholds " + th + ")" : "");
        }

        private static long prod(int[] s) {
            long p = 1;
            for (int d : s) {
                p *= d;
            }
            return p;
        }
    }

    /** Root-mean-square of per-feature standard deviations (1 when undefined). */
    static double rmsFeatureStd(Dataset d) {
        int n = d.size();
        int f = d.features().size() / Math.max(1, n);
        if (n < 2 || f == 0) {
            return 1;
        }
        float[] x = d.features().data();
        double sum = 0;
        for (int j = 0; j < f; j++) {
            double m = 0;
            for (int i = 0; i < n; i++) {
                m += x[i * f + j];
            }
            m /= n;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double t = x[i * f + j] - m;
                v += t * t;
            }
            sum += v / (n - 1);
        }
        double rms = Math.sqrt(sum / f);
        return rms > 0 ? rms : 1;
    }

    /** Canonical, de-duplicated attack names in canonical order. */
    static List<String> resolve(List<String> names, ReferenceMode mode) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("need at least one attack. Known: " + String.join(", ", ALL_ATTACKS)
                    + ", lira, rmia, all");
        }
        boolean online = mode == ReferenceMode.ONLINE;
        Set<String> chosen = new LinkedHashSet<>();
        List<String> unknown = new ArrayList<>();
        for (String raw : names) {
            String n = raw.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            switch (n) {
                case "lira" -> chosen.add(online ? "lira-online" : "lira-offline");
                case "rmia" -> chosen.add(online ? "rmia-online" : "rmia-offline");
                case "modified-entropy" -> chosen.add("mentr");
                case "labelonly", "label" -> chosen.add("label-only");
                case "all" -> {
                    for (String a : ALL_ATTACKS) {
                        if (online || !a.endsWith("-online")) {
                            chosen.add(a);
                        }
                    }
                }
                default -> {
                    if (ALL_ATTACKS.contains(n)) {
                        chosen.add(n);
                    } else {
                        unknown.add(raw);
                    }
                }
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown attack(s) " + unknown + ". Known: " + String.join(", ",
                    ALL_ATTACKS) + ", lira, rmia, all");
        }
        if (!online) {
            for (String a : chosen) {
                if (a.endsWith("-online")) {
                    throw new IllegalArgumentException(a + " needs reference models trained on the candidates: use "
                            + "reference mode online");
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (String a : ALL_ATTACKS) {
            if (chosen.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }
}
