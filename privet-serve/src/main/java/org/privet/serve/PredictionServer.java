package org.privet.serve;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.model.io.Provenance;
import org.privet.core.tensor.Tensor;
import org.privet.serve.defence.OutputDefence;
import org.privet.serve.monitor.PradaMonitor;

/**
 * Serves one model over HTTP with the deployment's output defences, API keys, budgets, rate limits,
 * request limits, query log and extraction monitor. Runs on Javalin 7 (Jetty 12).
 *
 * <h2>Protocol (JSON over HTTP/1.1)</h2>
 * <ul>
 *   <li>{@code GET /v1/health} (no key): {@code {"status": "ok"}}.</li>
 *   <li>{@code GET /v1/model}: {@code {"numClasses", "inputShape", "release": "probabilities" |
 *       "top-k" | "label", "topK", "decimals", "defences", "maxBatch", "maxBodyBytes"}}, plus {@code
 *       "provenance": {"seed", "datasetHash"}} when the deployment publishes it.</li>
 *   <li>{@code POST /v1/predict} with {@code {"instances": [[x11, x12, ...], [x21, ...]]}}: each
 *       instance is the flat row-major example ({@code prod(inputShape)} numbers). Answer: {@code
 *       {"labels": [...]}} plus {@code "probabilities": [[...], ...]} (release "probabilities") or
 *       {@code "topClasses": [[...]], "topProbabilities": [[...]]} (release "top-k", largest first).
 *       Unrounded probabilities are written as the shortest decimal that reads back as the same
 *       32-bit float, so a client sees exactly the model's floats when no defence is on.</li>
 * </ul>
 * Every endpoint but health needs {@code Authorization: Bearer <key>} (or {@code X-API-Key: <key>}).
 * Errors are {@code {"status": 4xx, "error": "<code>", "message": "<what and why>"}}: 400 malformed
 * JSON or wrong feature count, 401 missing or unknown key, 403 key blocked by the monitor, 413 body
 * or batch too large, 429 rate limit ({@code Retry-After} in seconds) or budget exhausted. A bad
 * request costs nothing from the budget, and nothing one client sends changes what another gets.
 *
 * <p>Thread safe; requests are handled concurrently (the model must allow concurrent inference,
 * as privet's classifiers do).
 */
