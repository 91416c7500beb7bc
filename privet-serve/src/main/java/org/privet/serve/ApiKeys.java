package org.privet.serve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The API keys a deployment accepts, stored only as SHA-256 hashes, each with its own policy.
 *
 * <p>Keys are 256-bit random strings ({@link #generate}), so an unsalted SHA-256 hash is a safe
 * verifier (nothing to brute-force). {@link #find} hashes the presented key and compares it with
 * <i>every</i> stored hash using {@link MessageDigest#isEqual} (constant time), without stopping at a
 * match, so the time taken says nothing about which hash matched or how much of it.
 *
 * <p>Keys file (JSON): {@code {"keys": [{"id": "alice", "sha256": "<64 hex>", "budget": 100000,
 * "ratePerSecond": 50, "burst": 100}]}}; {@code budget}, {@code ratePerSecond} and {@code burst} are
 * optional and default to the deployment's {@link KeyPolicy}. Immutable; thread safe.
 */
public final class ApiKeys {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    /**
     * One accepted key.
     *
     * @param id a public name for the key (logged; never the secret), 1-64 of [A-Za-z0-9._-]
     * @param sha256 the SHA-256 hash of the key's UTF-8 bytes (32 bytes)
     * @param policy its budget and rate limit
     */
    public record Entry(String id, byte[] sha256, KeyPolicy policy) {
        /** Validates the entry. */
        public Entry {
            if (id == null || !ID.matcher(id).matches()) {
                throw new IllegalArgumentException("API key id must be 1-64 of [A-Za-z0-9._-]. Provided value: " + id);
            }
            if (sha256 == null || sha256.length != 32) {
                throw new IllegalArgumentException("API key '" + id + "': sha256 must be 32 bytes");
            }
            if (policy == null) {
                throw new IllegalArgumentException("API key '" + id + "': policy must not be null");
            }
            sha256 = sha256.clone();
        }

        @Override
        public byte[] sha256() {
            return sha256.clone();
        }

        @Override
        public String toString() {
            return "Entry[id=" + id + ", policy=" + policy + "]";
        }
    }

    private final List<Entry> entries;
    private final byte[][] hashes;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        this.hashes = new byte[entries.size()][];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = entries.get(i).sha256;
        }
    }

    /**
     * Keys from entries.
     *
     * @throws IllegalArgumentException on duplicate ids or duplicate hashes
     */
    public static ApiKeys of(List<Entry> entries) {
        Set<String> ids = new HashSet<>();
        Set<String> hs = new HashSet<>();
        for (Entry e : entries) {
            if (!ids.add(e.id())) {
                throw new IllegalArgumentException("API key id '" + e.id() + "' appears twice");
            }
            if (!hs.add(HexFormat.of().formatHex(e.sha256))) {
                throw new IllegalArgumentException("API key '" + e.id() + "' has the same hash as another key");
            }
        }
        return new ApiKeys(entries);
    }

    /** One key with the given plaintext (hashed here; the plaintext is not kept). */
    public static ApiKeys single(String id, String key, KeyPolicy policy) {
        return of(List.of(new Entry(id, sha256(checkKey(key)), policy)));
    }

    /**
     * Reads a keys file.
     *
     * @param defaults the policy of keys that do not set their own limits
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException naming the file, entry and field of the first problem
     */
    public static ApiKeys read(Path file, KeyPolicy defaults) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("keys file " + file + ": not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr(), e);
        }
        if (root == null || !root.path("keys").isArray()) {
            throw new IllegalArgumentException("keys file " + file + ": needs {\"keys\": [{\"id\": ..., \"sha256\": ...}]}");
        }
        List<Entry> out = new ArrayList<>();
        int i = 0;
        for (JsonNode k : root.get("keys")) {
            String where = "keys file " + file + ", entry " + i;
            String id = k.path("id").asText(null);
            String hex = k.path("sha256").asText("");
            if (!HEX.matcher(hex).matches()) {
                throw new IllegalArgumentException(where + " (" + id + "), field 'sha256': must be 64 lower-case hex digits");
            }
            if (k.has("key")) {
                throw new IllegalArgumentException(where + " (" + id + "): a plaintext 'key' field is not allowed; store "
                        + "only its 'sha256' (privet serve --generate-key prints both)");
            }
            try {
                KeyPolicy p = new KeyPolicy(
                        k.has("budget") ? k.get("budget").asLong() : defaults.budget(),
                        k.has("ratePerSecond") ? k.get("ratePerSecond").asDouble() : defaults.ratePerSecond(),
                        k.has("burst") ? k.get("burst").asInt() : defaults.burst());
                out.add(new Entry(id, HexFormat.of().parseHex(hex), p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
            i++;
        }
        try {
            return of(out);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("keys file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads one plaintext key from the first line of a file (e.g. {@code --api-key-file}), trimmed.
     *
     * @throws IllegalArgumentException if the file is empty or the key is too short
     */
    public static String readKeyFile(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String key = lines.isEmpty() ? "" : lines.get(0).trim();
        try {
            return checkKey(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("API key file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String checkKey(String key) {
        if (key == null || key.length() < 16) {
            throw new IllegalArgumentException("an API key must be at least 16 characters (privet serve --generate-key "
                    + "makes 256-bit ones). Provided length: " + (key == null ? 0 : key.length()));
        }
        for (int i = 0; i < key.length(); i++) {
            char ch = key.charAt(i);
            if (ch <= ' ' || ch > '~') {
                throw new IllegalArgumentException("an API key must be printable ASCII without spaces; character "
                        + i + " is not");
            }
        }
        return key;
    }

    /** A fresh 256-bit key from {@code random} ({@code "pk_"} + 43 base64url characters). */
    public static String generate(SecureRandom random) {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return "pk_" + Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** SHA-256 of the key's UTF-8 bytes. */
    public static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: every Java platform has SHA-256", e);
        }
    }

    /** Lower-case hex of {@link #sha256}. */
    public static String sha256Hex(String key) {
        return HexFormat.of().formatHex(sha256(key));
    }

    /**
     * The entry whose hash matches the presented key, or null. Constant time in the key's content
     * (one hash, then a constant-time comparison with every stored hash).
     */
    public Entry find(String presented) {
        if (presented == null) {
            return null;
        }
        byte[] h = sha256(presented);
        int found = -1;
        for (int i = 0; i < hashes.length; i++) {
            boolean eq = MessageDigest.isEqual(h, hashes[i]);
            found = eq ? i : found;
        }
        return found < 0 ? null : entries.get(found);
    }

    /** The entries (hashes and policies), in file order. */
    public List<Entry> entries() {
        return entries;
    }
}
