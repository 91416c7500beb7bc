package org.privet.he.paillier;

import java.math.BigInteger;

/**
 * {@code base^e mod m} for a fixed base and odd modulus by the fixed-window method of Brickell,
 * Gordon, McCurley and Wilson (1992, the "BGMW"/Yao method): a table holds
 * {@code base^(d 2^(w i))} for every window {@code i} and digit {@code d in [1, 2^w)}, so an
 * exponent of {@code b} bits costs at most {@code ceil(b / w)} modular multiplications and no
 * squarings. Products are reduced by Montgomery's REDC on {@link BigInteger} (multiplications only:
 * BigInteger division is far slower than its multiplication).
 *
 * <p>Memory: {@code ceil(b / w) (2^w - 1)} residues. Not constant time (zero digits are skipped,
 * BigInteger is variable time). Immutable and thread safe after construction.
 */
final class FixedBaseExponentiation {
    private final BigInteger modulus;
    private final int rBits;
    private final BigInteger mask;
    private final BigInteger mPrime;
    private final int window;
    private final int maxExponentBits;
    private final BigInteger[][] table;

    FixedBaseExponentiation(BigInteger base, BigInteger modulus, int maxExponentBits, int window) {
        if (!modulus.testBit(0) || modulus.compareTo(BigInteger.ONE) <= 0) {
            throw new IllegalArgumentException("fixed-base modulus must be odd and > 1. Provided value: " + modulus);
        }
        if (window < 1 || window > 12) {
            throw new IllegalArgumentException("window must be in [1, 12]. Provided value: " + window);
        }
        if (maxExponentBits < 1) {
            throw new IllegalArgumentException("maxExponentBits must be >= 1. Provided value: " + maxExponentBits);
        }
        this.modulus = modulus;
        this.rBits = modulus.bitLength();
        BigInteger r = BigInteger.ONE.shiftLeft(rBits);
        this.mask = r.subtract(BigInteger.ONE);
        this.mPrime = modulus.negate().modInverse(r);
        this.window = window;
        this.maxExponentBits = maxExponentBits;
        int windows = (maxExponentBits + window - 1) / window;
        int digits = 1 << window;
        table = new BigInteger[windows][digits];
        BigInteger cur = base.mod(modulus).shiftLeft(rBits).mod(modulus); // Montgomery form of base
        for (int i = 0; i < windows; i++) {
            BigInteger[] row = table[i];
            row[1] = cur;
            for (int d = 2; d < digits; d++) {
                row[d] = montMul(row[d - 1], cur);
            }
            cur = montMul(row[digits - 1], cur); // base^(2^(w (i+1)))
        }
    }

    /** {@code base^e mod modulus} for {@code 0 <= e < 2^maxExponentBits}. */
    BigInteger pow(BigInteger e) {
        if (e.signum() < 0 || e.bitLength() > maxExponentBits) {
            throw new IllegalArgumentException("exponent must be in [0, 2^" + maxExponentBits + "). Provided value: "
                    + (e.signum() < 0 ? "negative" : e.bitLength() + " bits"));
        }
        BigInteger acc = null;
        int bits = e.bitLength();
        for (int i = 0, pos = 0; pos < bits; i++, pos += window) {
            int d = 0;
            for (int j = window - 1; j >= 0; j--) {
                d = (d << 1) | (e.testBit(pos + j) ? 1 : 0);
            }
            if (d != 0) {
                acc = acc == null ? table[i][d] : montMul(acc, table[i][d]);
            }
        }
        return acc == null ? BigInteger.ONE.mod(modulus) : redc(acc);
    }

    private BigInteger montMul(BigInteger a, BigInteger b) {
        return redc(a.multiply(b));
    }

    /** {@code t R^-1 mod modulus} for {@code 0 <= t < modulus R}. */
    private BigInteger redc(BigInteger t) {
        BigInteger m = t.and(mask).multiply(mPrime).and(mask);
        BigInteger u = t.add(m.multiply(modulus)).shiftRight(rBits);
        return u.compareTo(modulus) >= 0 ? u.subtract(modulus) : u;
    }

    /** Table size in residues. */
    long tableEntries() {
        return (long) table.length * ((1 << window) - 1);
    }
}
