package org.privet.he.rlwe;

import java.security.SecureRandom;
import org.privet.he.ring.Modulus;
import org.privet.he.ring.Prng;
import org.privet.he.ring.Ring;
import org.privet.he.ring.RnsPoly;

/**
 * Generates the secret, public, relinearisation and Galois (rotation/conjugation) keys. Randomness comes
 * from a {@link Prng#secure()} generator unless a test passes a seeded one.
 *
 * <p>Not thread safe (it owns its generator).
 */
public final class KeyGenerator {
    private final RlweParameters params;
    private final Ring ring;
    private final Prng prng;

    /** A generator drawing from {@link SecureRandom}-seeded AES-CTR. */
    public KeyGenerator(RlweParameters params) {
        this(params, Prng.secure());
    }

    /** A generator with the given randomness (tests pass {@link Prng#insecureSeededForTests}). */
    public KeyGenerator(RlweParameters params, Prng prng) {
        this.params = params;
        this.ring = params.ring();
        this.prng = prng;
    }

    /** A fresh uniform ternary secret with a random key id. */
    public SecretKey secretKey() {
        int n = ring.n();
        long[] c = new long[n];
        prng.ternary(c);
        RnsPoly s = ring.newPolyQP(ring.maxLevel()).setSigned(c).nttInPlace();
        long id = prng.nextLong();
        return new SecretKey(s, c, params.fingerprint(), id);
    }

    private void check(SecretKey sk) {
        if (sk.paramsFingerprint != params.fingerprint()) {
            throw new IllegalArgumentException("secret key was made for other parameters (fingerprint "
                    + Long.toHexString(sk.paramsFingerprint) + " != " + Long.toHexString(params.fingerprint()) + ")");
        }
    }

    /** Uniform polynomial in NTT form over the given basis. */
    RnsPoly uniform(Modulus[] basis) {
        RnsPoly a = new RnsPoly(basis);
        for (int i = 0; i < basis.length; i++) {
            prng.uniform(basis[i].value(), a.row(i));
        }
        return new RnsPoly(basis, copyRows(a), true);
    }

    private static long[][] copyRows(RnsPoly a) {
        long[][] r = new long[a.limbs()][];
        for (int i = 0; i < r.length; i++) {
            r[i] = a.row(i);
        }
        return r;
    }

    /** Gaussian error in NTT form over the given basis. */
    RnsPoly error(Modulus[] basis) {
        long[] e = new long[ring.n()];
        prng.gaussian(RlweParameters.SIGMA, RlweParameters.ERROR_BOUND, e);
        return new RnsPoly(basis).setSigned(e).nttInPlace();
    }

    /** The public key {@code (-a s + e, a)} over {@code Q_L}. */
    public PublicKey publicKey(SecretKey sk) {
        check(sk);
        int level = ring.maxLevel();
        Modulus[] basis = ring.basisQ(level);
        RnsPoly a = uniform(basis);
        RnsPoly b = error(basis);
        RnsPoly as = a.copy().mulInPlace(sk.s);
        b.subInPlace(as);
        return new PublicKey(b, a, params.fingerprint(), sk.keyId);
    }

    /** The relinearisation key: switches {@code s^2} to {@code s}. */
    public SwitchingKey relinearizationKey(SecretKey sk) {
        check(sk);
        RnsPoly s2 = sk.s.copy().mulInPlace(sk.s);
        return switchingKey(sk, s2, 0);
    }

    /**
     * The key for the automorphism {@code X -> X^g}: switches {@code s(X^g)} to {@code s}.
     *
     * @param galoisElement odd, in {@code [1, 2N)}
     */
    public SwitchingKey galoisKey(SecretKey sk, int galoisElement) {
        check(sk);
        int[] idx = ring.automorphismNttIndex(galoisElement);
        RnsPoly sg = new RnsPoly(sk.s.basis());
        sk.s.automorphism(galoisElement, idx, sg);
        return switchingKey(sk, sg, galoisElement);
    }

    /** A switching key from {@code sPrime} (NTT form over {@code Q_L P}) to {@code sk}. */
    SwitchingKey switchingKey(SecretKey sk, RnsPoly sPrime, int galois) {
        int levels = ring.maxLevel() + 1;
        int alpha = params.alpha();
        int dnum = params.dnum();
        Modulus[] basis = ring.basisQP(ring.maxLevel());
        // P mod q_i
        long[] pModQ = new long[levels];
        for (int i = 0; i < levels; i++) {
            long qi = ring.q(i).value();
            long v = 1;
            for (int t = 0; t < ring.specialCount(); t++) {
                v = org.privet.he.ring.ModArith.mulMod(v, ring.p(t).value() % qi, qi);
            }
            pModQ[i] = v;
        }
        RnsPoly[] bs = new RnsPoly[dnum];
        RnsPoly[] as = new RnsPoly[dnum];
        for (int j = 0; j < dnum; j++) {
            RnsPoly a = uniform(basis);
            RnsPoly b = error(basis);
            b.subInPlace(a.copy().mulInPlace(sk.s));
            int lo = j * alpha;
            int hi = Math.min(levels, lo + alpha);
            for (int i = lo; i < hi; i++) {
                long qi = ring.q(i).value();
                long w = pModQ[i];
                long ws = org.privet.he.ring.ModArith.shoup(w, qi);
                long[] src = sPrime.row(i);
                long[] dst = b.row(i);
                for (int c = 0; c < dst.length; c++) {
                    long s = dst[c] + org.privet.he.ring.ModArith.mulShoup(src[c], w, ws, qi);
                    dst[c] = s >= qi ? s - qi : s;
                }
            }
            bs[j] = b.toMontgomeryInPlace();
            as[j] = a.toMontgomeryInPlace();
        }
        return new SwitchingKey(bs, as, galois, params.fingerprint(), sk.keyId);
    }
}
