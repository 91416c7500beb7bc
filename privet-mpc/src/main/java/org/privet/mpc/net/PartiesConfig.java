package org.privet.mpc.net;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Who the parties of a run are and how to reach them: the contents of a {@code parties.json} file.
 *
 * <pre>{@code
 * {
 *   "timeoutMillis": 30000,
 *   "parties": [
 *     {"id": 0, "host": "10.0.0.1", "port": 9000, "certificate": "party-0.crt", "key": "party-0.key"},
 *     {"id": 1, "host": "10.0.0.2", "port": 9001, "certificate": "party-1.crt", "key": "party-1.key"}
 *   ]
 * }
 * }</pre>
 *
 * Ids are {@code 0..n-1}, each once. Relative paths are resolved against the file's folder. Each party needs
 * every certificate (they are public: each party pins its peers' certificates) but only its own private
 * key; {@code key} may be left out, and then defaults to {@code party-<id>.key} beside the file. Immutable.
 *
 * @param parties the parties sorted by id
 * @param timeoutMillis the receive and connect timeout, {@code > 0}
 */
public record PartiesConfig(List<Party> parties, long timeoutMillis) {
    /** Default timeout when the file names none: 30 s. */
    public static final long DEFAULT_TIMEOUT_MILLIS = 30_000;

    /**
     * One party.
     *
     * @param id party id in {@code [0, n)}
     * @param host host name or address it listens on and is reached at
     * @param port TCP port in {@code [1, 65535]}
     * @param certificate its X.509 certificate (PEM)
     * @param key its private key (PKCS#8 PEM); only the party itself needs the file to exist
     */
    public record Party(int id, String host, int port, Path certificate, Path key) {
        public Party {
            if (id < 0) {
                throw new IllegalArgumentException("party id must be >= 0. Provided value: " + id);
            }
            if (host == null || host.isBlank()) {
                throw new IllegalArgumentException("party " + id + ": host must not be empty");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("party " + id + ": port must be in [1, 65535]. Provided value: " + port);
            }
        }
    }

    public PartiesConfig {
        parties = new ArrayList<>(parties);
        parties.sort(Comparator.comparingInt(Party::id));
        parties = List.copyOf(parties);
        if (parties.size() < 2) {
            throw new IllegalArgumentException("a run needs at least 2 parties. Provided: " + parties.size());
        }
        for (int i = 0; i < parties.size(); i++) {
            if (parties.get(i).id() != i) {
                throw new IllegalArgumentException("party ids must be 0.." + (parties.size() - 1)
                        + ", each once; missing or repeated id near " + i);
            }
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0. Provided value: " + timeoutMillis);
        }
    }

    public int size() {
        return parties.size();
    }

    public Party party(int id) {
        if (id < 0 || id >= parties.size()) {
            throw new IllegalArgumentException("party id must be in [0, " + parties.size() + "). Provided value: " + id);
        }
        return parties.get(id);
    }

    /** The same parties with another timeout. */
    public PartiesConfig withTimeoutMillis(long millis) {
        return new PartiesConfig(parties, millis);
    }

    /**
     * Reads a {@code parties.json}. Errors name the file and the field: {@link IllegalArgumentException} for
     * bad content, {@link UncheckedIOException} when the file cannot be read.
     */
    public static PartiesConfig load(Path file) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        if (root == null || !root.path("parties").isArray()) {
            throw new IllegalArgumentException(file + ": field 'parties' must be an array of parties");
        }
        long timeout = DEFAULT_TIMEOUT_MILLIS;
        if (root.has("timeoutMillis")) {
            if (!root.get("timeoutMillis").canConvertToLong()) {
                throw new IllegalArgumentException(file + ": field 'timeoutMillis' must be an integer");
            }
            timeout = root.get("timeoutMillis").asLong();
        }
        List<Party> out = new ArrayList<>();
        int i = 0;
        for (JsonNode p : root.get("parties")) {
            String where = file + ": parties[" + i + "]";
            try {
                int id = intField(p, "id", where);
                String host = textField(p, "host", where);
                int port = intField(p, "port", where);
                Path cert = dir.resolve(textField(p, "certificate", where));
                Path key = p.hasNonNull("key") ? dir.resolve(p.get("key").asText()) : dir.resolve("party-" + id + ".key");
                out.add(new Party(id, host, port, cert, key));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(file.toString()) ? e.getMessage()
                        : where + ": " + e.getMessage(), e);
            }
            i++;
        }
        try {
            return new PartiesConfig(out, timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    private static int intField(JsonNode p, String name, String where) {
        JsonNode n = p.get(name);
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new IllegalArgumentException(where + ": field '" + name + "' must be an integer");
        }
        return n.asInt();
    }

    private static String textField(JsonNode p, String name, String where) {
        JsonNode n = p.get(name);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(where + ": field '" + name + "' must be a string");
        }
        return n.asText();
    }

    /** This configuration as JSON, with paths written relative to {@code dir} where they lie under it. */
    public String toJson(Path dir) {
        ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = m.createObjectNode();
        root.put("timeoutMillis", timeoutMillis);
        ArrayNode arr = root.putArray("parties");
        Path base = dir.toAbsolutePath();
        for (Party p : parties) {
            ObjectNode o = arr.addObject();
            o.put("id", p.id());
            o.put("host", p.host());
            o.put("port", p.port());
            o.put("certificate", rel(base, p.certificate()));
            o.put("key", rel(base, p.key()));
        }
        try {
            return m.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new AssertionError("internal invariant: JSON of a config", e);
        }
    }

    private static String rel(Path base, Path p) {
        Path a = p.toAbsolutePath();
        return a.startsWith(base) ? base.relativize(a).toString() : a.toString();
    }
}
