package org.privet.dp.noise;

import java.math.BigInteger;

/**
 * An exact non-negative rational {@code num / den} (not necessarily reduced), used to turn double
 * parameters into exact arithmetic for the samplers. Every finite double is a dyadic rational, so
 * {@link #ofDouble(double)} is exact.
 */
record Rational(BigInteger num, BigInteger den) {

    static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
    static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);

    Rational {
        if (num.signum() < 0 || den.signum() <= 0) {
            throw new AssertionError("internal invariant: rational must be >= 0 with den > 0: " + num + "/" + den);
        }
    }

    /** The exact value of a finite non-negative double. */
    static Rational ofDouble(double x) {
        if (!(x >= 0) || Double.isInfinite(x)) {
            throw new AssertionError("internal invariant: finite non-negative double expected: " + x);
        }
        if (x == 0) {
            return ZERO;
        }
        long bits = Double.doubleToRawLongBits(x);
        int exp = (int) ((bits >>> 52) & 0x7FF);
        long mant = bits & 0xFFFFFFFFFFFFFL;
        if (exp == 0) {
            exp = 1; // subnormal
        } else {
            mant |= 1L << 52;
        }
        int e = exp - 1075; // x = mant * 2^e
        BigInteger m = BigInteger.valueOf(mant);
        return e >= 0 ? new Rational(m.shiftLeft(e), BigInteger.ONE) : new Rational(m, BigInteger.ONE.shiftLeft(-e));
    }

    /** The exact value of a non-negative BigDecimal. */
    static Rational ofBigDecimal(java.math.BigDecimal x) {
        if (x.signum() < 0) {
            throw new AssertionError("internal invariant: non-negative decimal expected: " + x);
        }
        int scale = x.scale();
        BigInteger u = x.unscaledValue();
        return scale >= 0 ? new Rational(u, BigInteger.TEN.pow(scale))
                : new Rational(u.multiply(BigInteger.TEN.pow(-scale)), BigInteger.ONE);
    }

    static Rational of(long num, long den) {
        return new Rational(BigInteger.valueOf(num), BigInteger.valueOf(den));
    }

    Rational add(Rational o) {
        return new Rational(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
    }

    Rational multiply(Rational o) {
        return new Rational(num.multiply(o.num), den.multiply(o.den));
    }

    Rational divide(Rational o) {
        if (o.num.signum() == 0) {
            throw new AssertionError("internal invariant: division by zero rational");
        }
        return new Rational(num.multiply(o.den), den.multiply(o.num));
    }

    /** {@code ceil(this * 2^bits)} as a BigInteger. */
    BigInteger ceilTimesPowerOfTwo(int bits) {
        BigInteger[] qr = num.shiftLeft(bits).divideAndRemainder(den);
        return qr[1].signum() == 0 ? qr[0] : qr[0].add(BigInteger.ONE);
    }

    double doubleValue() {
        return new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den), java.math.MathContext.DECIMAL64)
                .doubleValue();
    }
}
