package org.privet.bench.mpc;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.privet.mpc.MpcSession;
import org.privet.mpc.arith.FixedPoint;
import org.privet.mpc.arith.Prg;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.net.InProcessNetwork;

/**
 * Shared fixed-point multiplications among {@code parties} (3 or more) parties in one JVM (one thread each,
 * {@link InProcessNetwork}): Beaver multiplication, then truncation with the dealer's truncation pairs
 * (ABY3), two rounds per product. Triples and pairs come from a {@link TrustedDealer}, generated on demand
 * and included in the time. Multiplications per second = batch / (time per operation); run-mpc.sh converts.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ArithMulPartiesBench {
    @Param({"3"})
    public int parties;

    @Param({"1000", "100000"})
    public int batch;

    private List<MpcSession> sessions;
    private ExecutorService pool;
    private long[][] x;
    private long[][] y;

    @Setup(Level.Trial)
    public void setup() {
        List<InProcessNetwork> nets = InProcessNetwork.create(parties, 60_000);
        TrustedDealer dealer = TrustedDealer.create(parties);
        sessions = new ArrayList<>();
        for (int p = 0; p < parties; p++) {
            sessions.add(new MpcSession(nets.get(p), dealer.sourceFor(p), FixedPoint.defaults(), Prg.secure()));
        }
        pool = Executors.newFixedThreadPool(parties - 1);
        SplittableRandom r = new SplittableRandom(1);
        x = new long[parties][batch];
        y = new long[parties][batch];
        for (int p = 0; p < parties; p++) {
            for (int i = 0; i < batch; i++) {
                x[p][i] = r.nextLong(); // shares of arbitrary values: the work does not depend on them
                y[p][i] = r.nextLong();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.shutdownNow();
        for (MpcSession s : sessions) {
            s.network().close();
        }
    }

    @Benchmark
    public long[] multiply() throws Exception {
        List<Future<long[]>> others = new ArrayList<>();
        for (int p = 1; p < parties; p++) {
            int q = p;
            others.add(pool.submit(() -> sessions.get(q).mul(x[q], y[q])));
        }
        long[] mine = sessions.get(0).mul(x[0], y[0]);
        for (Future<long[]> f : others) {
            f.get();
        }
        return mine;
    }
}
