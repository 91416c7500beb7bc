package org.privet.he.rlwe;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;

/**
 * Binary encoding of RNS polynomials and RLWE keys (big-endian; every residue checked against its modulus on
 * reading). The file framing (magic, version, fingerprints, checksum, atomic writes) is
 * {@code org.privet.he.ckks.CkksFiles}'s job. Stateless; thread safe.
 */
public final class KeyCodec {
    private KeyCodec() {
    }

    /** Writes the rows of {@code p} (its form and basis are implied by the context). */
    public static void writePoly(DataOutputStream out, RnsPoly p) throws IOException {
        out.writeInt(p.limbs());
        out.writeBoolean(p.isNtt());
        for (int i = 0; i < p.limbs(); i++) {
            for (long v : p.row(i)) {
                out.writeLong(v);
            }
        }
    }

    /**
     * Reads a polynomial over {@code basis}; {@code what} names it in errors.
     *
     * @throws IOException when the limb count differs or a residue is out of range
     */
    public static RnsPoly readPoly(DataInputStream in, Modulus[] basis, String what) throws IOException {
        int limbs = in.readInt();
        if (limbs != basis.length) {
            throw new IOException(what + ": expected " + basis.length + " limbs, found " + limbs);
        }
        boolean ntt = in.readBoolean();
        int n = basis[0].n();
        long[][] rows = new long[limbs][n];
        for (int i = 0; i < limbs; i++) {
            long q = basis[i].value();
            long[] r = rows[i];
            for (int j = 0; j < n; j++) {
                long v = in.readLong();
                if (v < 0 || v >= q) {
                    throw new IOException(what + ": limb " + i + " coefficient " + j + " = " + v + " is not in [0, " + q + ")");
                }
                r[j] = v;
            }
        }
        return new RnsPoly(basis, rows, ntt);
    }

    /** Writes the secret key's ternary coefficients and id. */
    public static void writeSecretKey(DataOutputStream out, SecretKey sk) throws IOException {
        out.writeLong(sk.keyId);
        for (long c : sk.coefficients) {
            out.writeByte((int) c);
        }
    }

    /** Reads a secret key written by {@link #writeSecretKey}. */
    public static SecretKey readSecretKey(DataInputStream in, RlweParameters params) throws IOException {
        long id = in.readLong();
        Ring ring = params.ring();
        long[] c = new long[ring.n()];
        for (int i = 0; i < c.length; i++) {
            int v = in.readByte();
            if (v < -1 || v > 1) {
                throw new IOException("secret key: coefficient " + i + " = " + v + " is not in {-1, 0, 1}");
            }
            c[i] = v;
        }
        RnsPoly s = ring.newPolyQP(ring.maxLevel()).setSigned(c).nttInPlace();
        return new SecretKey(s, c, params.fingerprint(), id);
    }

    /** Writes a public key (its id, then b and a). */
    public static void writePublicKey(DataOutputStream out, PublicKey pk) throws IOException {
        out.writeLong(pk.keyId);
        writePoly(out, pk.b);
        writePoly(out, pk.a);
    }

    /** Reads a public key. */
    public static PublicKey readPublicKey(DataInputStream in, RlweParameters params) throws IOException {
        long id = in.readLong();
        Modulus[] basis = params.ring().basisQ(params.maxLevel());
        RnsPoly b = readPoly(in, basis, "public key b");
        RnsPoly a = readPoly(in, basis, "public key a");
        return new PublicKey(b, a, params.fingerprint(), id);
    }

    /** Writes a switching key. */
    public static void writeSwitchingKey(DataOutputStream out, SwitchingKey k) throws IOException {
        out.writeLong(k.keyId);
        out.writeInt(k.galoisElement);
        out.writeInt(k.b.length);
        for (int j = 0; j < k.b.length; j++) {
            writePoly(out, k.b[j]);
            writePoly(out, k.a[j]);
        }
    }

    /** Reads a switching key. */
    public static SwitchingKey readSwitchingKey(DataInputStream in, RlweParameters params) throws IOException {
        long id = in.readLong();
        int g = in.readInt();
        int digits = in.readInt();
        if (digits != params.dnum()) {
            throw new IOException("switching key: expected " + params.dnum() + " digits, found " + digits);
        }
        if (g != 0 && ((g & 1) == 0 || g < 1 || g >= 2 * params.n())) {
            throw new IOException("switching key: Galois element " + g + " is not odd in [1, 2N)");
        }
        Modulus[] basis = params.ring().basisQP(params.maxLevel());
        RnsPoly[] b = new RnsPoly[digits];
        RnsPoly[] a = new RnsPoly[digits];
        for (int j = 0; j < digits; j++) {
            b[j] = readPoly(in, basis, "switching key digit " + j + " b");
            a[j] = readPoly(in, basis, "switching key digit " + j + " a");
        }
        return new SwitchingKey(b, a, g, params.fingerprint(), id);
    }
}
