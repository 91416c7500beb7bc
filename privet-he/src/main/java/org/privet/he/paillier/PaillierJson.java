package org.privet.he.paillier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Versioned JSON for Paillier keys and ciphertexts. Big integers are base64 (standard alphabet) of
 * their unsigned big-endian bytes. Every document has:
 *
 * <pre>{@code
 * {"format":"privet-paillier","version":1,"type":"public-key|private-key|ciphertext|encrypted-number|
 *  encrypted-vector|packed-vector","keyFingerprint":"<32 hex>", ...fields..., "checksum":"sha256:<hex>"}
 * }</pre>
 *
 * <p>The checksum is SHA-256 over the compact JSON of the document without its checksum field, in
 * field order, so a truncated or edited document is rejected; the key fingerprint is checked against
 * {@code n} (keys) or against the key the caller supplies (ciphertexts), so a ciphertext read with the
 * wrong key is an error, never a wrong plaintext. Errors are {@link PaillierFormatException}s naming
 * the source and field. Files are written to a temporary file in the same folder and moved into
 * place; private keys are written owner-read/write only where the file system supports it.
 *
 * <p>Stateless and thread safe.
 */
public final class PaillierJson {
    /** The {@code format} value. */
    public static final String FORMAT = "privet-paillier";
    /** The only version written and read. */
    public static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PaillierJson() {
    }

    // ---- writing ----

    /** The public key document. */
    public static String toJson(PaillierPublicKey key) {
        ObjectNode o = header("public-key", key);
        o.put("bits", key.bits());
        o.put("insecure", key.isInsecure());
        o.put("n", b64(key.modulus()));
        return seal(o);
    }

    /** The private key document (contains the secret factors). */
    public static String toJson(PaillierPrivateKey key) {
        PaillierPublicKey pk = key.publicKey();
        ObjectNode o = header("private-key", pk);
        o.put("bits", pk.bits());
        o.put("insecure", pk.isInsecure());
        o.put("n", b64(pk.modulus()));
        o.put("p", b64(key.p()));
        o.put("q", b64(key.q()));
        return seal(o);
    }

    /** A single ciphertext. */
    public static String toJson(PaillierCiphertext c) {
        ObjectNode o = header("ciphertext", c.key());
        o.put("c", b64(c.value()));
        return seal(o);
    }

    /** An encrypted number (ciphertext and exponent). */
    public static String toJson(EncryptedNumber x) {
        ObjectNode o = header("encrypted-number", x.key());
        o.put("exponent", x.exponent());
        o.put("c", b64(x.ciphertext().value()));
        return seal(o);
    }

    /** An encrypted vector. */
    public static String toJson(EncryptedVector v) {
        ObjectNode o = header("encrypted-vector", v.key());
        o.put("exponent", v.exponent());
        o.put("size", v.size());
        ArrayNode a = o.putArray("c");
        for (BigInteger c : v.ciphertexts()) {
            a.add(b64(c));
        }
        return seal(o);
    }

    /** A packed vector with its layout. */
    public static String toJson(PackedVector v) {
        ObjectNode o = header("packed-vector", v.key());
        PackingLayout l = v.layout();
        ObjectNode lo = o.putObject("layout");
        lo.put("keyBits", l.keyBits());
        lo.put("fractionalBits", l.fractionalBits());
        lo.put("bound", Double.toHexString(l.bound()));
        lo.put("maxSummands", l.maxSummands());
        lo.put("offset", l.offset());
        lo.put("slotBits", l.slotBits());
        lo.put("slots", l.slots());
        o.put("length", v.length());
        o.put("summands", v.summands());
        ArrayNode a = o.putArray("c");
        for (BigInteger c : v.ciphertexts()) {
            a.add(b64(c));
        }
        return seal(o);
    }

    /**
     * Writes {@code json} to {@code file} atomically (temporary file in the same folder, then a move);
     * documents of type private-key get owner-only permissions where supported.
     */
    public static void write(Path file, String json) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            if (json.contains("\"type\":\"private-key\"")) {
                try {
                    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException ignored) {
                    // not a POSIX file system: the platform default applies
                }
            }
            Files.writeString(tmp, json, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    // ---- reading ----

    /**
     * Reads a public key document.
     *
     * @param source file name or label for error messages
     * @param allowInsecure accept moduli below {@value PaillierPublicKey#MIN_SECURE_BITS} bits (tests only)
     */
    public static PaillierPublicKey publicKeyFromJson(String json, String source, boolean allowInsecure) {
        ObjectNode o = open(json, source, "public-key");
        return keyFrom(o, source, allowInsecure);
    }

    /** Reads a private key document (see {@link #publicKeyFromJson} for the arguments). */
    public static PaillierPrivateKey privateKeyFromJson(String json, String source, boolean allowInsecure) {
        ObjectNode o = open(json, source, "private-key");
        PaillierPublicKey pk = keyFrom(o, source, allowInsecure);
        BigInteger p = bigInt(o, "p", source);
        BigInteger q = bigInt(o, "q", source);
        try {
            return PaillierPrivateKey.of(pk, p, q);
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, "p", e.getMessage(), e);
        }
    }

    /** Reads a ciphertext made under {@code key}. */
    public static PaillierCiphertext ciphertextFromJson(String json, String source, PaillierPublicKey key) {
        ObjectNode o = open(json, source, "ciphertext");
        checkKey(o, source, key);
        return ciphertext(key, bigInt(o, "c", source), source, "c");
    }

    /** Reads an encrypted number made under {@code key}. */
    public static EncryptedNumber encryptedNumberFromJson(String json, String source, PaillierPublicKey key) {
        ObjectNode o = open(json, source, "encrypted-number");
        checkKey(o, source, key);
        int exponent = intField(o, "exponent", source);
        return new EncryptedNumber(ciphertext(key, bigInt(o, "c", source), source, "c"), exponent);
    }

    /** Reads an encrypted vector made under {@code key}. */
    public static EncryptedVector encryptedVectorFromJson(String json, String source, PaillierPublicKey key) {
        ObjectNode o = open(json, source, "encrypted-vector");
        checkKey(o, source, key);
        int exponent = intField(o, "exponent", source);
        int size = intField(o, "size", source);
        BigInteger[] c = bigInts(o, "c", source);
        if (c.length != size) {
            throw new PaillierFormatException(source, "c", "has " + c.length + " ciphertexts, but size says " + size);
        }
        try {
            return EncryptedVector.of(key, c, exponent);
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, "c", e.getMessage(), e);
        }
    }

    /** Reads a packed vector made under {@code key}. */
    public static PackedVector packedVectorFromJson(String json, String source, PaillierPublicKey key) {
        ObjectNode o = open(json, source, "packed-vector");
        checkKey(o, source, key);
        JsonNode lo = o.get("layout");
        if (lo == null || !lo.isObject()) {
            throw new PaillierFormatException(source, "layout", "missing or not an object");
        }
        PackingLayout layout;
        try {
            double bound = Double.parseDouble(text((ObjectNode) lo, "bound", source));
            layout = new PackingLayout(intField((ObjectNode) lo, "keyBits", source), intField((ObjectNode) lo, "fractionalBits", source),
                    bound, intField((ObjectNode) lo, "maxSummands", source), longField((ObjectNode) lo, "offset", source),
                    intField((ObjectNode) lo, "slotBits", source), intField((ObjectNode) lo, "slots", source));
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, "layout", e.getMessage(), e);
        }
        try {
            return PackedVector.of(key, layout, intField(o, "length", source), bigInts(o, "c", source), intField(o, "summands", source));
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, "c", e.getMessage(), e);
        }
    }

    /** Reads a file as UTF-8 text (to pass to a {@code *FromJson} method with the file name as source). */
    public static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    // ---- helpers ----

    private static ObjectNode header(String type, PaillierPublicKey key) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("format", FORMAT);
        o.put("version", VERSION);
        o.put("type", type);
        o.put("keyFingerprint", key.fingerprint());
        return o;
    }

    private static String seal(ObjectNode o) {
        o.put("checksum", checksum(o));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(o) + "\n";
        } catch (JsonProcessingException e) {
            throw new AssertionError("internal invariant: a tree of strings and numbers serialises", e);
        }
    }

    private static String checksum(ObjectNode withoutChecksum) {
        try {
            byte[] bytes = MAPPER.writeValueAsBytes(withoutChecksum);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new AssertionError("internal invariant: SHA-256 and tree serialisation are available", e);
        }
    }

    private static ObjectNode open(String json, String source, String type) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PaillierFormatException(source, null, "not valid JSON (truncated or corrupted?): " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PaillierFormatException(source, null, "expected a JSON object (empty or truncated document?)");
        }
        ObjectNode o = (ObjectNode) root;
        if (!FORMAT.equals(textOrNull(o, "format"))) {
            throw new PaillierFormatException(source, "format", "expected \"" + FORMAT + "\". Found: " + o.get("format"));
        }
        JsonNode v = o.get("version");
        if (v == null || !v.isInt() || v.intValue() != VERSION) {
            throw new PaillierFormatException(source, "version", "only version " + VERSION + " is supported. Found: " + v);
        }
        JsonNode sum = o.remove("checksum");
        if (sum == null || !sum.isTextual()) {
            throw new PaillierFormatException(source, "checksum", "missing (truncated document?)");
        }
        String expected = checksum(o);
        if (!expected.equals(sum.textValue())) {
            throw new PaillierFormatException(source, "checksum", "does not match the content: the document was corrupted or edited");
        }
        if (!type.equals(textOrNull(o, "type"))) {
            throw new PaillierFormatException(source, "type", "expected \"" + type + "\". Found: " + o.get("type"));
        }
        return o;
    }

    private static PaillierPublicKey keyFrom(ObjectNode o, String source, boolean allowInsecure) {
        BigInteger n = bigInt(o, "n", source);
        PaillierPublicKey key;
        try {
            key = allowInsecure ? PaillierPublicKey.fromModulusInsecure(n) : PaillierPublicKey.fromModulus(n);
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, "n", e.getMessage(), e);
        }
        if (intField(o, "bits", source) != key.bits()) {
            throw new PaillierFormatException(source, "bits", "says " + o.get("bits") + " but n has " + key.bits() + " bits");
        }
        checkKey(o, source, key);
        return key;
    }

    private static void checkKey(ObjectNode o, String source, PaillierPublicKey key) {
        String fp = text(o, "keyFingerprint", source);
        if (!fp.equals(key.fingerprint())) {
            throw new PaillierFormatException(source, "keyFingerprint", "the document belongs to Paillier key " + fp
                    + ", but key " + key.fingerprint() + " was given (wrong key, or mismatched parameters)");
        }
    }

    private static PaillierCiphertext ciphertext(PaillierPublicKey key, BigInteger c, String source, String field) {
        try {
            return PaillierCiphertext.of(key, c);
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, field, e.getMessage(), e);
        }
    }

    private static String b64(BigInteger x) {
        byte[] b = x.toByteArray();
        int skip = (b.length > 1 && b[0] == 0) ? 1 : 0;
        return Base64.getEncoder().encodeToString(skip == 0 ? b : java.util.Arrays.copyOfRange(b, 1, b.length));
    }

    private static BigInteger fromB64(String s, String source, String field) {
        try {
            return new BigInteger(1, Base64.getDecoder().decode(s));
        } catch (IllegalArgumentException e) {
            throw new PaillierFormatException(source, field, "not valid base64: " + e.getMessage(), e);
        }
    }

    private static BigInteger bigInt(ObjectNode o, String field, String source) {
        return fromB64(text(o, field, source), source, field);
    }

    private static BigInteger[] bigInts(ObjectNode o, String field, String source) {
        JsonNode a = o.get(field);
        if (a == null || !a.isArray()) {
            throw new PaillierFormatException(source, field, "missing or not an array");
        }
        BigInteger[] out = new BigInteger[a.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode e = a.get(i);
            if (!e.isTextual()) {
                throw new PaillierFormatException(source, field + "[" + i + "]", "expected a base64 string");
            }
            out[i] = fromB64(e.textValue(), source, field + "[" + i + "]");
        }
        return out;
    }

    private static String textOrNull(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static String text(ObjectNode o, String field, String source) {
        String s = textOrNull(o, field);
        if (s == null) {
            throw new PaillierFormatException(source, field, "missing or not a string");
        }
        return s;
    }

    private static int intField(ObjectNode o, String field, String source) {
        JsonNode v = o.get(field);
        if (v == null || !v.isInt()) {
            throw new PaillierFormatException(source, field, "missing or not a 32-bit integer. Found: " + v);
        }
        return v.intValue();
    }

    private static long longField(ObjectNode o, String field, String source) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new PaillierFormatException(source, field, "missing or not an integer. Found: " + v);
        }
        return v.longValue();
    }
}
