package org.privet.mpc.beaver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.privet.mpc.arith.RingMath;

class TrustedDealerTest {
    @Test
    void threePartyTriplesOfEveryKindAreCorrect() {
        List<TripleSource> s = TrustedDealer.insecureForTests(3, 9).sources();
        // all parties ask in the same order; the last party's corrections come from the dealer
        ArithmeticTriples[] t = new ArithmeticTriples[3];
        MatrixTriple[] m = new MatrixTriple[3];
        BinaryTriples[] b = new BinaryTriples[3];
        for (int p = 0; p < 3; p++) {
            t[p] = s.get(p).arithmetic(50);
            m[p] = s.get(p).matrix(2, 3, 4);
            b[p] = s.get(p).binary(20);
        }
        for (int i = 0; i < 50; i++) {
            long a = t[0].a()[i] + t[1].a()[i] + t[2].a()[i];
            long bb = t[0].b()[i] + t[1].b()[i] + t[2].b()[i];
            assertThat(t[0].c()[i] + t[1].c()[i] + t[2].c()[i]).isEqualTo(a * bb);
        }
        long[] ma = new long[6];
        long[] mb = new long[12];
        long[] mc = new long[8];
        for (int p = 0; p < 3; p++) {
            for (int i = 0; i < 6; i++) {
                ma[i] += m[p].a()[i];
            }
            for (int i = 0; i < 12; i++) {
                mb[i] += m[p].b()[i];
            }
            for (int i = 0; i < 8; i++) {
                mc[i] += m[p].c()[i];
            }
        }
        assertThat(mc).containsExactly(RingMath.matmul(ma, mb, 2, 3, 4));
        for (int w = 0; w < 20; w++) {
            long a = b[0].a()[w] ^ b[1].a()[w] ^ b[2].a()[w];
            long bb = b[0].b()[w] ^ b[1].b()[w] ^ b[2].b()[w];
            assertThat(b[0].c()[w] ^ b[1].c()[w] ^ b[2].c()[w]).isEqualTo(a & bb);
        }
    }

    @Test
    void eachSourceCanBeTakenOnce() {
        TrustedDealer d = TrustedDealer.insecureForTests(2, 1);
        d.sourceFor(0);
        assertThatThrownBy(() -> d.sourceFor(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already taken");
        assertThatThrownBy(() -> d.sourceFor(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 2)");
        assertThatThrownBy(() -> TrustedDealer.create(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(">= 2");
    }
}
