package org.privet.serve.client;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.privet.core.model.ProbabilisticClassifier;
import org.privet.core.tensor.Tensor;

/**
 * A classifier behind a privet prediction endpoint ({@code privet serve}), seen through the same
 * interfaces as an in-process model, so that every black-box attack runs against a live endpoint.
 *
 * <p>{@link #connect} reads the endpoint's {@code /v1/model} (classes, input shape, what it
 * releases). {@link #predictProba} and {@link #predict} split the input into batches of at most
 * {@link #batchSize()} instances and send them one after the other. What comes back depends on the
 * deployment's release:
 * <ul>
 *   <li>probabilities: returned as sent. With no defence these are exactly the model's floats; when
 *       the server rounds, each row is renormalised to sum 1 (rounding breaks the sum).</li>
 *   <li>top-k: the {@code k} released probabilities are kept and the rest of the mass, {@code 1 -
 *       sum}, is spread evenly over the other classes (the attacker's best uniform guess).</li>
 *   <li>label only: {@link #predict} works; {@link #predictProba} throws {@link IllegalStateException}
 *       (use a label-only attack), or, with {@link RemoteOptions#oneHotLabels()}, returns one-hot rows.</li>
 * </ul>
 * Errors arrive as subclasses of {@link RemoteClassifierException}: 401 {@code Unauthorized}, 403
 * {@code Forbidden}, 429 {@code RateLimited} (retried as {@link RemoteOptions} says) or {@code
 * BudgetExhausted}, other 4xx {@code BadRequest}, 5xx {@code ServerError}, {@code Timeout}, {@code
 * Unreachable}; the message carries the server's explanation.
 *
 * <p>Thread safe: concurrent calls send concurrent requests over a shared {@link HttpClient}.
 */
public final class RemoteClassifier implements ProbabilisticClassifier {
    private static final JsonFactory JSON = new JsonFactory();

    /** What the endpoint releases per instance. */
    public enum Release { PROBABILITIES, TOP_K, LABEL }

    private final URI predictUri;
    private final String authorization;
    private final RemoteOptions options;
    private final HttpClient http;
    private final int numClasses;
    private final int[] inputShape;
    private final int dim;
    private final Release release;
    private final int topK;
    private final boolean rounded;
    private final int batchSize;
    private final String defences;
    private final AtomicLong instancesSent = new AtomicLong();
    private final Long trainingSeed;
    private final String datasetHash;

    private RemoteClassifier(URI base, String apiKey, RemoteOptions options, HttpClient http, JsonNode info) {
        this.predictUri = base.resolve("v1/predict");
        this.authorization = "Bearer " + apiKey;
        this.options = options;
        this.http = http;
        this.numClasses = info.path("numClasses").asInt(-1);
        JsonNode shape = info.path("inputShape");
        if (numClasses < 2 || !shape.isArray() || shape.isEmpty()) {
            throw new RemoteClassifierException.ServerError("endpoint " + base + " described its model without "
                    + "numClasses >= 2 and an inputShape: " + info, 200, null, null);
        }
        this.inputShape = new int[shape.size()];
        int d = 1;
        for (int i = 0; i < inputShape.length; i++) {
            inputShape[i] = shape.get(i).asInt();
            d *= inputShape[i];
        }
        this.dim = d;
        this.release = switch (info.path("release").asText()) {
            case "probabilities" -> Release.PROBABILITIES;
            case "top-k" -> Release.TOP_K;
            case "label" -> Release.LABEL;
            default -> throw new RemoteClassifierException.ServerError("endpoint " + base + " releases '"
                    + info.path("release").asText() + "', which this client does not know", 200, null, null);
        };
        this.topK = info.path("topK").asInt(0);
        this.rounded = info.path("decimals").asInt(-1) >= 0;
        this.defences = info.path("defences").asText("unknown");
        JsonNode prov = info.path("provenance");
        this.trainingSeed = prov.path("seed").isIntegralNumber() ? prov.get("seed").asLong() : null;
        this.datasetHash = prov.path("datasetHash").isTextual() ? prov.get("datasetHash").asText() : null;
        int maxBatch = info.path("maxBatch").asInt(Integer.MAX_VALUE);
        long maxBody = info.path("maxBodyBytes").asLong(Long.MAX_VALUE);
        // a float as JSON text takes at most 15 characters plus a separator
        long perInstance = 16L * dim + 4;
        int byBody = (int) Math.max(1, Math.min(Integer.MAX_VALUE, (maxBody - 32) / perInstance));
        this.batchSize = Math.max(1, Math.min(options.batchSize(), Math.min(maxBatch, byBody)));
    }

