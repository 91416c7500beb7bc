package org.privet.he.ckks;

import java.util.Arrays;
import org.privet.he.ring.Primes;
import org.privet.he.rlwe.RlweParameters;

/**
 * Validated CKKS parameters: ring degree {@code N = 2^logN}, the chain of primes {@code q_0..q_L} (given
 * by bit sizes), the special primes {@code P} of key switching, and the default scale {@code 2^logScale}.
 * Slots: {@code N / 2} complex numbers.
 *
 * <p>Security: {@link #of} and {@link #custom} refuse any set whose {@code Q_L P} has more bits than the
 * HomomorphicEncryption.org standard's 128-bit classical bound for a uniform ternary secret
 * ({@code N = 2^10..2^15: 27, 54, 109, 218, 438, 881} bits). The standard has no row for {@code N = 2^16};
 * there the bound is Lattigo's 1761 bits (its PN16QP1761 set, an extrapolation of the same estimator), and
 * {@link #maxLogQP} says so. Anything else needs {@link #insecure}, whose name says what it is.
 *
 * <p>Immutable and thread safe.
 */
public final class CkksParameters {
    /** The named 128-bit parameter sets. */
    public enum Preset {
        /** N=2^13, Q = 42 + 4 x 34 bits (4 levels), P = 40 bits, scale 2^34: 218 bits. */
        N13(13, new int[] {42, 34, 34, 34, 34}, new int[] {40}, 34),
        /** N=2^14, Q = 55 + 7 x 40 bits (7 levels), P = 2 x 51 bits, scale 2^40: 437 bits. */
        N14(14, concat(55, 40, 7), new int[] {51, 51}, 40),
        /** N=2^15, Q = 55 + 18 x 40 bits (18 levels), P = 2 x 53 bits, scale 2^40: 881 bits. */
        N15(15, concat(55, 40, 18), new int[] {53, 53}, 40),
        /** N=2^16, Q = 55 + 34 x 40 bits (34 levels), P = 6 x 57 bits, scale 2^40: 1757 bits. */
        N16(16, concat(55, 40, 34), new int[] {57, 57, 57, 57, 57, 57}, 40);

        final int logN;
        final int[] logQ;
        final int[] logP;
        final int logScale;

        Preset(int logN, int[] logQ, int[] logP, int logScale) {
            this.logN = logN;
            this.logQ = logQ;
            this.logP = logP;
            this.logScale = logScale;
        }

        /** {@code log2 N}. */
        public int logN() {
            return logN;
        }
    }

    private static int[] concat(int first, int rest, int count) {
        int[] r = new int[count + 1];
        Arrays.fill(r, rest);
        r[0] = first;
        return r;
    }

    private final RlweParameters rlwe;
    private final double defaultScale;
    private final int logScale;
    private final String name;
    private final boolean secure;

    private CkksParameters(int logN, int[] logQ, int[] logP, int logScale, String name, boolean requireSecure) {
        if (logScale < 10 || logScale > 60) {
            throw new IllegalArgumentException("logScale must be in [10, 60]. Provided value: " + logScale);
        }
        if (logQ.length == 0 || logP.length == 0) {
            throw new IllegalArgumentException("need at least one chain prime and one special prime. Provided: logQ="
                    + Arrays.toString(logQ) + ", logP=" + Arrays.toString(logP));
        }
        long[] q = Primes.ntt(logN, logQ);
        long[] p = Primes.ntt(logN, logP, q);
        this.rlwe = new RlweParameters(logN, q, p);
        int bits = rlwe.bitLengthQP();
        int max = maxLogQP(logN);
        this.secure = max > 0 && bits <= max;
        if (requireSecure && !secure) {
            throw new IllegalArgumentException("parameters are below 128-bit security: log2(QP) = " + bits
                    + " bits for N = 2^" + logN + " exceeds the bound " + (max > 0 ? max + " bits" : "(none known)")
                    + " of the HomomorphicEncryption.org standard (ternary secret, classical); use fewer or smaller"
                    + " primes, a larger N, or CkksParameters.insecure(...) for experiments");
        }
        this.logScale = logScale;
        this.defaultScale = Math.scalb(1.0, logScale);
        this.name = name;
    }

    /**
     * The largest {@code log2(QP)} with 128-bit classical security for a uniform ternary secret: the
     * HomomorphicEncryption.org standard (2018) for {@code logN <= 15}; Lattigo's extrapolated 1761 for
     * {@code logN = 16}; 0 (unknown) otherwise.
     */
    public static int maxLogQP(int logN) {
        return switch (logN) {
            case 10 -> 27;
            case 11 -> 54;
            case 12 -> 109;
            case 13 -> 218;
            case 14 -> 438;
            case 15 -> 881;
            case 16 -> 1761;
            default -> 0;
        };
    }

    /** A named 128-bit set. */
    public static CkksParameters of(Preset preset) {
        return new CkksParameters(preset.logN, preset.logQ, preset.logP, preset.logScale, preset.name(), true);
    }

    /**
     * A custom set, refused unless within the 128-bit bound.
     *
     * @param logN ring degree exponent
     * @param logQ bit sizes of {@code q_0..q_L} (each in {@code [logN + 2, 61]})
     * @param logP bit sizes of the special primes (at least one)
     * @param logScale default scale exponent, in {@code [10, 60]}
     */
    public static CkksParameters custom(int logN, int[] logQ, int[] logP, int logScale) {
        return new CkksParameters(logN, logQ, logP, logScale, "custom", true);
    }

    /** A custom set with no security check: for tests and experiments only, never for real data. */
    public static CkksParameters insecure(int logN, int[] logQ, int[] logP, int logScale) {
        return new CkksParameters(logN, logQ, logP, logScale, "insecure", false);
    }

    /** The RLWE layer's parameters. */
    public RlweParameters rlwe() {
        return rlwe;
    }

    /** {@code log2 N}. */
    public int logN() {
        return rlwe.logN();
    }

    /** Ring degree N. */
    public int n() {
        return rlwe.n();
    }

    /** Number of complex slots, {@code N / 2}. */
    public int slots() {
        return rlwe.n() / 2;
    }

    /** Highest level L (a fresh ciphertext allows L rescalings). */
    public int maxLevel() {
        return rlwe.maxLevel();
    }

    /** The default scale {@code 2^logScale}. */
    public double defaultScale() {
        return defaultScale;
    }

    /** {@code log2} of the default scale. */
    public int logScale() {
        return logScale;
    }

    /** Chain prime {@code q_i}. */
    public long q(int i) {
        return rlwe.ring().q(i).value();
    }

    /** True when within the 128-bit bound of {@link #maxLogQP}. */
    public boolean isSecure() {
        return secure;
    }

    /** Preset name, "custom" or "insecure". */
    public String name() {
        return name;
    }

    /** Fingerprint of the RLWE parameters. */
    public long fingerprint() {
        return rlwe.fingerprint();
    }

    @Override
    public String toString() {
        return "CkksParameters[" + name + ", logN=" + logN() + ", levels=" + maxLevel() + ", log2(QP)=" + rlwe.bitLengthQP()
                + ", dnum=" + rlwe.dnum() + ", scale=2^" + logScale + (secure ? ", 128-bit" : ", INSECURE") + "]";
    }
}
