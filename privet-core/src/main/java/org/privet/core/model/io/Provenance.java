package org.privet.core.model.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.privet.core.tensor.Tensor;

/**
 * How a model was made (Tribuo's ModelProvenance, in small): who or what created it, with which
 * parameters and seed, from which data, when, and by which Privet version. Written into every
 * model file by {@link Models#save} and printed by reports.
 *
 * @param creator the program or class that trained the model, e.g. {@code "privet train"}; non-blank
 * @param parameters training parameters as text, sorted by name (copied, unmodifiable)
 * @param seed the experiment seed, if any
 * @param datasetHash a digest of the training data (e.g. {@code "sha256:..."}), or null
 * @param createdAt when the model was trained
 * @param privetVersion the Privet version that trained it
 */
public record Provenance(String creator, Map<String, String> parameters, Long seed, String datasetHash,
        Instant createdAt, String privetVersion) {
    public Provenance {
        if (creator == null || creator.isBlank()) {
            throw new IllegalArgumentException("creator must be a non-blank string. Provided value: " + creator);
        }
        if (parameters == null || createdAt == null || privetVersion == null) {
            throw new IllegalArgumentException("parameters, createdAt and privetVersion must not be null");
        }
        parameters = Collections.unmodifiableMap(new TreeMap<>(parameters));
    }

    /** Provenance for a model trained now by {@code creator} with this Privet build, no parameters yet. */
    public static Provenance of(String creator) {
        return new Provenance(creator, Map.of(), null, null, Instant.now(), privetBuildVersion());
    }

    /** A copy with one more parameter (replacing one of the same name). */
    public Provenance withParameter(String name, Object value) {
        TreeMap<String, String> p = new TreeMap<>(parameters);
        p.put(name, String.valueOf(value));
        return new Provenance(creator, p, seed, datasetHash, createdAt, privetVersion);
    }

    public Provenance withSeed(long value) {
        return new Provenance(creator, parameters, value, datasetHash, createdAt, privetVersion);
    }

    public Provenance withDatasetHash(String value) {
        return new Provenance(creator, parameters, seed, value, createdAt, privetVersion);
    }

    public Provenance withCreatedAt(Instant value) {
        return new Provenance(creator, parameters, seed, datasetHash, value, privetVersion);
    }

    /** The seed, if one was recorded. */
    public OptionalLong seedIfPresent() {
        return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
    }

    /** The dataset hash, if one was recorded. */
    public Optional<String> datasetHashIfPresent() {
        return Optional.ofNullable(datasetHash);
    }

    /**
     * A digest of a labelled dataset for {@link #datasetHash()}: {@code "sha256:"} and the hex
     * SHA-256 of the shape, the float32 bits of {@code x} and the labels {@code y} (labels may be
     * null), all little-endian. Equal data give equal hashes on every platform.
     */
    public static String datasetHash(Tensor x, int[] y) {
        MessageDigest md = ModelFile.sha256();
        ByteBuffer buf = ByteBuffer.allocate(1 << 14).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(x.rank());
        for (int s : x.shape()) {
            buf.putInt(s);
        }
        for (float v : x.data()) {
            if (buf.remaining() < 4) {
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
            buf.putFloat(v);
        }
        if (buf.remaining() < 4) {
            md.update(buf.array(), 0, buf.position());
            buf.clear();
        }
        buf.putInt(y == null ? -1 : y.length);
        if (y != null) {
            for (int v : y) {
                if (buf.remaining() < 4) {
                    md.update(buf.array(), 0, buf.position());
                    buf.clear();
                }
                buf.putInt(v);
            }
        }
        md.update(buf.array(), 0, buf.position());
        return "sha256:" + HexFormat.of().formatHex(md.digest());
    }

    /** Privet's version ({@link org.privet.core.Version#current()}). */
    public static String privetBuildVersion() {
        return org.privet.core.Version.current();
    }
}
