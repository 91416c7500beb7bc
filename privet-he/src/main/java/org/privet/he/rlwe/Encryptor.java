package org.privet.he.rlwe;

import org.privet.he.ring.Modulus;
import org.privet.he.ring.Prng;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;

/**
 * RLWE encryption of a plaintext polynomial {@code m} (NTT form over {@code Q_l}). With a public key
 * {@code (b, a)}: {@code (u b + e0 + m, u a + e1)} for ternary {@code u} and Gaussian {@code e0, e1}; with a
 * secret key: {@code (-a s + e + m, a)} for uniform {@code a}. Randomness from {@link Prng#secure()} unless a
 * test passes a seeded generator.
 *
 * <p>Not thread safe (it owns its generator): use one per thread.
 */
public final class Encryptor {
    private final RlweParameters params;
    private final Ring ring;
    private final PublicKey pk;
    private final SecretKey sk;
    private final Prng prng;

    private Encryptor(RlweParameters params, PublicKey pk, SecretKey sk, Prng prng) {
        this.params = params;
        this.ring = params.ring();
        this.pk = pk;
        this.sk = sk;
        this.prng = prng;
        long fp = pk != null ? pk.paramsFingerprint : sk.paramsFingerprint;
        if (fp != params.fingerprint()) {
            throw new IllegalArgumentException("key was made for other parameters (fingerprint " + Long.toHexString(fp)
                    + " != " + Long.toHexString(params.fingerprint()) + ")");
        }
    }

    /** Public-key encryptor with secure randomness. */
    public static Encryptor ofPublicKey(RlweParameters params, PublicKey pk) {
        return new Encryptor(params, pk, null, Prng.secure());
    }

    /** Public-key encryptor with the given randomness (tests). */
    public static Encryptor ofPublicKey(RlweParameters params, PublicKey pk, Prng prng) {
        return new Encryptor(params, pk, null, prng);
    }

    /** Secret-key encryptor with secure randomness. */
    public static Encryptor ofSecretKey(RlweParameters params, SecretKey sk) {
        return new Encryptor(params, null, sk, Prng.secure());
    }

    /** Secret-key encryptor with the given randomness (tests). */
    public static Encryptor ofSecretKey(RlweParameters params, SecretKey sk, Prng prng) {
        return new Encryptor(params, null, sk, prng);
    }

    /** Id of the key this encryptor uses. */
    public long keyId() {
        return pk != null ? pk.keyId : sk.keyId;
    }

    /**
     * Encrypts {@code m} (NTT form over {@code Q_l}, not modified).
     *
     * @return {@code {c0, c1}} in NTT form over {@code Q_l}
     */
    public RnsPoly[] encrypt(RnsPoly m) {
        if (!m.isNtt()) {
            throw new IllegalArgumentException("plaintext must be in NTT form");
        }
        int level = m.limbs() - 1;
        if (level > ring.maxLevel()) {
            throw new IllegalArgumentException("plaintext level " + level + " exceeds max level " + ring.maxLevel());
        }
        Modulus[] basis = ring.basisQ(level);
        int n = ring.n();
        long[] tmp = new long[n];
        if (pk != null) {
            prng.ternary(tmp);
            RnsPoly u = new RnsPoly(basis).setSigned(tmp).nttInPlace();
            RnsPoly c0 = error(basis, tmp);
            RnsPoly c1 = error(basis, tmp);
            mulAdd(c0, u, pk.b);
            mulAdd(c1, u, pk.a);
            c0.addInPlace(m);
            return new RnsPoly[] {c0, c1};
        }
        long[][] rows = new long[level + 1][n];
        for (int i = 0; i <= level; i++) {
            prng.uniform(basis[i].value(), rows[i]);
        }
        RnsPoly a = new RnsPoly(basis, rows, true);
        RnsPoly c0 = error(basis, tmp);
        RnsPoly as = a.copy().mulInPlace(sk.s);
        c0.subInPlace(as).addInPlace(m);
        return new RnsPoly[] {c0, a};
    }

    private RnsPoly error(Modulus[] basis, long[] tmp) {
        prng.gaussian(RlweParameters.SIGMA, RlweParameters.ERROR_BOUND, tmp);
        return new RnsPoly(basis).setSigned(tmp).nttInPlace();
    }

    /** {@code acc += u * k} over acc's limbs ({@code k} may have more limbs). */
    private static void mulAdd(RnsPoly acc, RnsPoly u, RnsPoly k) {
        RnsPoly t = u.copy().mulInPlace(k);
        acc.addInPlace(t);
    }

    /** The parameters. */
    public RlweParameters params() {
        return params;
    }
}
