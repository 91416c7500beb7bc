package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class EncodedNumberTest {
    private final PaillierPublicKey pk = TestKeys.k512().publicKey();
    private final PaillierPrivateKey sk = TestKeys.k512().privateKey();

    @Test
    void knownAnswersMatchPythonPaillier() {
        // python-paillier: EncodedNumber.encode(pk, 0.1) -> exponent -14, encoding 7205759403792794
        EncodedNumber e = EncodedNumber.encode(pk, 0.1);
        assertThat(e.exponent()).isEqualTo(-14);
        assertThat(e.encoding()).isEqualTo(BigInteger.valueOf(7205759403792794L));
        // 15 -> frexp exponent 4 -> floor((4 - 53) / 4) = -13
        assertThat(EncodedNumber.encode(pk, 15.0).exponent()).isEqualTo(-13);
        assertThat(EncodedNumber.encode(pk, 0.0).exponent()).isEqualTo(-14);
        // negative values wrap around n
        EncodedNumber neg = EncodedNumber.encode(pk, -3L);
        assertThat(neg.encoding()).isEqualTo(pk.modulus().subtract(BigInteger.valueOf(3)));
        assertThat(neg.decodeDouble()).isEqualTo(-3.0);
        // precision 1e-3 -> exponent floor(log16(0.001)) = -3; 0.123456 -> round(0.123456 * 4096) = 506
        EncodedNumber p = EncodedNumber.encodeWithPrecision(pk, 0.123456, 1e-3);
        assertThat(p.exponent()).isEqualTo(-3);
        assertThat(p.mantissa()).isEqualTo(BigInteger.valueOf(506));
        // round half to even
        assertThat(EncodedNumber.encodeWithExponent(pk, 2.5, 0).mantissa()).isEqualTo(BigInteger.TWO);
        assertThat(EncodedNumber.encodeWithExponent(pk, -3.5, 0).mantissa()).isEqualTo(BigInteger.valueOf(-4));
        assertThat(EncodedNumber.encodeWithExponent(pk, 48.0, 1).mantissa()).isEqualTo(BigInteger.valueOf(3));
    }

    @Property(tries = 300, seed = "20261128")
    void naturalEncodingIsExact(@ForAll double x) {
        if (!Double.isFinite(x)) {
            return;
        }
        EncodedNumber e = EncodedNumber.encode(pk, x);
        assertThat(e.decodeDouble()).isEqualTo(x == 0 ? 0.0 : x);
        assertThat(e.decodeBigDecimal()).isEqualByComparingTo(new BigDecimal(x));
        assertThat(e.decreaseExponentTo(e.exponent() - 3).decodeDouble()).isEqualTo(x == 0 ? 0.0 : x);
    }

    @Property(tries = 40, seed = "5812698110717539747")
    void encryptedArithmeticMatchesDoubles(@ForAll @DoubleRange(min = -1e6, max = 1e6) double a,
            @ForAll @DoubleRange(min = -1e6, max = 1e6) double b) {
        EncryptedNumber ea = EncryptedNumber.encrypt(pk, a);
        EncryptedNumber eb = EncryptedNumber.encrypt(pk, b);
        // exact fixed-point arithmetic, then one rounding to double: relative error within 2 ulps of the result
        assertThat(sk.decryptDouble(ea.add(eb))).isCloseTo(a + b, within(Math.ulp(Math.abs(a) + Math.abs(b)) * 2));
        assertThat(sk.decryptDouble(ea.subtract(eb))).isCloseTo(a - b, within(Math.ulp(Math.abs(a) + Math.abs(b)) * 2));
        assertThat(sk.decryptDouble(ea.add(b))).isCloseTo(a + b, within(Math.ulp(Math.abs(a) + Math.abs(b)) * 2));
        assertThat(sk.decryptDouble(ea.multiply(b))).isCloseTo(a * b, within(Math.ulp(a * b) * 2));
        assertThat(sk.decryptDouble(ea.negate())).isEqualTo(-a == 0 ? 0.0 : -a);
    }

    @Test
    void overflowIsDetectedAtDecoding() {
        BigInteger big = pk.maxInt();
        EncodedNumber max = EncodedNumber.encode(pk, big);
        assertThat(max.mantissa()).isEqualTo(big);
        assertThatThrownBy(() -> EncodedNumber.encode(pk, big.add(BigInteger.ONE)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxInt");
        EncryptedNumber e = pk.encrypt(max);
        EncryptedNumber doubled = e.add(e);
        assertThatThrownBy(() -> sk.decryptDouble(doubled)).isInstanceOf(ArithmeticException.class).hasMessageContaining("overflow");
        assertThatThrownBy(() -> EncodedNumber.encode(pk, Double.NaN)).hasMessageContaining("finite");
        assertThatThrownBy(() -> EncodedNumber.encodeWithPrecision(pk, 1, 0)).hasMessageContaining("precision");
        assertThatThrownBy(() -> max.decreaseExponentTo(1)).hasMessageContaining("<=");
    }

    @Test
    void exponentHelpers() {
        assertThat(EncodedNumber.exponentForPrecision(1.0)).isZero();
        assertThat(EncodedNumber.exponentForPrecision(1.0 / 16)).isEqualTo(-1);
        assertThat(EncodedNumber.exponentForPrecision(0.07)).isEqualTo(-1);
        assertThat(EncodedNumber.exponentForPrecision(0.05)).isEqualTo(-2);
        assertThat(EncodedNumber.naturalExponent(Double.MIN_VALUE)).isEqualTo(Math.floorDiv(-1073 - 53, 4));
        assertThat(EncodedNumber.encode(pk, Double.MIN_VALUE).decodeDouble()).isEqualTo(Double.MIN_VALUE);
    }
}
