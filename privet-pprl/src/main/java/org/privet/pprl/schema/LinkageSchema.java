package org.privet.pprl.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A versioned linkage schema: which CSV columns are encoded and how (tokenisation, hashing, weights), the Bloom
 * filter length and the hardening steps. The JSON form (version {@value #VERSION}):
 *
 * <pre>
 * {
 *   "version": 1,
 *   "idColumn": "id",                      // optional, default "id"
 *   "bloomFilterBits": 1024,                // l: 64..65536 positions hashed into
 *   "fields": [
 *     {"name": "first_name", "tokenizer": {"type": "qgram", "q": 2, "padding": true},
 *      "hashing": "blake2b", "bitsPerToken": 20},
 *     {"name": "dob", "tokenizer": {"type": "date", "format": "yyyy-MM-dd"}, "hashing": "hmac",
 *      "bitsPerFeature": 60},
 *     {"name": "sex", "tokenizer": {"type": "exact"}, "hashing": "doubleHash", "bitsPerToken": 10,
 *      "caseSensitive": false, "salt": "yob"}
 *   ],
 *   "hardening": [{"type": "balance"}, {"type": "xorFold"}, {"type": "rule90"},
 *                 {"type": "blip", "epsilon": 8.0}]     // or "flipProbability": 0.05; optional "sensitivityBits"
 * }
 * </pre>
 *
 * Field order in the schema does not matter for the encoding (fields are ORed into one filter and keyed by name)
 * nor does column order in the CSV (columns are found by header name). A schema that exists is valid: {@link
 * #parse} reports every problem at once, each naming the field. The {@link #fingerprint()} (SHA-256 of the
 * canonical JSON) goes into {@code .clk} headers, so encodings made with different schemas are never compared by
 * mistake. Immutable and thread-safe.
 */
public final class LinkageSchema {
    /** The schema version this build reads and writes. */
    public static final int VERSION = 1;
    /** Limits on the Bloom filter length. */
    public static final int MIN_BITS = 64;
    public static final int MAX_BITS = 1 << 16;
    private static final int MAX_K = 1024;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String idColumn;
    private final int bloomFilterBits;
    private final List<FieldSpec> fields;
    private final List<HardeningStep> hardening;
    private final String fingerprint;

    private LinkageSchema(String idColumn, int bloomFilterBits, List<FieldSpec> fields, List<HardeningStep> hardening) {
        this.idColumn = idColumn;
        this.bloomFilterBits = bloomFilterBits;
        this.fields = List.copyOf(fields);
        this.hardening = List.copyOf(hardening);
        this.fingerprint = "sha256:" + sha256Hex(toJson(false));
    }

    /**
     * Builds a schema from parts, validated as {@link #parse} does. A {@link HardeningStep.Blip} with sensitivity
     * 0 gets the default sensitivity.
     */
    public static LinkageSchema of(String idColumn, int bloomFilterBits, List<FieldSpec> fields,
                                   List<HardeningStep> hardening) {
        LinkageSchema s = new LinkageSchema(idColumn, bloomFilterBits, fields, hardening);
        return parse(s.toJson(false), "schema");
    }

    public String idColumn() {
        return idColumn;
    }

    /** {@code l}, the length of the filter the fields are hashed into (before hardening). */
    public int bloomFilterBits() {
        return bloomFilterBits;
    }

    public List<FieldSpec> fields() {
        return fields;
    }

    public List<HardeningStep> hardening() {
        return hardening;
    }

    /** Length of the encodings after every hardening step. */
    public int outputBits() {
        int b = bloomFilterBits;
        for (HardeningStep h : hardening) {
            b = h.outputBits(b);
        }
        return b;
    }

    /** {@code "sha256:" + hex} of the canonical JSON: equal for equal schemas, whatever the input's layout. */
    public String fingerprint() {
        return fingerprint;
    }

    /**
     * The same schema with other hardening steps, validated. A {@link HardeningStep.Blip} with sensitivity 0 gets
     * the default sensitivity.
     */
    public LinkageSchema withHardening(List<HardeningStep> steps) {
        ObjectNode root = (ObjectNode) tree();
        root.set("hardening", hardeningJson(steps));
        return parse(root.toString(), "schema");
    }

    /**
     * The schema of one field's Bloom filter (a field-level Bloom filter, FBF): only {@code field}, same length and
     * hardening. Its keys are the field's keys in the full schema (they derive from the field's name), so the FBF
     * has exactly the bits this field contributes to the record's CLK before hardening.
     */
    public LinkageSchema onlyField(String field) {
        for (FieldSpec f : fields) {
            if (f.name().equals(field)) {
                List<HardeningStep> h = new ArrayList<>();
                for (HardeningStep s : hardening) {
                    h.add(s instanceof HardeningStep.Blip b ? new HardeningStep.Blip(b.flipProbability(), 0) : s);
                }
                return of(idColumn, bloomFilterBits, List.of(f), h);
            }
        }
        throw new IllegalArgumentException("no field '" + field + "' in the schema; fields: "
                + fields.stream().map(FieldSpec::name).toList());
    }

    /** Reads and validates a schema file; problems name the file. */
    public static LinkageSchema read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /**
     * Parses and validates schema JSON. Unknown keys, missing or out-of-range values, unknown tokenizer or hashing
     * types, duplicate field names, and hardening that does not fit the length all throw one {@link
     * SchemaException} listing every problem.
     *
     * @param source a name for messages (file name)
     */
    public static LinkageSchema parse(String json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SchemaException(source, List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")")));
        }
        List<String> p = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new SchemaException(source, List.of("the schema must be a JSON object"));
        }
        unknownKeys(root, "", Set.of("version", "idColumn", "bloomFilterBits", "fields", "hardening"), p);
        JsonNode v = root.get("version");
        if (v == null || !v.isInt()) {
            p.add("version: required integer; this build reads version " + VERSION + ". Provided value: " + v);
        } else if (v.intValue() != VERSION) {
            p.add("version: " + v.intValue() + " is not supported; this build reads version " + VERSION);
        }
        String idColumn = "id";
        JsonNode idn = root.get("idColumn");
        if (idn != null) {
            if (!idn.isTextual() || idn.textValue().isBlank()) {
                p.add("idColumn: must be a non-empty string. Provided value: " + idn);
            } else {
                idColumn = idn.textValue();
            }
        }
        int bits = intIn(root, "bloomFilterBits", "bloomFilterBits", MIN_BITS, MAX_BITS, true, 0, p);
        List<FieldSpec> fields = new ArrayList<>();
        JsonNode fn = root.get("fields");
        if (fn == null || !fn.isArray() || fn.isEmpty()) {
            p.add("fields: required, a non-empty array of field objects. Provided value: " + fn);
        } else {
            Set<String> names = new HashSet<>();
            for (int i = 0; i < fn.size(); i++) {
                JsonNode rawName = fn.get(i).get("name");
                String name = rawName != null && rawName.isTextual() ? rawName.textValue() : null;
                if (name != null && !names.add(name)) {
                    p.add(where(i, name) + ": duplicate field name '" + name + "'");
                }
                if (idColumn.equals(name)) {
                    p.add(where(i, name) + ": the id column '" + idColumn + "' cannot be an encoded field");
                }
                FieldSpec f = field(fn.get(i), i, p);
                if (f != null) {
                    fields.add(f);
                }
            }
        }
        List<HardeningStep> steps = new ArrayList<>();
        JsonNode hn = root.get("hardening");
        if (hn != null && !hn.isArray()) {
            p.add("hardening: must be an array of step objects. Provided value: " + hn);
        } else if (hn != null) {
            int len = bits;
            int spread = 1;
            int maxK = 1;
            for (FieldSpec f : fields) {
                maxK = Math.max(maxK, f.maxBitsPerToken());
            }
            for (int i = 0; i < hn.size(); i++) {
                HardeningStep s = step(hn.get(i), i, len, 2 * maxK * spread, p);
                if (s != null) {
                    if (s instanceof HardeningStep.XorFold && len % 2 != 0) {
                        p.add("hardening[" + i + "] (xorFold): needs an even length; the filter has " + len
                                + " bits at this step");
                    }
                    len = s.outputBits(len);
                    spread *= s.bitSpread();
                    if (len < MIN_BITS || len > 2 * MAX_BITS) {
                        p.add("hardening[" + i + "] (" + s.type() + "): gives " + len + " bits; encodings must have "
                                + MIN_BITS + " to " + (2 * MAX_BITS) + " bits");
                    }
                    steps.add(s);
                }
            }
        }
        if (!p.isEmpty()) {
            throw new SchemaException(source, p);
        }
        for (FieldSpec f : fields) {
            if (f.salt() != null && f.salt().equals(idColumn)) {
                throw new SchemaException(source, List.of(where(fields.indexOf(f), f.name())
                        + ".salt: the id column cannot be a salt"));
            }
        }
        return new LinkageSchema(idColumn, bits, fields, steps);
    }

    private static String where(int i, String name) {
        return "fields[" + i + "]" + (name == null ? "" : " (" + name + ")");
    }

    private static FieldSpec field(JsonNode n, int i, List<String> p) {
        if (n == null || !n.isObject()) {
            p.add("fields[" + i + "]: must be an object. Provided value: " + n);
            return null;
        }
        JsonNode nameNode = n.get("name");
        String name = nameNode != null && nameNode.isTextual() && !nameNode.textValue().isBlank()
                ? nameNode.textValue() : null;
        String at = where(i, name);
        int before = p.size();
        if (name == null) {
            p.add(at + ".name: required, a non-empty string. Provided value: " + nameNode);
        }
        unknownKeys(n, at + ".", Set.of("name", "tokenizer", "hashing", "bitsPerToken", "bitsPerFeature",
                "caseSensitive", "salt"), p);
        Tokenization tok = tokenizer(n.get("tokenizer"), at + ".tokenizer", p);
        HashKind hk = HashKind.BLAKE2B;
        JsonNode hn = n.get("hashing");
        if (hn != null) {
            hk = hn.isTextual() ? HashKind.fromJson(hn.textValue()) : null;
            if (hk == null) {
                p.add(at + ".hashing: unknown hashing " + hn + "; use \"doubleHash\", \"hmac\" or \"blake2b\"");
            }
        }
        boolean hasToken = n.has("bitsPerToken");
        boolean hasFeature = n.has("bitsPerFeature");
        int bpt = 0;
        int bpf = 0;
        if (hasToken == hasFeature) {
            p.add(at + ": give exactly one of bitsPerToken (static weighting) and bitsPerFeature (dynamic)");
        } else if (hasToken) {
            bpt = intIn(n, "bitsPerToken", at + ".bitsPerToken", 1, MAX_K, true, 0, p);
        } else {
            bpf = intIn(n, "bitsPerFeature", at + ".bitsPerFeature", 1, MAX_K, true, 0, p);
        }
        boolean cs = false;
        JsonNode csn = n.get("caseSensitive");
        if (csn != null) {
            if (!csn.isBoolean()) {
                p.add(at + ".caseSensitive: must be true or false. Provided value: " + csn);
            } else {
                cs = csn.booleanValue();
            }
        }
        String salt = null;
        JsonNode sn = n.get("salt");
        if (sn != null) {
            if (!sn.isTextual() || sn.textValue().isBlank()) {
                p.add(at + ".salt: must name a column. Provided value: " + sn);
            } else if (sn.textValue().equals(name)) {
                p.add(at + ".salt: a field cannot be salted with itself");
            } else {
                salt = sn.textValue();
            }
        }
        if (p.size() > before || tok == null || hk == null) {
            return null;
        }
        return new FieldSpec(name, tok, hk, bpt, bpf, cs, salt);
    }

    private static Tokenization tokenizer(JsonNode n, String at, List<String> p) {
        if (n == null || !n.isObject()) {
            p.add(at + ": required, an object with a \"type\". Provided value: " + n);
            return null;
        }
        JsonNode t = n.get("type");
        String type = t != null && t.isTextual() ? t.textValue() : null;
        if (type == null) {
            p.add(at + ".type: required; use \"qgram\", \"exact\", \"numeric\" or \"date\". Provided value: " + t);
            return null;
        }
        int before = p.size();
        switch (type) {
            case "qgram" -> {
                unknownKeys(n, at + ".", Set.of("type", "q", "padding"), p);
                int q = intIn(n, "q", at + ".q", 1, 8, false, 2, p);
                boolean pad = true;
                JsonNode pn = n.get("padding");
                if (pn != null && !pn.isBoolean()) {
                    p.add(at + ".padding: must be true or false. Provided value: " + pn);
                } else if (pn != null) {
                    pad = pn.booleanValue();
                }
                return p.size() > before ? null : new Tokenization.QGram(q, pad);
            }
            case "exact" -> {
                unknownKeys(n, at + ".", Set.of("type"), p);
                return p.size() > before ? null : new Tokenization.Exact();
            }
            case "numeric" -> {
                unknownKeys(n, at + ".", Set.of("type", "step", "neighbours"), p);
                JsonNode s = n.get("step");
                double step = 1;
                if (s != null && (!s.isNumber() || !(s.doubleValue() > 0) || Double.isInfinite(s.doubleValue()))) {
                    p.add(at + ".step: must be > 0 and finite. Provided value: " + s);
                } else if (s != null) {
                    step = s.doubleValue();
                }
                int nb = intIn(n, "neighbours", at + ".neighbours", 0, 100, false, 0, p);
                return p.size() > before ? null : new Tokenization.Numeric(step, nb);
            }
            case "date" -> {
                unknownKeys(n, at + ".", Set.of("type", "format"), p);
                JsonNode f = n.get("format");
                String pattern = "yyyy-MM-dd";
                if (f != null) {
                    if (!f.isTextual()) {
                        p.add(at + ".format: must be a date pattern string. Provided value: " + f);
                    } else {
                        pattern = f.textValue();
                    }
                }
                try {
                    DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
                } catch (IllegalArgumentException e) {
                    p.add(at + ".format: not a date pattern (" + e.getMessage() + "). Provided value: \"" + pattern
                            + "\"");
                }
                return p.size() > before ? null : new Tokenization.Date(pattern);
            }
            default -> {
                p.add(at + ".type: unknown tokenizer \"" + type + "\"; use \"qgram\", \"exact\", \"numeric\" or \"date\"");
                return null;
            }
        }
    }

    private static HardeningStep step(JsonNode n, int i, int len, int defaultSensitivity, List<String> p) {
        String at = "hardening[" + i + "]";
        if (n == null || !n.isObject() || n.get("type") == null || !n.get("type").isTextual()) {
            p.add(at + ": must be an object with a \"type\". Provided value: " + n);
            return null;
        }
        String type = n.get("type").textValue();
        at += " (" + type + ")";
        int before = p.size();
        switch (type) {
            case "balance" -> {
                unknownKeys(n, at + ".", Set.of("type"), p);
                return new HardeningStep.Balance();
            }
            case "xorFold" -> {
                unknownKeys(n, at + ".", Set.of("type"), p);
                return new HardeningStep.XorFold();
            }
            case "rule90" -> {
                unknownKeys(n, at + ".", Set.of("type"), p);
                return new HardeningStep.Rule90();
            }
            case "blip" -> {
                unknownKeys(n, at + ".", Set.of("type", "flipProbability", "epsilon", "sensitivityBits"), p);
                int sens = intIn(n, "sensitivityBits", at + ".sensitivityBits", 1, 1 << 20, false,
                        defaultSensitivity, p);
                JsonNode fp = n.get("flipProbability");
                JsonNode ep = n.get("epsilon");
                if ((fp == null) == (ep == null)) {
                    p.add(at + ": give exactly one of flipProbability and epsilon");
                    return null;
                }
                double prob;
                if (fp != null) {
                    prob = fp.isNumber() ? fp.doubleValue() : Double.NaN;
                    if (!(prob > 0 && prob < 0.5)) {
                        p.add(at + ".flipProbability: must be in (0, 0.5). Provided value: " + fp);
                    }
                } else {
                    double eps = ep.isNumber() ? ep.doubleValue() : Double.NaN;
                    if (!(eps > 0) || Double.isInfinite(eps)) {
                        p.add(at + ".epsilon: must be > 0 and finite. Provided value: " + ep);
                    }
                    prob = HardeningStep.Blip.flipProbabilityFor(eps, sens);
                    if (p.size() == before && !(prob > 0)) {
                        p.add(at + ".epsilon: " + eps + " over " + sens + " bits leaves no noise (flip probability "
                                + prob + "); use a smaller epsilon");
                    }
                }
                return p.size() > before ? null : new HardeningStep.Blip(prob, sens);
            }
            default -> {
                p.add(at + ".type: unknown hardening \"" + type
                        + "\"; use \"balance\", \"xorFold\", \"rule90\" or \"blip\"");
                return null;
            }
        }
    }

    private static int intIn(JsonNode n, String key, String at, int lo, int hi, boolean required, int dflt,
                             List<String> p) {
        JsonNode v = n.get(key);
        if (v == null) {
            if (required) {
                p.add(at + ": required integer in [" + lo + ", " + hi + "]");
            }
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < lo || v.intValue() > hi) {
            p.add(at + ": must be an integer in [" + lo + ", " + hi + "]. Provided value: " + v);
            return dflt;
        }
        return v.intValue();
    }

    private static void unknownKeys(JsonNode n, String at, Set<String> allowed, List<String> p) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                p.add(at + k + ": unknown key; allowed here: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }

    /** The canonical JSON (compact; keys in a fixed order; defaults written out). */
    public String toJson() {
        return toJson(false);
    }

    /** The canonical JSON, indented for people when {@code pretty}. */
    public String toJson(boolean pretty) {
        JsonNode t = tree();
        if (!pretty) {
            return t.toString();
        }
        return t.toPrettyString();
    }

    private JsonNode tree() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", VERSION);
        root.put("idColumn", idColumn);
        root.put("bloomFilterBits", bloomFilterBits);
        ArrayNode fa = root.putArray("fields");
        for (FieldSpec fs : fields) {
            ObjectNode o = fa.addObject();
            o.put("name", fs.name());
            ObjectNode t = o.putObject("tokenizer");
            t.put("type", fs.tokenization().type());
            Tokenization tk = fs.tokenization();
            if (tk instanceof Tokenization.QGram q) {
                t.put("q", q.q());
                t.put("padding", q.padding());
            } else if (tk instanceof Tokenization.Numeric nm) {
                t.put("step", nm.step());
                t.put("neighbours", nm.neighbours());
            } else if (tk instanceof Tokenization.Date d) {
                t.put("format", d.pattern());
            }
            o.put("hashing", fs.hashing().jsonName());
            if (fs.bitsPerToken() > 0) {
                o.put("bitsPerToken", fs.bitsPerToken());
            } else {
                o.put("bitsPerFeature", fs.bitsPerFeature());
            }
            o.put("caseSensitive", fs.caseSensitive());
            if (fs.salt() != null) {
                o.put("salt", fs.salt());
            }
        }
        root.set("hardening", hardeningJson(hardening));
        return root;
    }

    private static ArrayNode hardeningJson(List<HardeningStep> steps) {
        ArrayNode ha = JsonNodeFactory.instance.arrayNode();
        for (HardeningStep s : steps) {
            ObjectNode o = ha.addObject();
            o.put("type", s.type());
            if (s instanceof HardeningStep.Blip b) {
                o.put("flipProbability", b.flipProbability());
                if (b.sensitivityBits() > 0) {
                    o.put("sensitivityBits", b.sensitivityBits());
                }
            }
        }
        return ha;
    }

    private static String sha256Hex(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            StringBuilder sb = new StringBuilder(64);
            for (byte b : d) {
                sb.append(Character.forDigit((b >> 4) & 15, 16)).append(Character.forDigit(b & 15, 16));
            }
            return sb.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 is in every JDK", e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LinkageSchema s && s.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "LinkageSchema[" + fields.size() + " fields, " + bloomFilterBits + " -> " + outputBits() + " bits, "
                + fingerprint.substring(0, 19) + "...]";
    }
}
