package org.privet.he.ckks;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import org.privet.he.ring.RnsPoly;
import org.privet.he.rlwe.KeyCodec;
import org.privet.he.rlwe.PublicKey;
import org.privet.he.rlwe.SecretKey;
import org.privet.he.rlwe.SwitchingKey;

/**
 * Files of ciphertexts and keys. Layout: magic {@code "PRVTCKKS"}, format version, kind, the parameters'
 * fingerprint, the key id, the payload, and a SHA-256 checksum of everything before it. Reading checks, in
 * this order: length, magic, checksum (a truncated or corrupted file), version, kind, parameters fingerprint
 * (a file made for other parameters), then every residue against its modulus. Writing goes to a temporary
 * file in the same folder, moved into place when complete, so a failure never leaves a partial file.
 *
 * <p>Stateless; thread safe.
 */
public final class CkksFiles {
    private static final byte[] MAGIC = {'P', 'R', 'V', 'T', 'C', 'K', 'K', 'S'};
    private static final int VERSION = 1;
    private static final int HEADER = 8 + 4 + 1 + 8 + 8;
    private static final int CHECKSUM = 32;

    /** What a file holds. */
    public enum Kind {
        CIPHERTEXT, PUBLIC_KEY, EVALUATION_KEYS, SECRET_KEY
    }

    private CkksFiles() {
    }

    @FunctionalInterface
    private interface Body {
        void write(DataOutputStream out) throws IOException;
    }

