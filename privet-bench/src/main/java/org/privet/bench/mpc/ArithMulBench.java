package org.privet.bench.mpc;

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
import org.privet.mpc.beaver.OtTripleSource;
import org.privet.mpc.beaver.TripleSource;
import org.privet.mpc.beaver.TrustedDealer;
import org.privet.mpc.net.InProcessNetwork;

/**
 * Shared fixed-point multiplications (Beaver multiplication + SecureML truncation) between two parties in
 * one JVM (two threads, {@link InProcessNetwork}), {@code batch} element-wise products per operation.
 * Multiplications per second = batch / (time per operation); run-mpc.sh converts. Triples come from the
 * {@code source}: {@code dealer} (a {@link TrustedDealer}, generated on demand and included in the time)
 * or {@code ot} (generated between the parties by OT extension, included in the time).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class ArithMulBench {
    @Param({"1", "1000", "100000"})
    public int batch;

    @Param({"dealer", "ot"})
    public String source;

    private MpcSession s0;
    private MpcSession s1;
    private ExecutorService peer;
    private long[] x0;
    private long[] y0;
    private long[] x1;
    private long[] y1;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        List<InProcessNetwork> nets = InProcessNetwork.create(2, 60_000);
        peer = Executors.newSingleThreadExecutor();
        TripleSource t0;
        TripleSource t1;
        if (source.equals("dealer")) {
            TrustedDealer dealer = TrustedDealer.create(2);
            t0 = dealer.sourceFor(0);
            t1 = dealer.sourceFor(1);
        } else {
            Future<OtTripleSource> f = peer.submit(() -> OtTripleSource.create(nets.get(1)));
            t0 = OtTripleSource.create(nets.get(0));
            t1 = f.get();
        }
        s0 = new MpcSession(nets.get(0), t0, FixedPoint.defaults(), Prg.secure());
        s1 = new MpcSession(nets.get(1), t1, FixedPoint.defaults(), Prg.secure());
        SplittableRandom r = new SplittableRandom(1);
        x0 = new long[batch];
        y0 = new long[batch];
        x1 = new long[batch];
        y1 = new long[batch];
        for (int i = 0; i < batch; i++) {
            x0[i] = r.nextLong();
            y0[i] = r.nextLong();
            x1[i] = r.nextLong(); // shares of arbitrary values: the work does not depend on them
            y1[i] = r.nextLong();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        peer.shutdownNow();
        s0.network().close();
        s1.network().close();
    }

    @Benchmark
    public long[] multiply() throws Exception {
        Future<long[]> other = peer.submit(() -> s1.mul(x1, y1));
        long[] mine = s0.mul(x0, y0);
        other.get();
        return mine;
    }
}
