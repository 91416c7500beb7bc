package org.privet.core.model.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Saves and loads models of any registered kind, with their provenance.
 *
 * <p>Built-in codecs: {@link LogisticRegressionCodec} ({@code "logistic-regression"}) and
 * {@link DecisionTreeCodec} ({@code "decision-tree"}); other packages add theirs with
 * {@link #register} (e.g. networks as {@code "sequential"}). {@link #save} picks the codec whose
 * {@link ModelCodec#type()} is the model's class, else the first registered supertype match; the
 * header gets the codec's fields plus {@code "provenance"} and {@code "savedAt"}. {@link #load}
 * dispatches on the file's kind.
 *
 * <p>The registry is global and thread safe.
 */
public final class Models {
    private static final Pattern KIND = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Map<String, ModelCodec<?>> CODECS = new ConcurrentHashMap<>();
    private static final List<ModelCodec<?>> ORDER = new ArrayList<>();

    static {
        register(new LogisticRegressionCodec());
        register(new DecisionTreeCodec());
        // codecs of other packages (networks) and modules arrive as services, so that this
        // package never depends on them
        for (ModelCodec<?> codec : java.util.ServiceLoader.load(ModelCodec.class, Models.class.getClassLoader())) {
            register(codec);
        }
    }

    private Models() {
    }

    /**
     * A loaded model.
     *
     * @param kind the file's kind
     * @param model the decoded model (an instance of the codec's type)
     * @param provenance how it was made (null only for files written without one by {@link ModelFile})
     * @param savedAt when it was saved (null when absent)
     */
    public record Loaded(String kind, Object model, Provenance provenance, Instant savedAt) {
    }

    /**
     * Adds a codec.
     *
     * @throws IllegalArgumentException if its kind is not lower-case words joined by '-', or is
     *     already registered
     */
    public static synchronized void register(ModelCodec<?> codec) {
        String kind = codec.kind();
        if (kind == null || !KIND.matcher(kind).matches()) {
            throw new IllegalArgumentException("codec kind must be lower-case letters/digits joined by '-'. Provided value: "
                    + kind);
        }
        if (codec.type() == null) {
            throw new IllegalArgumentException("codec '" + kind + "' has a null type()");
        }
        if (CODECS.putIfAbsent(kind, codec) != null) {
            throw new IllegalArgumentException("a codec for kind '" + kind + "' is already registered: "
                    + CODECS.get(kind).getClass().getName());
        }
        ORDER.add(codec);
    }

    /** The registered kinds, sorted. */
    public static List<String> kinds() {
        return List.copyOf(new TreeSet<>(CODECS.keySet()));
    }

    /**
     * Saves {@code model} atomically to {@code path} with its provenance.
     *
     * @throws IllegalArgumentException if no codec handles the model's class
     * @throws IOException if the file cannot be written
     */
    public static void save(Object model, Path path, Provenance provenance) throws IOException {
        if (model == null || provenance == null) {
            throw new IllegalArgumentException("model and provenance must not be null");
        }
        ModelCodec<?> codec = codecFor(model.getClass());
        ModelFile.Contents c = encode(codec, model);
        if (!c.kind().equals(codec.kind())) {
            throw new IllegalStateException("codec " + codec.getClass().getName() + " declares kind '" + codec.kind()
                    + "' but encoded kind '" + c.kind() + "'");
        }
        if (c.header().has("provenance") || c.header().has("savedAt")) {
            throw new IllegalStateException("codec " + codec.getClass().getName()
                    + " must not write the reserved header keys 'provenance' and 'savedAt'");
        }
        ObjectNode header = c.header().deepCopy();
        header.set("provenance", toJson(provenance));
        header.put("savedAt", Instant.now().toString());
        ModelFile.write(path, new ModelFile.Contents(c.kind(), header, c.tensors(), c.intArrays()));
    }

    /**
     * Loads a model of any registered kind.
     *
     * @throws ModelFileException if the file is invalid (see {@link ModelFile#read}), of an unknown
     *     kind, or its contents do not make a valid model of its kind
     */
    public static Loaded load(Path path) throws IOException {
        ModelFile.Contents c = ModelFile.read(path);
        ModelCodec<?> codec = CODECS.get(c.kind());
        if (codec == null) {
            throw new ModelFileException(path, "unknown kind '" + c.kind() + "'; this build reads " + kinds());
        }
        ObjectNode header = c.header().deepCopy();
        JsonNode prov = header.remove("provenance");
        JsonNode saved = header.remove("savedAt");
        Provenance provenance = prov == null ? null : fromJson(path, prov);
        Instant savedAt = null;
        if (saved != null) {
            try {
                savedAt = Instant.parse(saved.asText());
            } catch (DateTimeParseException e) {
                throw new ModelFileException(path, "malformed header: 'savedAt' is not an ISO-8601 instant: " + saved, e);
            }
        }
        Object model;
        try {
            model = codec.decode(new ModelFile.Contents(c.kind(), header, c.tensors(), c.intArrays()));
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "invalid " + c.kind() + ": " + e.getMessage(), e);
        }
        return new Loaded(c.kind(), model, provenance, savedAt);
    }

    /**
     * Loads a model and checks its type.
     *
     * @throws ModelFileException if the file is invalid or holds another type of model
     */
    public static <T> T load(Path path, Class<T> type) throws IOException {
        Loaded l = load(path);
        if (!type.isInstance(l.model())) {
            throw new ModelFileException(path, "holds a " + l.kind() + " (" + l.model().getClass().getSimpleName()
                    + "), not a " + type.getSimpleName());
        }
        return type.cast(l.model());
    }

    private static synchronized ModelCodec<?> codecFor(Class<?> cls) {
        for (ModelCodec<?> c : ORDER) {
            if (c.type() == cls) {
                return c;
            }
        }
        for (ModelCodec<?> c : ORDER) {
            if (c.type().isAssignableFrom(cls)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no model codec handles " + cls.getName() + "; registered kinds: " + kinds());
    }

    private static <T> ModelFile.Contents encode(ModelCodec<T> codec, Object model) {
        return codec.encode(codec.type().cast(model));
    }

    static ObjectNode toJson(Provenance p) {
        ObjectNode o = ModelFile.newHeader();
        o.put("creator", p.creator());
        ObjectNode params = o.putObject("parameters");
        p.parameters().forEach(params::put);
        if (p.seed() != null) {
            o.put("seed", p.seed().longValue());
        }
        if (p.datasetHash() != null) {
            o.put("datasetHash", p.datasetHash());
        }
        o.put("createdAt", p.createdAt().toString());
        o.put("privetVersion", p.privetVersion());
        return o;
    }

    static Provenance fromJson(Path path, JsonNode o) throws ModelFileException {
        try {
            if (!o.isObject()) {
                throw new IllegalArgumentException("expected an object, found " + o.getNodeType());
            }
            TreeMap<String, String> params = new TreeMap<>();
            JsonNode pn = o.path("parameters");
            for (Map.Entry<String, JsonNode> e : pn.properties()) {
                params.put(e.getKey(), e.getValue().asText());
            }
            JsonNode seed = o.get("seed");
            if (seed != null && !seed.canConvertToLong()) {
                throw new IllegalArgumentException("'seed' must be an integer. Found: " + seed);
            }
            JsonNode hash = o.get("datasetHash");
            return new Provenance(o.path("creator").asText(), params, seed == null ? null : seed.asLong(),
                    hash == null ? null : hash.asText(), Instant.parse(o.path("createdAt").asText()),
                    o.path("privetVersion").asText());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ModelFileException(path, "malformed header: 'provenance': " + e.getMessage(), e);
        }
    }
}
