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

    @Test
    void networkedDealerServesThreePartiesOverLinks() throws Exception {
        int parties = 3;
        TrustedDealer dealer = TrustedDealer.insecureForTests(parties, 4);
        List<List<org.privet.mpc.net.InProcessNetwork>> links = new java.util.ArrayList<>();
        for (int p = 0; p < parties; p++) {
            links.add(org.privet.mpc.net.InProcessNetwork.create(2, 2_000)); // endpoint 0: dealer, 1: party
        }
        java.util.concurrent.ExecutorService dealerThreads = java.util.concurrent.Executors.newFixedThreadPool(parties);
        List<java.util.concurrent.Future<Long>> served = new java.util.ArrayList<>();
        for (int p = 0; p < parties; p++) {
            int party = p;
            served.add(dealerThreads.submit(() -> dealer.serve(party, links.get(party).get(0), 1)));
        }
        var nets = org.privet.mpc.net.InProcessNetwork.create(parties, 10_000);
        List<Integer> ids = List.of(0, 1, 2);
        List<long[]> out = org.privet.mpc.MpcTesting.runAll(ids, p -> {
            TripleSource src = TrustedDealer.connect(links.get(p).get(1), 0, p, parties);
            org.privet.mpc.MpcSession s = new org.privet.mpc.MpcSession(nets.get(p), src,
                    org.privet.mpc.arith.FixedPoint.defaults(), org.privet.mpc.arith.Prg.insecureForTests(p));
            long[] x = p == 0 ? s.input(new long[] {3, -5, 7}) : s.inputFrom(0, 3);
            long[] y = p == 2 ? s.input(new long[] {11, 13, -17}) : s.inputFrom(2, 3);
            long[] z = s.open(s.mulRing(x, y));
            long[] w = s.open(s.matmulRing(x, y, 1, 3, 1)); // 1x3 times 3x1
            // a fixed-point product among three parties: truncation pairs from the remote dealer
            long[] fx = p == 1 ? s.inputFixed(new double[] {1.5, -2.25}) : s.inputFrom(1, 2);
            double[] f = s.openFixed(s.mul(fx, fx));
            links.get(p).get(1).close();
            return new long[] {z[0], z[1], z[2], w[0], Math.round(f[0] * 65536), Math.round(f[1] * 65536)};
        });
        for (long[] r : out) {
            // 2.25 and 5.0625 exactly, or one ulp (2^-16) above: stochastic rounding (here exact but for 2^-16)
            assertThat(r).startsWith(33L, -65L, -119L, 33L - 65L - 119L);
            assertThat(r[4]).isBetween(Math.round(2.25 * 65536), Math.round(2.25 * 65536) + 1);
            assertThat(r[5]).isBetween(Math.round(5.0625 * 65536), Math.round(5.0625 * 65536) + 1);
        }
        assertThat(served.get(0).get()).isZero();
        assertThat(served.get(2).get()).isEqualTo(4L); // two arithmetic, one matrix and one truncation request
        dealerThreads.shutdown();
    }

    @Test
    void malformedDealerMessagesAreRejectedNamingThePeer() {
        var link = org.privet.mpc.net.InProcessNetwork.create(2, 2_000);
        link.get(0).send(1, new byte[15]);
        assertThatThrownBy(() -> TrustedDealer.connect(link.get(1), 0, 0, 2))
                .isInstanceOf(org.privet.mpc.net.MpcException.class).hasMessageContaining("expected 16 bytes");
        TrustedDealer d = TrustedDealer.insecureForTests(2, 5);
        var link2 = org.privet.mpc.net.InProcessNetwork.create(2, 2_000);
        link2.get(1).send(0, org.privet.mpc.arith.Wire.encode(new long[] {9, 1, 1, 1})); // unknown kind
        assertThatThrownBy(() -> d.serve(1, link2.get(0), 1))
                .isInstanceOf(org.privet.mpc.net.MpcException.class).hasMessageContaining("kind 9");
    }
}