    private static void write(Path file, Kind kind, long fingerprint, long keyId, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeByte(kind.ordinal());
            out.writeLong(fingerprint);
            out.writeLong(keyId);
            body.write(out);
        }
        byte[] content = bytes.toByteArray();
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = Files.createTempFile(dir, abs.getFileName().toString(), ".tmp");
        try {
            try (var os = Files.newOutputStream(tmp)) {
                os.write(content);
                os.write(sha256(content, content.length));
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static byte[] sha256(byte[] b, int len) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(b, 0, len);
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    /** A checked file's header and payload stream. */
    private record Opened(long keyId, DataInputStream in) {
    }

    private static Opened open(Path file, Kind expected, CkksParameters params) throws IOException {
        byte[] b = Files.readAllBytes(file);
        if (b.length < HEADER + CHECKSUM) {
            throw new CkksFileException(file, "length", b.length + " bytes is shorter than the " + (HEADER + CHECKSUM)
                    + "-byte header and checksum (truncated or not a Privet CKKS file)", null);
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (b[i] != MAGIC[i]) {
                throw new CkksFileException(file, "magic", "not a Privet CKKS file (expected \"PRVTCKKS\")", null);
            }
        }
        int len = b.length - CHECKSUM;
        byte[] sum = sha256(b, len);
        for (int i = 0; i < CHECKSUM; i++) {
            if (sum[i] != b[len + i]) {
                throw new CkksFileException(file, "checksum", "SHA-256 mismatch: the file is truncated or corrupted", null);
            }
        }
        ByteBuffer h = ByteBuffer.wrap(b, MAGIC.length, HEADER - MAGIC.length);
        int version = h.getInt();
        if (version != VERSION) {
            throw new CkksFileException(file, "version", "format version " + version + " is not supported (expected "
                    + VERSION + ")", null);
        }
        int kind = h.get();
        if (kind != expected.ordinal()) {
            String found = kind >= 0 && kind < Kind.values().length ? Kind.values()[kind].toString() : "unknown kind " + kind;
            throw new CkksFileException(file, "kind", "holds " + found + ", expected " + expected, null);
        }
        long fp = h.getLong();
        if (fp != params.fingerprint()) {
            throw new CkksFileException(file, "parameters fingerprint", "made for other parameters (fingerprint "
                    + Long.toHexString(fp) + " != " + Long.toHexString(params.fingerprint()) + " of " + params + ")", null);
        }
        long keyId = h.getLong();
        return new Opened(keyId, new DataInputStream(new ByteArrayInputStream(b, HEADER, len - HEADER)));
    }

    private static <T> T read(Path file, String what, IoSupplier<T> s) throws IOException {
        try {
            return s.get();
        } catch (CkksFileException e) {
            throw e;
        } catch (EOFException e) {
            throw new CkksFileException(file, what, "payload ends early", e);
        } catch (IOException e) {
            throw new CkksFileException(file, what, e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface IoSupplier<T> {
        T get() throws IOException;
    }

    /** Writes a ciphertext. */
    public static void writeCiphertext(Path file, Ciphertext ct) throws IOException {
        write(file, Kind.CIPHERTEXT, ct.paramsFingerprint, ct.keyId, out -> {
            out.writeDouble(ct.scale);
            out.writeInt(ct.c.length);
            for (RnsPoly p : ct.c) {
                KeyCodec.writePoly(out, p);
            }
        });
    }

    /** Reads a ciphertext made for {@code params}. */
    public static Ciphertext readCiphertext(Path file, CkksParameters params) throws IOException {
        Opened o = open(file, Kind.CIPHERTEXT, params);
        return read(file, "ciphertext", () -> {
            double scale = o.in.readDouble();
            if (!(scale >= 1) || Double.isInfinite(scale)) {
                throw new IOException("scale " + scale + " is not >= 1 and finite");
            }
            int comps = o.in.readInt();
            if (comps < 2 || comps > 3) {
                throw new IOException("component count " + comps + " is not 2 or 3");
            }
            RnsPoly[] c = new RnsPoly[comps];
            int limbs = -1;
            for (int i = 0; i < comps; i++) {
                o.in.mark(8);
                int l = o.in.readInt();
                o.in.reset();
                if (l < 1 || l > params.maxLevel() + 1 || (limbs >= 0 && l != limbs)) {
                    throw new IOException("component " + i + " has " + l + " limbs (level must be in [0, "
                            + params.maxLevel() + "], equal for all components)");
                }
                limbs = l;
                c[i] = KeyCodec.readPoly(o.in, params.rlwe().ring().basisQ(l - 1), "component " + i);
                if (!c[i].isNtt()) {
                    throw new IOException("component " + i + " is not in NTT form");
                }
            }
            return new Ciphertext(c, scale, params.fingerprint(), o.keyId);
        });
    }

    /** Writes a public key. */
    public static void writePublicKey(Path file, CkksParameters params, PublicKey pk) throws IOException {
        write(file, Kind.PUBLIC_KEY, pk.paramsFingerprint(), pk.keyId(), out -> KeyCodec.writePublicKey(out, pk));
    }

    /** Reads a public key made for {@code params}. */
    public static PublicKey readPublicKey(Path file, CkksParameters params) throws IOException {
        Opened o = open(file, Kind.PUBLIC_KEY, params);
        return read(file, "public key", () -> KeyCodec.readPublicKey(o.in, params.rlwe()));
    }

    /** Writes a secret key (protect the file: it decrypts everything). */
    public static void writeSecretKey(Path file, CkksParameters params, SecretKey sk) throws IOException {
        write(file, Kind.SECRET_KEY, sk.paramsFingerprint(), sk.keyId(), out -> KeyCodec.writeSecretKey(out, sk));
    }

    /** Reads a secret key made for {@code params}. */
    public static SecretKey readSecretKey(Path file, CkksParameters params) throws IOException {
        Opened o = open(file, Kind.SECRET_KEY, params);
        return read(file, "secret key", () -> KeyCodec.readSecretKey(o.in, params.rlwe()));
    }

    /** Writes evaluation keys. */
    public static void writeEvaluationKeys(Path file, CkksParameters params, EvaluationKeys ek) throws IOException {
        write(file, Kind.EVALUATION_KEYS, params.fingerprint(), ek.keyId, out -> {
            out.writeBoolean(ek.relin != null);
            if (ek.relin != null) {
                KeyCodec.writeSwitchingKey(out, ek.relin);
            }
            out.writeInt(ek.galois.size());
            for (SwitchingKey k : ek.galois.values()) {
                KeyCodec.writeSwitchingKey(out, k);
            }
        });
    }

    /** Reads evaluation keys made for {@code params}. */
    public static EvaluationKeys readEvaluationKeys(Path file, CkksParameters params) throws IOException {
        Opened o = open(file, Kind.EVALUATION_KEYS, params);
        return read(file, "evaluation keys", () -> {
            SwitchingKey relin = o.in.readBoolean() ? KeyCodec.readSwitchingKey(o.in, params.rlwe()) : null;
            int count = o.in.readInt();
            if (count < 0 || count > params.n()) {
                throw new IOException("Galois key count " + count + " is not in [0, N]");
            }
            Map<Integer, SwitchingKey> g = new HashMap<>();
            for (int i = 0; i < count; i++) {
                SwitchingKey k = KeyCodec.readSwitchingKey(o.in, params.rlwe());
                g.put(k.galoisElement(), k);
            }
            return new EvaluationKeys(relin, g);
        });
    }
}
