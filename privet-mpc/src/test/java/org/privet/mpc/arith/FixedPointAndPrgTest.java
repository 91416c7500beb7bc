package org.privet.mpc.arith;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FixedPointAndPrgTest {
    @Test
    void encodeDecodeRoundTripsWithinHalfAnUlp() {
        FixedPoint fp = FixedPoint.of(16);
        for (double v : new double[] {0, 1, -1, 3.14159, -1234.5678, 1e6, -1e-6}) {
            assertThat(fp.decode(fp.encode(v))).isCloseTo(v, within(0.5 / 65536 + 1e-12));
        }
        assertThat(fp.encode(-1.0)).isEqualTo(-65536L);
        assertThat(fp.one()).isEqualTo(65536L);
    }

    @Test
    void encodeRejectsNonFiniteAndOutOfRangeValuesNamingThem() {
        FixedPoint fp = FixedPoint.of(16);
        assertThatThrownBy(() -> fp.encode(Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
        assertThatThrownBy(() -> fp.encode(new double[] {1, Math.scalb(1.0, 46)}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("index 1");
        assertThatThrownBy(() -> FixedPoint.of(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[1, 30]");
    }

    @Test
    void prgIsDeterministicPerKeyAndFillMatchesNextLong() {
        byte[] key = Prg.insecureForTests(5).nextKey();
        Prg a = Prg.fromKey(key);
        Prg b = Prg.fromKey(key);
        long[] bulk = new long[3000]; // crosses the 1024-word buffer boundary twice
        a.fill(bulk, 0, bulk.length);
        for (long v : bulk) {
            assertThat(b.nextLong()).isEqualTo(v);
        }
        assertThat(Prg.fromKey(Prg.insecureForTests(6).nextKey()).nextLong()).isNotEqualTo(bulk[0]);
    }

    @Test
    void prgWordsLookUniform() {
        // each of the 64 bit positions is set in about half of 4096 words: binomial sd 32, bound 6 sd
        // (false-failure probability < 64 * 2e-9)
        long[] w = Prg.insecureForTests(7).nextLongs(4096);
        for (int bit = 0; bit < 64; bit++) {
            int ones = 0;
            for (long v : w) {
                ones += (int) ((v >>> bit) & 1);
            }
            assertThat(ones).as("bit %d", bit).isBetween(2048 - 192, 2048 + 192);
        }
    }
}
