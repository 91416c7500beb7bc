package org.privet.he.paillier;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * A signed fixed-point number encoded as a Paillier plaintext, as python-paillier's
 * {@code EncodedNumber}: {@code value = mantissa * 16^exponent}, where the {@code encoding} in
 * {@code [0, n)} holds the mantissa modulo {@code n}: non-negative mantissas in
 * {@code [0, maxInt]}, negative ones as {@code n - |mantissa|} in {@code [n - maxInt, n)}; an
 * encoding in the band between is an overflow and does not decode.
 *
 * <p>Doubles get, by default, the exponent that keeps every bit of their 53-bit significand
 * ({@code floor((frexp_exponent - 53) / 4)}); a {@code maxExponent} lowers it (finer), which is how
 * values are aligned before addition. Encoding rounds half to even. Encrypted arithmetic does not
 * detect overflow: results whose magnitude exceeds {@code maxInt} (about {@code n/3}) decode
 * wrongly or throw {@link ArithmeticException}.
 *
 * <p>Immutable and thread safe.
 */
public final class EncodedNumber {
    /** Base of the exponent (as python-paillier). */
    public static final int BASE = 16;
    static final int LOG2_BASE = 4;
    private static final int FLOAT_MANTISSA_BITS = 53;

    private final PaillierPublicKey key;
    private final BigInteger encoding;
    private final int exponent;

    /**
     * @param key the key whose {@code n} the encoding is modulo
     * @param encoding in {@code [0, n)}
     * @param exponent the base-16 exponent
     */
    public EncodedNumber(PaillierPublicKey key, BigInteger encoding, int exponent) {
        this.key = Objects.requireNonNull(key, "key");
        key.checkPlaintext(encoding);
        this.encoding = encoding;
        this.exponent = exponent;
    }

    /** Encodes an integer exactly with exponent 0. @throws IllegalArgumentException if {@code |value| > maxInt} */
    public static EncodedNumber encode(PaillierPublicKey key, BigInteger value) {
        return fromMantissa(key, value, 0, "value");
    }

    /** Encodes a long exactly with exponent 0. */
    public static EncodedNumber encode(PaillierPublicKey key, long value) {
        return encode(key, BigInteger.valueOf(value));
    }

    /** Encodes a finite double keeping all its significand bits (see the class comment). */
    public static EncodedNumber encode(PaillierPublicKey key, double value) {
        return encode(key, value, Integer.MAX_VALUE);
    }

    /**
     * Encodes a finite double with exponent {@code min(maxExponent, natural exponent)}, rounding
     * half to even.
     *
     * @throws IllegalArgumentException if the value is not finite or its mantissa exceeds maxInt
     */
    public static EncodedNumber encode(PaillierPublicKey key, double value, int maxExponent) {
        checkFinite(value);
        return encodeWithExponent(key, value, Math.min(maxExponent, naturalExponent(value)));
    }

    /**
     * Encodes a finite double with exactly the given exponent (rounding half to even): the fixed-point
     * form used by vectors, where every element shares one exponent.
     */
    public static EncodedNumber encodeWithExponent(PaillierPublicKey key, double value, int exponent) {
        return fromMantissa(key, mantissa(value, exponent), exponent, "value " + value);
    }

    /**
     * Encodes with the exponent {@code floor(log16(precision))}, as python-paillier's
     * {@code precision} argument: the value is rounded to a multiple of {@code 16^exponent <= precision}.
     *
     * @param precision in {@code (0, inf)}
     */
    public static EncodedNumber encodeWithPrecision(PaillierPublicKey key, double value, double precision) {
        if (!(precision > 0) || Double.isInfinite(precision)) {
            throw new IllegalArgumentException("precision must be > 0 and finite. Provided value: " + precision);
        }
        return encodeWithExponent(key, value, exponentForPrecision(precision));
    }

    /** {@code floor(log16(precision))}, exact for powers of two. */
    static int exponentForPrecision(double precision) {
        int e2 = Math.getExponent(precision); // floor(log2) for normal values
        if (e2 < Double.MIN_EXPONENT) {
            e2 = Math.getExponent(precision * 0x1p64) - 64;
        }
        return Math.floorDiv(e2, LOG2_BASE);
    }

