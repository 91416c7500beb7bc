package org.privet.mpc.beaver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.privet.mpc.MpcSession;
import org.privet.mpc.MpcTesting;
import org.privet.mpc.arith.RingMath;
import org.privet.mpc.net.InProcessNetwork;
import org.privet.mpc.net.MpcException;

/**
 * Dealer-free triples: every triple is opened and checked exactly; a session multiplies with them. One pair
 * of sources (one base-OT setup in the small test group) is shared by the tests, which run in order on it;
 * {@link #standardGroupSetupWorks} runs the default 3072-bit setup (slow tag: several seconds of CPU).
 */
class OtTripleSourceTest {
    private static List<InProcessNetwork> nets;
    private static List<OtTripleSource> sources;

    @BeforeAll
    static void setUp() {
        nets = InProcessNetwork.create(2, 60_000);
        sources = MpcTesting.runAll(nets, OtTripleSource::insecureForTests);
    }

    @AfterAll
    static void tearDown() {
        nets.forEach(InProcessNetwork::close);
    }

    private static <T> List<T> both(Function<Integer, T> body) {
        return MpcTesting.runAll(List.of(0, 1), body);
    }

    /** Opens values by exchanging shares over the same networks (test-side, plain). */
    private static long[] sum(long[] x, long[] y) {
        return MpcSession.add(x, y);
    }

    @Test
    void arithmeticTriplesAreCorrect() {
        // 8200 > one OT-extension chunk of 8192: the chunk boundary is covered
        List<ArithmeticTriples> t = both(p -> sources.get(p).arithmetic(8200));
        long[] a = sum(t.get(0).a(), t.get(1).a());
        long[] b = sum(t.get(0).b(), t.get(1).b());
        long[] c = sum(t.get(0).c(), t.get(1).c());
        for (int i = 0; i < a.length; i++) {
            assertThat(c[i]).as("triple %d", i).isEqualTo(a[i] * b[i]);
        }
        // a is not one party's share alone (both parties contribute randomness)
        assertThat(t.get(0).a()).isNotEqualTo(a);
    }

    @Test
    void binaryTriplesAreCorrect() {
        List<BinaryTriples> t = both(p -> sources.get(p).binary(40));
        for (int w = 0; w < 40; w++) {
            long a = t.get(0).a()[w] ^ t.get(1).a()[w];
            long b = t.get(0).b()[w] ^ t.get(1).b()[w];
            long c = t.get(0).c()[w] ^ t.get(1).c()[w];
            assertThat(c).as("word %d", w).isEqualTo(a & b);
            assertThat(b).isNotZero(); // 2^-64 chance for a uniform word
        }
    }

    @Test
    void matrixTriplesAreCorrect() {
        List<MatrixTriple> t = both(p -> sources.get(p).matrix(3, 4, 5));
        long[] a = sum(t.get(0).a(), t.get(1).a());
        long[] b = sum(t.get(0).b(), t.get(1).b());
        long[] c = sum(t.get(0).c(), t.get(1).c());
        assertThat(c).containsExactly(RingMath.matmul(a, b, 3, 4, 5));
    }

    @Test
    void sessionMultipliesWithOtTriples() {
        SplittableRandom r = new SplittableRandom(5);
        double[] x = new double[50];
        double[] y = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = r.nextDouble(-50, 50);
            y[i] = r.nextDouble(-50, 50);
        }
        List<MpcSession> sessions = MpcTesting.sessions(nets, List.of(sources.get(0), sources.get(1)), 9);
        List<double[]> out = MpcTesting.runAll(sessions, s -> {
            long[] xs = s.id() == 0 ? s.inputFixed(x) : s.inputFrom(0, 50);
            long[] ys = s.id() == 1 ? s.inputFixed(y) : s.inputFrom(1, 50);
            return s.openFixed(s.mul(xs, ys));
        });
        for (int i = 0; i < 50; i++) {
            // encoding 2 * 50 * 2^-17 + truncation 2^-15
            assertThat(out.get(0)[i]).isCloseTo(x[i] * y[i], org.assertj.core.data.Offset.offset(1e-3));
        }
    }

    @Test
    @org.junit.jupiter.api.Tag("slow")
    void standardGroupSetupWorks() {
        var n2 = InProcessNetwork.create(2, 120_000);
        List<OtTripleSource> src = MpcTesting.runAll(n2, OtTripleSource::create);
        List<ArithmeticTriples> t = MpcTesting.runAll(List.of(0, 1), p -> src.get(p).arithmetic(10));
        for (int i = 0; i < 10; i++) {
            assertThat(t.get(0).c()[i] + t.get(1).c()[i])
                    .isEqualTo((t.get(0).a()[i] + t.get(1).a()[i]) * (t.get(0).b()[i] + t.get(1).b()[i]));
        }
    }

    @Test
    void wrongSizedCorrectionIsRejectedNamingThePeer() {
        var n2 = InProcessNetwork.create(2, 5_000);
        // party 1 plays a broken peer: its first base-OT message is 100 bytes instead of one 1024-bit element
        n2.get(1).send(0, new byte[100]);
        assertThatThrownBy(() -> OtTripleSource.insecureForTests(n2.get(0))).isInstanceOf(MpcException.class)
                .hasMessageContaining("party 1").hasMessageContaining("expected 128 bytes")
                .satisfies(e -> assertThat(((MpcException) e).peer()).isEqualTo(1));
        // an out-of-range group element is refused too
        var n3 = InProcessNetwork.create(2, 5_000);
        n3.get(1).send(0, new byte[128]);
        assertThatThrownBy(() -> OtTripleSource.insecureForTests(n3.get(0))).isInstanceOf(MpcException.class)
                .hasMessageContaining("invalid group element");
    }
}
