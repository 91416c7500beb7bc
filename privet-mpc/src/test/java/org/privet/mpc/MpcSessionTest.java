package org.privet.mpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.RingMath;
import org.privet.mpc.net.MpcException;

class MpcSessionTest {
    private static long[] randomRing(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] v = new long[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextLong();
        }
        return v;
    }

    private static double[] randomReals(long seed, int n, double lo, double hi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4})
    void inputOpenAndRingProductsMatchPlaintextExactly(int parties) {
        int len = 257;
        long[] x = randomRing(1, len);
        long[] y = randomRing(2, len);
        var run = MpcTesting.run(parties, 11, s -> {
            long[] xs = s.id() == 0 ? s.input(x) : s.inputFrom(0, len);
            long[] ys = s.id() == parties - 1 ? s.input(y) : s.inputFrom(parties - 1, len);
            long[] sum = s.open(MpcSession.add(xs, ys));
            long[] prod = s.open(s.mulRing(xs, ys));
            long[] shareOfX = xs.clone();
            return new long[][] {sum, prod, shareOfX};
        });
        for (int p = 0; p < parties; p++) {
            long[][] r = run.result(p);
            for (int i = 0; i < len; i++) {
                assertThat(r[0][i]).isEqualTo(x[i] + y[i]);
                assertThat(r[1][i]).isEqualTo(x[i] * y[i]);
            }
        }
        // a non-owner's share is not the secret itself (uniform mask; equality has probability 2^-64 per element)
        assertThat(run.result(1)[2]).isNotEqualTo(x);
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void matrixProductMatchesPlaintextExactly(int parties) {
        int m = 5;
        int k = 7;
        int c = 3;
        long[] x = randomRing(3, m * k);
        long[] y = randomRing(4, k * c);
        long[] want = RingMath.matmul(x, y, m, k, c);
        var run = MpcTesting.run(parties, 12, s -> {
            long[] xs = s.id() == 0 ? s.input(x) : s.inputFrom(0, x.length);
            long[] ys = s.id() == 1 ? s.input(y) : s.inputFrom(1, y.length);
            return s.open(s.matmulRing(xs, ys, m, k, c));
        });
        for (int p = 0; p < parties; p++) {
            assertThat(run.result(p)).containsExactly(want);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4}) // 2: SecureML's local truncation; 3, 4: the dealer's truncation pairs
    void fixedPointProductsWithinTwoUlpsOfPlaintext(int parties) {
        FixedPoint fp = FixedPoint.defaults();
        int len = 2000;
        double[] x = randomReals(5, len, -100, 100);
        double[] y = randomReals(6, len, -100, 100);
        var run = MpcTesting.run(parties, 13, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(x) : s.inputFrom(0, len);
            long[] ys = s.id() == parties - 1 ? s.inputFixed(y) : s.inputFrom(parties - 1, len);
            return s.openFixed(s.mul(xs, ys));
        });
        // error: encoding of x and y (each 2^-17 relative to the other factor, |.| <= 100) + truncation (1 ulp)
        double tol = 2 * 100 * Math.scalb(1.0, -17) + 2 * fp.resolution();
        double[] got = run.result(0);
        for (int i = 0; i < len; i++) {
            assertThat(got[i]).isCloseTo(x[i] * y[i], org.assertj.core.data.Offset.offset(tol));
        }
        for (int p = 1; p < parties; p++) {
            assertThat(run.result(p)).containsExactly(got);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void fixedPointMatmulWithinBound(int parties) {
        int m = 4;
        int k = 16;
        int c = 3;
        double[] x = randomReals(7, m * k, -5, 5);
        double[] y = randomReals(8, k * c, -5, 5);
        var run = MpcTesting.run(parties, 14, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(x) : s.inputFrom(0, x.length);
            long[] ys = s.id() == 1 ? s.inputFixed(y) : s.inputFrom(1, y.length);
            return s.openFixed(s.matmul(xs, ys, m, k, c));
        });
        // k products, each off by <= 2 * 5 * 2^-17 from encoding, plus 1 ulp truncation
        double tol = k * 2 * 5 * Math.scalb(1.0, -17) + 2 * Math.scalb(1.0, -16);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < c; j++) {
                double want = 0;
                for (int l = 0; l < k; l++) {
                    want += x[i * k + l] * y[l * c + j];
                }
                assertThat(run.result(0)[i * c + j]).isCloseTo(want, org.assertj.core.data.Offset.offset(tol));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5})
    void truncationIsWithinOneUlpOnRandomSharings(int parties) {
        // |x| < 2^40: failure probability per element <= 2^(41-64) = 2^-23; 5000 elements -> < 6e-4 false failures
        // (the seeds are fixed, so a run either always passes or always fails)
        int len = 5000;
        SplittableRandom r = new SplittableRandom(9);
        long[] x = new long[len];
        for (int i = 0; i < len; i++) {
            x[i] = r.nextLong(-(1L << 40), 1L << 40);
        }
        var run = MpcTesting.run(parties, 15, s -> {
            long[] xs = s.id() == 0 ? s.input(x) : s.inputFrom(0, len);
            return s.open(s.truncate(xs, 16));
        });
        for (int i = 0; i < len; i++) {
            long diff = (x[i] >> 16) - run.result(0)[i];
            if (parties == 2) {
                assertThat(Math.abs(diff)).isLessThanOrEqualTo(1L);
            } else {
                assertThat(diff).as("truncation pairs give floor(x / 2^16) or one more").isBetween(-1L, 0L);
            }
        }
    }

    @Test
    void moreThanTwoPartiesNeedATripleSourceWithTruncationPairs() {
        java.util.List<org.privet.mpc.net.InProcessNetwork> nets = org.privet.mpc.net.InProcessNetwork.create(3, 5_000);
        org.privet.mpc.beaver.TrustedDealer dealer = org.privet.mpc.beaver.TrustedDealer.insecureForTests(3, 1);
        java.util.List<MpcSession> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            org.privet.mpc.beaver.TripleSource inner = dealer.sourceFor(i);
            org.privet.mpc.beaver.TripleSource noPairs = new org.privet.mpc.beaver.TripleSource() {
                public int party() {
                    return inner.party();
                }

                public int parties() {
                    return inner.parties();
                }

                public org.privet.mpc.beaver.ArithmeticTriples arithmetic(int count) {
                    return inner.arithmetic(count);
                }

                public org.privet.mpc.beaver.MatrixTriple matrix(int m, int k, int n) {
                    return inner.matrix(m, k, n);
                }

                public org.privet.mpc.beaver.BinaryTriples binary(int words) {
                    return inner.binary(words);
                }
            };
            sessions.add(new MpcSession(nets.get(i), noPairs, FixedPoint.defaults(),
                    org.privet.mpc.arith.Prg.insecureForTests(i)));
        }
        assertThatThrownBy(() -> MpcTesting.runAll(sessions, s -> s.truncate(new long[1], 16)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("provides no truncation pairs; fixed-point arithmetic among 3 parties needs a TrustedDealer");
    }

    @Test
    void trafficOfOneMultiplicationIsTwoRingElementsPerValueEachWay() {
        int len = 100;
        var run = MpcTesting.run(2, 16, s -> {
            long[] xs = s.id() == 0 ? s.input(new long[len]) : s.inputFrom(0, len);
            long before = s.counters().bytesSent();
            long rounds = s.counters().rounds();
            s.mulRing(xs, xs);
            return new long[] {s.counters().bytesSent() - before, s.counters().rounds() - rounds};
        });
        assertThat(run.result(0)).containsExactly(16L * len, 1L);
        assertThat(run.result(1)).containsExactly(16L * len, 1L);
    }

    @Test
    void openToRevealsOnlyToTheReceiver() {
        var run = MpcTesting.run(2, 17, s -> {
            long[] xs = s.id() == 0 ? s.input(new long[] {42}) : s.inputFrom(0, 1);
            return s.openTo(1, xs);
        });
        assertThat(run.result(0)).isNull();
        assertThat(run.result(1)).containsExactly(42L);
    }

    @Test
    void malformedMessageIsRejectedNamingThePeer() {
        var nets = org.privet.mpc.net.InProcessNetwork.create(2, 5_000);
        var dealer = org.privet.mpc.beaver.TrustedDealer.insecureForTests(2, 1);
        MpcSession s1 = new MpcSession(nets.get(1), dealer.sourceFor(1), FixedPoint.defaults(),
                org.privet.mpc.arith.Prg.insecureForTests(2));
        nets.get(0).send(1, new byte[12]); // 1.5 ring elements where the protocol expects 1
        assertThatThrownBy(() -> s1.open(new long[1])).isInstanceOf(MpcException.class)
                .hasMessageContaining("party 0").hasMessageContaining("expected 8 bytes")
                .satisfies(e -> assertThat(((MpcException) e).peer()).isEqualTo(0));
    }

    @Test
    void mismatchedLengthsAreApiMisuse() {
        assertThatThrownBy(() -> MpcSession.add(new long[2], new long[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 and 3");
    }
}