public final class PredictionServer implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final ProbabilisticClassifier model;
    private final ServeConfig config;
    private final OutputDefence defence;
    private final int numClasses;
    private final int[] inputShape;
    private final int dim;
    private final Map<String, KeyState> states = new ConcurrentHashMap<>();
    private final QueryLog log;
    private final Javalin app;
    private final byte[] modelInfo;

    private final Provenance provenance;

    private PredictionServer(ProbabilisticClassifier model, ServeConfig config, Provenance provenance, QueryLog log) {
        this.provenance = config.publishProvenance() ? provenance : null;
        this.model = model;
        this.config = config;
        this.defence = config.defence();
        this.numClasses = model.numClasses();
        this.inputShape = model.inputShape();
        int d = 1;
        for (int s : inputShape) {
            d = Math.multiplyExact(d, s);
        }
        this.dim = d;
        if (defence.release() == OutputDefence.Release.TOP_K && defence.topK() > numClasses) {
            throw new IllegalArgumentException("top-k: k must be <= the model's " + numClasses + " classes. Provided value: "
                    + defence.topK());
        }
        long now = System.nanoTime();
        for (ApiKeys.Entry e : config.keys().entries()) {
            PradaMonitor m = config.monitor() == null ? null : new PradaMonitor(dim, config.monitor());
            states.put(e.id(), new KeyState(e, m, now));
        }
        this.log = log;
        this.modelInfo = modelInfoJson();
        this.app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.routes.get("/v1/health", ctx -> respond(ctx, 200, "{\"status\":\"ok\"}".getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)));
            c.routes.get("/v1/model", ctx -> handle(ctx, false));
            c.routes.post("/v1/predict", ctx -> handle(ctx, true));
        });
    }

    /**
     * Starts serving {@code model} as {@code config} says and returns once the port is bound.
     *
     * @throws IllegalArgumentException if top-k asks for more classes than the model has
     * @throws IOException if the query log cannot be opened
     * @throws IllegalStateException if the port cannot be bound
     */
    public static PredictionServer start(ProbabilisticClassifier model, ServeConfig config) throws IOException {
        return start(model, config, null);
    }

    /**
     * As {@link #start(ProbabilisticClassifier, ServeConfig)}, for a model loaded with its provenance:
     * when {@link ServeConfig#publishProvenance()} is on, {@code /v1/model} also carries {@code
     * "provenance": {"seed", "datasetHash"}} (either may be null).
     */
    public static PredictionServer start(ProbabilisticClassifier model, ServeConfig config, Provenance provenance)
            throws IOException {
        QueryLog log = config.queryLog() == null ? null : new QueryLog(config.queryLog());
        try {
            PredictionServer s = new PredictionServer(model, config, provenance, log);
            s.app.start();
            return s;
        } catch (RuntimeException e) {
            if (log != null) {
                log.close();
            }
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return app.port();
    }

    /** {@code http://host:port/} as reachable from this machine. */
    public URI uri() {
        String h = config.host().equals("0.0.0.0") ? "127.0.0.1" : config.host();
        return URI.create("http://" + (h.contains(":") ? "[" + h + "]" : h) + ":" + port() + "/");
    }

    /** The monitor's reading for key {@code keyId}, or null when the monitor is off or the key unknown. */
    public PradaMonitor.Status monitorStatus(String keyId) {
        KeyState s = states.get(keyId);
        return s == null || s.monitor == null ? null : s.monitor.status();
    }

    /** Instances predicted so far for key {@code keyId} (budget used), or -1 if unknown. */
    public long used(String keyId) {
        KeyState s = states.get(keyId);
        return s == null ? -1 : s.used();
    }

    /** Stops the server and flushes the query log. */
    @Override
    public void close() throws IOException {
        app.stop();
        if (log != null) {
            log.close();
        }
    }

    /** A client error with its HTTP status, machine code and human message. */
    static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;
        final long retryAfter;

        ApiError(int status, String code, String message) {
            this(status, code, message, -1);
        }

        ApiError(int status, String code, String message, long retryAfter) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
            this.retryAfter = retryAfter;
        }
    }

    private void handle(Context ctx, boolean predict) {
        long t0 = System.nanoTime();
        KeyState key = null;
        int instances = 0;
        int status = 200;
        String error = null;
        try {
            key = authenticate(ctx);
            if (!predict) {
                respond(ctx, 200, modelInfo);
                return;
            }
            Batch batch = parse(readBody(ctx));
            instances = batch.n;
            KeyState.Admission a = key.admit(batch.n, System.nanoTime());
            if (a == KeyState.Admission.BUDGET) {
                throw new ApiError(429, "budget_exhausted", "query budget exhausted for key '" + key.entry.id() + "': "
                        + key.used() + " of " + key.entry.policy().budget() + " instances used; this batch needs "
                        + batch.n);
            }
            if (a == KeyState.Admission.RATE) {
                if (batch.n > key.entry.policy().burst()) {
                    throw new ApiError(413, "batch_too_large", "a batch of " + batch.n + " instances exceeds this key's "
                            + "burst limit of " + key.entry.policy().burst() + "; split it");
                }
                long after = key.retryAfterSeconds(batch.n, System.nanoTime());
                throw new ApiError(429, "rate_limited", "rate limit of " + key.entry.policy().ratePerSecond()
                        + " instances/s exceeded for key '" + key.entry.id() + "'; retry after " + after + " s", after);
            }
            respond(ctx, 200, predict(batch, key));
        } catch (ApiError e) {
            status = e.status;
            error = e.getMessage();
            if (e.retryAfter > 0) {
                ctx.header("Retry-After", Long.toString(e.retryAfter));
            }
            respond(ctx, e.status, errorJson(e.status, e.code, e.getMessage()));
        } catch (RuntimeException e) {
            status = 500;
            error = "internal error: " + e;
            respond(ctx, 500, errorJson(500, "internal", "internal error; see the server's query log"));
        } finally {
            if (log != null) {
                PradaMonitor.Status ms = key == null || key.monitor == null ? null : key.monitor.status();
                log.log(new QueryLog.Entry(Instant.now(), key == null ? null : key.entry.id(), ctx.ip(),
                        ctx.method().name(), ctx.path(), status, instances, (System.nanoTime() - t0) / 1000,
                        ms == null ? Double.NaN : ms.w(), ms != null && ms.flagged(), error));
            }
        }
    }

    private KeyState authenticate(Context ctx) {
        String auth = ctx.header("Authorization");
        String presented = null;
        if (auth != null) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                presented = auth.substring(7).trim();
            } else {
                throw new ApiError(401, "unauthorized", "the Authorization header must be 'Bearer <API key>'");
            }
        } else {
            presented = ctx.header("X-API-Key");
        }
        if (presented == null || presented.isEmpty()) {
            throw new ApiError(401, "unauthorized", "missing API key: send 'Authorization: Bearer <key>'");
        }
        ApiKeys.Entry e = config.keys().find(presented);
        if (e == null) {
            throw new ApiError(401, "unauthorized", "unknown API key");
        }
        KeyState s = states.get(e.id());
        if (config.blockFlagged() && s.monitor != null && s.monitor.status().flagged()) {
            throw new ApiError(403, "blocked", "key '" + e.id() + "' is blocked: its queries look like a model "
                    + "extraction attack (PRADA)");
        }
        return s;
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        int max = config.maxBodyBytes();
        if (declared > max) {
            throw new ApiError(413, "body_too_large", "request body of " + declared + " bytes exceeds the limit of "
                    + max + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] buf = new byte[(int) Math.max(256, Math.min(max + 1L, declared > 0 ? declared : 8192))];
            int len = 0;
            while (true) {
                if (len == buf.length) {
                    if (len > max) {
                        break;
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(max + 1L, buf.length * 2L));
                }
                int r = in.read(buf, len, buf.length - len);
                if (r < 0) {
                    break;
                }
                len += r;
            }
            if (len > max) {
                throw new ApiError(413, "body_too_large", "request body exceeds the limit of " + max + " bytes");
            }
            return len == buf.length ? buf : Arrays.copyOf(buf, len);
        } catch (IOException e) {
            throw new ApiError(400, "bad_request", "could not read the request body: " + e.getMessage());
        }
    }

    /** Parsed instances: {@code n} rows of {@code dim} floats. */
    record Batch(float[] x, int n) {
    }

    Batch parse(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw bad("the body must be a JSON object {\"instances\": [[...], ...]}");
            }
            Batch batch = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                if (!f.equals("instances")) {
                    throw bad("unknown field '" + f + "'; the body is {\"instances\": [[...], ...]}");
                }
                batch = parseInstances(p);
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                throw bad("unexpected content after the body object");
            }
            if (batch == null) {
                throw bad("missing field 'instances'");
            }
            return batch;
        } catch (JsonParseException e) {
            throw bad("malformed JSON: " + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            throw bad("malformed JSON: " + e.getMessage());
        }
    }

    private Batch parseInstances(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_ARRAY) {
            throw bad("'instances' must be an array of instances, each an array of " + dim + " numbers");
        }
        int max = config.maxBatch();
        float[] x = new float[dim * 8];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_ARRAY) {
                throw bad("instance " + n + " must be an array of " + dim + " numbers; got " + describe(t));
            }
            if (n == max) {
                throw new ApiError(413, "batch_too_large", "a batch may hold at most " + max + " instances");
            }
            if ((long) (n + 1) * dim > x.length) {
                x = Arrays.copyOf(x, (int) Math.min((long) Math.max(x.length, dim) * 2, (long) max * dim));
            }
            int off = n * dim;
            int j = 0;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw bad("instance " + n + ", feature " + j + ": expected a number, got " + describe(t));
                }
                if (j >= dim) {
                    throw bad("instance " + n + " has more than " + dim + " features; the model takes " + dim
                            + " (input shape " + Arrays.toString(inputShape) + ")");
                }
                float v = p.getFloatValue();
                if (!Float.isFinite(v)) {
                    throw bad("instance " + n + ", feature " + j + ": " + p.getText() + " is outside the float range");
                }
                x[off + j++] = v;
            }
            if (j != dim) {
                throw bad("instance " + n + " has " + j + " features; the model takes " + dim + " (input shape "
                        + Arrays.toString(inputShape) + ")");
            }
            n++;
        }
        if (n == 0) {
            throw bad("'instances' is empty");
        }
        return new Batch(x.length == n * dim ? x : Arrays.copyOf(x, n * dim), n);
    }

    private static String describe(JsonToken t) {
        return t == null ? "the end of the body" : t.asString() != null ? "'" + t.asString() + "'"
                : t.name().toLowerCase(Locale.ROOT).replace("value_", "");
    }

    private static ApiError bad(String message) {
        return new ApiError(400, "bad_request", message);
    }

    private byte[] predict(Batch b, KeyState key) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = b.n;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        Tensor proba = model.predictProba(Tensor.wrap(b.x, shape));
        float[] pd = proba.data();
        int c = numClasses;
        if (pd.length != b.n * c) {
            throw new AssertionError("internal invariant: model returned " + pd.length + " values for " + b.n + " x " + c);
        }
        int[] labels = new int[b.n];
        double[][] rows = new double[b.n][];
        for (int i = 0; i < b.n; i++) {
            double[] row = new double[c];
            for (int j = 0; j < c; j++) {
                row[j] = pd[i * c + j];
            }
            labels[i] = defence.apply(row);
            rows[i] = row;
        }
        if (key.monitor != null) {
            key.monitor.observe(b.x, labels, b.n);
        }
        boolean rounded = defence.decimals() >= 0;
        ByteArrayOutputStream bos = new ByteArrayOutputStream(32 + b.n * (4 + (defence.release()
                == OutputDefence.Release.LABEL ? 0 : 12 * c)));
        try (JsonGenerator g = JSON.createGenerator(bos, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("labels");
            g.writeArray(labels, 0, b.n);
            switch (defence.release()) {
                case PROBABILITIES -> {
                    g.writeFieldName("probabilities");
                    g.writeStartArray();
                    for (double[] row : rows) {
                        g.writeStartArray();
                        for (double v : row) {
                            writeProbability(g, v, rounded);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case TOP_K -> {
                    int k = defence.topK();
                    int[][] top = new int[b.n][k];
                    for (int i = 0; i < b.n; i++) {
                        OutputDefence.topK(rows[i], k, top[i]);
                    }
                    g.writeFieldName("topClasses");
                    g.writeStartArray();
                    for (int[] t : top) {
                        g.writeArray(t, 0, k);
                    }
                    g.writeEndArray();
                    g.writeFieldName("topProbabilities");
                    g.writeStartArray();
                    for (int i = 0; i < b.n; i++) {
                        g.writeStartArray();
                        for (int t = 0; t < k; t++) {
                            writeProbability(g, rows[i][top[i][t]], rounded);
                        }
                        g.writeEndArray();
                    }
                    g.writeEndArray();
                }
                case LABEL -> {
                }
                default -> throw new AssertionError("internal invariant: release " + defence.release());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError("internal invariant: writing to memory cannot fail", e);
        }
        return bos.toByteArray();
    }

    private static void writeProbability(JsonGenerator g, double v, boolean rounded) throws IOException {
        if (rounded) {
            g.writeNumber(v);
        } else {
            g.writeNumber((float) v);
        }
    }

    private byte[] modelInfoJson() {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bos, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("numClasses", numClasses);
            g.writeFieldName("inputShape");
            g.writeArray(inputShape, 0, inputShape.length);
            g.writeStringField("release", switch (defence.release()) {
                case PROBABILITIES -> "probabilities";
                case TOP_K -> "top-k";
                case LABEL -> "label";
            });
            g.writeNumberField("topK", defence.release() == OutputDefence.Release.TOP_K ? defence.topK() : 0);
            g.writeNumberField("decimals", defence.decimals());
            g.writeStringField("defences", defence.describe());
            g.writeNumberField("maxBatch", config.maxBatch());
            g.writeNumberField("maxBodyBytes", config.maxBodyBytes());
            if (provenance != null) {
                g.writeObjectFieldStart("provenance");
                if (provenance.seed() != null) {
                    g.writeNumberField("seed", provenance.seed());
                } else {
                    g.writeNullField("seed");
                }
                g.writeStringField("datasetHash", provenance.datasetHash());
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError("internal invariant: writing to memory cannot fail", e);
        }
        return bos.toByteArray();
    }

    private static byte[] errorJson(int status, String code, String message) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bos, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeNumberField("status", status);
            g.writeStringField("error", code);
            g.writeStringField("message", message);
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError("internal invariant: writing to memory cannot fail", e);
        }
        return bos.toByteArray();
    }

    private static void respond(Context ctx, int status, byte[] body) {
        ctx.status(status);
        ctx.contentType("application/json");
        ctx.result(body);
    }
}
