package org.privet.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How a report's numbers were made: enough to rerun the command and get the same report.
 *
 * @param toolVersion Privet's version
 * @param command the command line or entry point that produced the report
 * @param parameters every setting, sorted by name; values are String, Number or Boolean
 * @param seed the experiment seed, or {@code null} if the run used no randomness
 * @param datasetName dataset name or path, or {@code null}
 * @param datasetHash content hash such as {@code "sha256:<hex>"}, or {@code null}
 * @param startTime when the run started
 * @param endTime when the run finished, not before {@code startTime}
 * @param javaVersion {@code java.version} of the JVM that ran it
 * @param javaVendor {@code java.vendor}
 * @param os {@code os.name os.version (os.arch)}
 * @param hostCores available processors
 */
public record Provenance(String toolVersion, String command, SortedMap<String, Object> parameters, Long seed,
        String datasetName, String datasetHash, Instant startTime, Instant endTime, String javaVersion,
        String javaVendor, String os, int hostCores) {

    /** Validates and copies. */
    public Provenance {
        Checks.notBlank("toolVersion", toolVersion);
        Checks.notNull("command", command);
        Checks.notNull("parameters", parameters);
        Checks.notNull("startTime", startTime);
        Checks.notNull("endTime", endTime);
        Checks.notNull("javaVersion", javaVersion);
        Checks.notNull("javaVendor", javaVendor);
        Checks.notNull("os", os);
        if (endTime.isBefore(startTime)) {
            throw new IllegalArgumentException("endTime must not be before startTime. Provided: start=" + startTime
                    + ", end=" + endTime);
        }
        if (hostCores < 1) {
            throw new IllegalArgumentException("hostCores must be >= 1. Provided value: " + hostCores);
        }
        TreeMap<String, Object> copy = new TreeMap<>();
        parameters.forEach((k, v) -> copy.put(k, checkParameter(k, v)));
        parameters = Collections.unmodifiableSortedMap(copy);
    }

    private static Object checkParameter(String name, Object value) {
        Checks.notBlank("parameter name", name);
        if (!(value instanceof String) && !(value instanceof Number) && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("parameter '" + name + "' must be a String, Number or Boolean."
                    + " Provided: " + (value == null ? "null" : value.getClass().getName()));
        }
        return value;
    }

    /** Run time in milliseconds. */
    public long durationMillis() {
        return endTime.toEpochMilli() - startTime.toEpochMilli();
    }

    /**
     * A builder that fills the tool version, Java version and vendor, OS and core count from this
     * JVM, and the start time with now.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Privet's version, from the build ({@code "unknown"} if the resource is missing). */
    public static String privetVersion() {
        return org.privet.core.Version.current();
    }

    /** {@code "sha256:<lowercase hex>"} of a file's bytes, streamed. */
    public static String sha256(Path file) {
        MessageDigest md = sha256Digest();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash dataset file " + file + ": " + e.getMessage(), e);
        }
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** {@code "sha256:<lowercase hex>"} of bytes. */
    public static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(sha256Digest().digest(bytes));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: every JDK provides SHA-256", e);
        }
    }

    /** Collects provenance; not thread safe. */
    public static final class Builder {
        private String toolVersion = privetVersion();
        private String command = "";
        private final TreeMap<String, Object> parameters = new TreeMap<>();
        private Long seed;
        private String datasetName;
        private String datasetHash;
        private Instant startTime = Instant.now();
        private Instant endTime;

        private Builder() {
        }

        /** Overrides the detected tool version. */
        public Builder toolVersion(String version) {
            toolVersion = version;
            return this;
        }

        /** The command line or entry point. */
        public Builder command(String commandLine) {
            command = commandLine;
            return this;
        }

        /** One setting (String, Number or Boolean); a second call with the same name replaces it. */
        public Builder parameter(String name, Object value) {
            parameters.put(Checks.notBlank("parameter name", name), checkParameter(name, value));
            return this;
        }

        /** Several settings. */
        public Builder parameters(Map<String, ?> values) {
            values.forEach(this::parameter);
            return this;
        }

        /** The experiment seed. */
        public Builder seed(long experimentSeed) {
            seed = experimentSeed;
            return this;
        }

        /** Dataset name (or path) and content hash (e.g. from {@link Provenance#sha256(Path)}). */
        public Builder dataset(String name, String contentHash) {
            datasetName = name;
            datasetHash = contentHash;
            return this;
        }

        /** Start time (default: when the builder was made). */
        public Builder started(Instant time) {
            startTime = time;
            return this;
        }

        /** End time (default: when {@link #build()} is called). */
        public Builder finished(Instant time) {
            endTime = time;
            return this;
        }

        /** The validated provenance. */
        public Provenance build() {
            Instant end = endTime != null ? endTime : Instant.now();
            return new Provenance(toolVersion, command, parameters, seed, datasetName, datasetHash, startTime, end,
                    System.getProperty("java.version", "unknown"), System.getProperty("java.vendor", "unknown"),
                    System.getProperty("os.name", "?") + " " + System.getProperty("os.version", "?") + " ("
                            + System.getProperty("os.arch", "?") + ")",
                    Runtime.getRuntime().availableProcessors());
        }
    }
}