    /**
     * Connects to a privet endpoint and reads what it serves.
     *
     * @param endpoint the server's base URI, e.g. {@code http://127.0.0.1:8080/}
     * @param apiKey the client's API key (sent as {@code Authorization: Bearer}; never logged)
     * @param options batching, timeouts and retries
     * @throws IllegalArgumentException if the URI is not http(s) or the key is empty
     * @throws RemoteClassifierException if the endpoint cannot be reached or refuses the key
     */
    public static RemoteClassifier connect(URI endpoint, String apiKey, RemoteOptions options) {
        if (endpoint == null || endpoint.getScheme() == null
                || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("endpoint must be an http(s) URI with a host, e.g. http://127.0.0.1:8080/. "
                    + "Provided value: " + endpoint);
        }
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("apiKey must not be empty");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use RemoteOptions.defaults())");
        }
        URI base = endpoint.getPath() == null || endpoint.getPath().endsWith("/") ? endpoint
                : URI.create(endpoint + "/");
        HttpClient http = HttpClient.newBuilder().connectTimeout(options.connectTimeout())
                .version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(base.resolve("v1/model")).timeout(options.requestTimeout())
                .header("Authorization", "Bearer " + apiKey).GET().build();
        HttpResponse<byte[]> r = send(http, req, base);
        check(r, base);
        try {
            return new RemoteClassifier(base, apiKey, options, http, new ObjectMapper().readTree(r.body()));
        } catch (IOException e) {
            throw new RemoteClassifierException.ServerError("endpoint " + base + " answered /v1/model with invalid JSON: "
                    + e.getMessage(), r.statusCode(), null, e);
        }
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    @Override
    public int[] inputShape() {
        return inputShape.clone();
    }

    /** What the endpoint releases. */
    public Release release() {
        return release;
    }

    /** The endpoint's description of its defences, e.g. {@code "round(2 decimals), top-3"}. */
    public String defences() {
        return defences;
    }

    /** The served model's training seed, when the endpoint publishes its provenance; else empty. */
    public java.util.OptionalLong trainingSeed() {
        return trainingSeed == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(trainingSeed);
    }

    /** The hash of the served model's training set, when the endpoint publishes its provenance; else empty. */
    public java.util.Optional<String> datasetHash() {
        return java.util.Optional.ofNullable(datasetHash);
    }

    /** Instances per request actually used (the option, capped by the server's limits). */
    public int batchSize() {
        return batchSize;
    }

    /** Instances sent so far (what this client has spent of its budget). */
    public long instancesSent() {
        return instancesSent.get();
    }

    /**
     * Class probabilities from the endpoint, shape {@code [n, numClasses()]}.
     *
     * @throws IllegalStateException if the endpoint releases labels only (and one-hot labels are off)
     * @throws IllegalArgumentException if {@code x} does not have shape {@code [n, inputShape()...]}
     * @throws RemoteClassifierException if a request fails
     */
    @Override
    public Tensor predictProba(Tensor x) {
        if (release == Release.LABEL) {
            if (!options.oneHotLabels()) {
                throw new IllegalStateException("the endpoint releases labels only (defences: " + defences
                        + "); only label-only attacks apply (or connect with RemoteOptions.withOneHotLabels(true))");
            }
            int[] labels = predict(x);
            float[] out = new float[labels.length * numClasses];
            for (int i = 0; i < labels.length; i++) {
                out[i * numClasses + labels[i]] = 1f;
            }
            return Tensor.wrap(out, labels.length, numClasses);
        }
        int n = checkInput(x);
        float[] out = new float[n * numClasses];
        query(x.data(), n, null, out);
        return Tensor.wrap(out, n, numClasses);
    }

    /** The endpoint's labels (the model's decisions), one per row of {@code x}. */
    @Override
    public int[] predict(Tensor x) {
        int n = checkInput(x);
        int[] labels = new int[n];
        query(x.data(), n, labels, null);
        return labels;
    }

    private int checkInput(Tensor x) {
        int[] s = x.shape();
        if (s.length != inputShape.length + 1 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), inputShape)) {
            throw new IllegalArgumentException("input must have shape [n, " + Arrays.toString(inputShape).replaceAll("[\\[\\]]", "")
                    + "]. Provided shape: " + x.shapeString());
        }
        return s[0];
    }

    private void query(float[] x, int n, int[] labels, float[] proba) {
        for (int from = 0; from < n; from += batchSize) {
            int m = Math.min(batchSize, n - from);
            byte[] body = requestBody(x, from, m);
            HttpRequest req = HttpRequest.newBuilder(predictUri).timeout(options.requestTimeout())
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            HttpResponse<byte[]> r = null;
            for (int attempt = 0;; attempt++) {
                r = send(http, req, predictUri);
                try {
                    check(r, predictUri);
                    break;
                } catch (RemoteClassifierException.RateLimited e) {
                    if (attempt >= options.rateLimitRetries()) {
                        throw e;
                    }
                    long waitMs = Math.min(options.maxRetryWait().toMillis(),
                            1000 * Math.max(1, e.retryAfterSeconds()));
                    try {
                        Thread.sleep(waitMs);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                }
            }
            instancesSent.addAndGet(m);
            parseAnswer(r.body(), from, m, labels, proba);
        }
    }

    private byte[] requestBody(float[] x, int from, int m) {
        ByteArrayOutputStream bos = new ByteArrayOutputStream(16 + m * dim * 10);
        try (JsonGenerator g = JSON.createGenerator(bos, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName("instances");
            g.writeStartArray();
            for (int i = 0; i < m; i++) {
                g.writeStartArray();
                int off = (from + i) * dim;
                for (int j = 0; j < dim; j++) {
                    g.writeNumber(x[off + j]);
                }
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new AssertionError("internal invariant: writing to memory cannot fail", e);
        }
        return bos.toByteArray();
    }

    private void parseAnswer(byte[] body, int from, int m, int[] labels, float[] proba) {
        int c = numClasses;
        int[] topClasses = release == Release.TOP_K ? new int[m * topK] : null;
        boolean sawProba = false;
        int sawLabels = 0;
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT, "the answer");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                p.nextToken();
                switch (f) {
                    case "labels" -> {
                        expect(p.currentToken(), JsonToken.START_ARRAY, "labels");
                        while (p.nextToken() != JsonToken.END_ARRAY) {
                            int v = p.getIntValue();
                            if (sawLabels >= m || v < 0 || v >= c) {
                                throw invalid("label " + v + " at " + sawLabels + " (batch of " + m + ", " + c + " classes)");
                            }
                            if (labels != null) {
                                labels[from + sawLabels] = v;
                            }
                            sawLabels++;
                        }
                    }
                    case "probabilities" -> {
                        readMatrix(p, m, c, proba, from * c, "probabilities");
                        sawProba = true;
                    }
                    case "topClasses" -> readIntMatrix(p, m, topK, topClasses);
                    case "topProbabilities" -> {
                        float[] tp = new float[m * topK];
                        readMatrix(p, m, topK, tp, 0, "topProbabilities");
                        if (proba != null) {
                            if (topClasses == null) {
                                throw invalid("topProbabilities before topClasses");
                            }
                            fillTopK(proba, from, m, topClasses, tp);
                        }
                        sawProba = true;
                    }
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new RemoteClassifierException.ServerError("endpoint " + predictUri + " answered with invalid JSON: "
                    + e.getMessage(), 200, null, e);
        }
        if (sawLabels != m || (proba != null && !sawProba)) {
            throw invalid("expected " + m + " labels" + (proba != null ? " and probabilities" : "") + "; got "
                    + sawLabels + " labels");
        }
        if (proba != null && release == Release.PROBABILITIES && rounded) {
            for (int i = 0; i < m; i++) {
                renormalise(proba, (from + i) * c, c);
            }
        }
    }

    private void fillTopK(float[] proba, int from, int m, int[] topClasses, float[] tp) {
        int c = numClasses;
        int k = topK;
        for (int i = 0; i < m; i++) {
            int off = (from + i) * c;
            double mass = 0;
            for (int t = 0; t < k; t++) {
                mass += tp[i * k + t];
            }
            float rest = k < c ? (float) Math.max(0, (1 - mass) / (c - k)) : 0f;
            Arrays.fill(proba, off, off + c, rest);
            for (int t = 0; t < k; t++) {
                int cls = topClasses[i * k + t];
                if (cls < 0 || cls >= c) {
                    throw invalid("top class " + cls + " outside [0, " + c + ")");
                }
                proba[off + cls] = tp[i * k + t];
            }
            renormalise(proba, off, c);
        }
    }

    private static void renormalise(float[] p, int off, int c) {
        double s = 0;
        for (int j = 0; j < c; j++) {
            s += p[off + j];
        }
        if (s > 0) {
            for (int j = 0; j < c; j++) {
                p[off + j] = (float) (p[off + j] / s);
            }
        } else {
            Arrays.fill(p, off, off + c, 1f / c);
        }
    }

    private void readMatrix(JsonParser p, int rows, int cols, float[] out, int off, String what) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, what);
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            expect(p.currentToken(), JsonToken.START_ARRAY, what + " row " + i);
            int j = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (i >= rows || j >= cols) {
                    throw invalid(what + " larger than " + rows + " x " + cols);
                }
                float v = p.getFloatValue();
                if (!(v >= 0f && v <= 1f)) {
                    throw invalid(what + "[" + i + "][" + j + "] = " + v + " is not a probability");
                }
                if (out != null) {
                    out[off + i * cols + j] = v;
                }
                j++;
            }
            if (j != cols) {
                throw invalid(what + " row " + i + " has " + j + " values, expected " + cols);
            }
            i++;
        }
        if (i != rows) {
            throw invalid(what + " has " + i + " rows, expected " + rows);
        }
    }

    private void readIntMatrix(JsonParser p, int rows, int cols, int[] out) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY, "topClasses");
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            int j = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                if (i >= rows || j >= cols || out == null) {
                    throw invalid("topClasses larger than " + rows + " x " + cols);
                }
                out[i * cols + j++] = p.getIntValue();
            }
            i++;
        }
    }

    private void expect(JsonToken got, JsonToken want, String what) {
        if (got != want) {
            throw invalid(what + ": expected " + want + ", got " + got);
        }
    }

    private RemoteClassifierException invalid(String what) {
        return new RemoteClassifierException.ServerError("endpoint " + predictUri + " answered unexpectedly: " + what,
                200, null, null);
    }

    private static HttpResponse<byte[]> send(HttpClient http, HttpRequest req, URI where) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new RemoteClassifierException.Timeout("no answer from " + where + " within "
                    + req.timeout().map(Object::toString).orElse("the timeout"), e);
        } catch (ConnectException e) {
            throw new RemoteClassifierException.Unreachable("cannot connect to " + where + ": "
                    + (e.getMessage() == null ? "connection refused" : e.getMessage()), e);
        } catch (IOException e) {
            throw new RemoteClassifierException.Unreachable("request to " + where + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteClassifierException.Unreachable("interrupted while waiting for " + where, e);
        }
    }

    /** Maps a non-2xx answer to its exception. */
    private static void check(HttpResponse<byte[]> r, URI where) {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        String code = null;
        String message = null;
        try {
            JsonNode j = new ObjectMapper().readTree(r.body());
            code = j.path("error").asText(null);
            message = j.path("message").asText(null);
        } catch (IOException | RuntimeException e) {
            // not our server's error format: fall back to the status line
        }
        String m = where + " answered " + s + (message != null ? ": " + message : "");
        switch (s) {
            case 401 -> throw new RemoteClassifierException.Unauthorized(m + " (check the API key)", code);
            case 403 -> throw new RemoteClassifierException.Forbidden(m, code);
            case 429 -> {
                if ("budget_exhausted".equals(code)) {
                    throw new RemoteClassifierException.BudgetExhausted(m, code);
                }
                long after = r.headers().firstValue("Retry-After").map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return -1L;
                    }
                }).orElse(-1L);
                throw new RemoteClassifierException.RateLimited(m, code, after);
            }
            default -> {
                if (s >= 400 && s < 500) {
                    throw new RemoteClassifierException.BadRequest(m, s, code);
                }
                throw new RemoteClassifierException.ServerError(m, s, code, null);
            }
        }
    }
}