    /** python-paillier's default exponent for a float: {@code floor((frexp(x)[1] - 53) / 4)}. */
    static int naturalExponent(double value) {
        int frexp;
        if (value == 0) {
            frexp = 0;
        } else if (Math.getExponent(value) >= Double.MIN_EXPONENT) {
            frexp = Math.getExponent(value) + 1;
        } else {
            frexp = Math.getExponent(value * 0x1p64) - 64 + 1;
        }
        return Math.floorDiv(frexp - FLOAT_MANTISSA_BITS, LOG2_BASE);
    }

    /** {@code round_half_even(value * 16^-exponent)}, exact. */
    static BigInteger mantissa(double value, int exponent) {
        checkFinite(value);
        BigDecimal x = new BigDecimal(value);
        BigDecimal scaled = exponent <= 0
                ? x.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(-exponent * LOG2_BASE)))
                : x.divide(new BigDecimal(BigInteger.ONE.shiftLeft(exponent * LOG2_BASE))); // exact: power of two
        return scaled.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    }

    static EncodedNumber fromMantissa(PaillierPublicKey key, BigInteger mantissa, int exponent, String what) {
        if (mantissa.abs().compareTo(key.maxInt()) > 0) {
            throw new IllegalArgumentException(what + " does not fit: its mantissa at exponent " + exponent + " has "
                    + mantissa.abs().bitLength() + " bits, the key allows |mantissa| <= maxInt (" + key.maxInt().bitLength() + " bits)");
        }
        return new EncodedNumber(key, mantissa.mod(key.modulus()), exponent);
    }

    private static void checkFinite(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value to encode must be finite. Provided value: " + value);
        }
    }

    /** The key this encoding is for. */
    public PaillierPublicKey key() {
        return key;
    }

    /** The plaintext in {@code [0, n)}. */
    public BigInteger encoding() {
        return encoding;
    }

    /** The base-16 exponent. */
    public int exponent() {
        return exponent;
    }

    /** The signed mantissa. @throws ArithmeticException if the encoding is in the overflow band */
    public BigInteger mantissa() {
        BigInteger n = key.modulus();
        if (encoding.compareTo(key.maxInt()) <= 0) {
            return encoding;
        }
        if (encoding.compareTo(n.subtract(key.maxInt())) >= 0) {
            return encoding.subtract(n);
        }
        throw new ArithmeticException("Paillier encoding overflowed: the plaintext lies in (maxInt, n - maxInt), so a sum or"
                + " product exceeded about n/3 in magnitude (key " + key.fingerprint() + ")");
    }

    /** The exact value. @throws ArithmeticException on overflow */
    public BigDecimal decodeBigDecimal() {
        BigDecimal m = new BigDecimal(mantissa());
        BigDecimal scale = new BigDecimal(BigInteger.ONE.shiftLeft(Math.abs(exponent) * LOG2_BASE));
        return exponent >= 0 ? m.multiply(scale) : m.divide(scale); // exact: power of two
    }

    /** The value rounded to the nearest double. @throws ArithmeticException on overflow */
    public double decodeDouble() {
        BigInteger m = mantissa();
        if (m.bitLength() <= 53 && Math.abs((long) exponent * LOG2_BASE) < 900) {
            return Math.scalb((double) m.longValue(), exponent * LOG2_BASE); // exact
        }
        return decodeBigDecimal().doubleValue();
    }

    /** The same value with a smaller exponent: the encoding times {@code 16^(exponent - newExponent)} mod n. */
    public EncodedNumber decreaseExponentTo(int newExponent) {
        if (newExponent > exponent) {
            throw new IllegalArgumentException("new exponent must be <= the current exponent " + exponent
                    + ". Provided value: " + newExponent);
        }
        BigInteger factor = BigInteger.ONE.shiftLeft((exponent - newExponent) * LOG2_BASE);
        return new EncodedNumber(key, encoding.multiply(factor).mod(key.modulus()), newExponent);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EncodedNumber e && e.key.equals(key) && e.encoding.equals(encoding) && e.exponent == exponent;
    }

    @Override
    public int hashCode() {
        return encoding.hashCode() * 31 + exponent;
    }

    @Override
    public String toString() {
        return "EncodedNumber[exponent " + exponent + ", key " + key.fingerprint() + "]";
    }
}
