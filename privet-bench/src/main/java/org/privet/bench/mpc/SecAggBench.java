package org.privet.bench.mpc;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
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
import org.openjdk.jmh.annotations.Warmup;
import org.privet.mpc.secagg.SecAggClient;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggPhase;
import org.privet.mpc.secagg.SecAggResult;
import org.privet.mpc.secagg.SecAggServer;

/**
 * Server cost of one secure-aggregation round (Bonawitz et al. 2017) for {@code clients} clients with
 * {@code dimension}-element vectors in {@code Z_{2^bits}}, and the plaintext sum of the same vectors beside
 * it. The trial setup runs every client for real (in parallel, all cores) and records each client message
 * of each phase; a fraction {@code drop} of the clients goes offline after ShareKeys (before sending its
 * masked input): the server's worst case, since it must then regenerate their pairwise masks with every
 * survivor. {@link #server} replays the recorded messages into a fresh {@link SecAggServer} (the server is
 * deterministic given its inputs): all four rounds of server work, unmasking included, with no network.
 * The setup checks the unmasked sum against the plaintext sum and prints the server's bytes in and out.
 * {@link SecAggPlaintextBench} sums the same vectors in the clear.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms6g", "-Xmx6g"})
public class SecAggBench {
    @Param({"100"})
    public int clients;

    @Param({"100000"})
    public int dimension;

    @Param({"32"})
    public int bits;

    /** Fraction of clients that drop after ShareKeys. */
    @Param({"0.0", "0.1"})
    public double drop;

    private SecAggConfig config;
    private long[][] inputs;
    /** recorded.get(phase): client id -> message, in phase order. */
    private List<Map<Integer, byte[]>> recorded;

    @Setup(Level.Trial)
    public void record() {
        config = SecAggConfig.withDefaultThreshold(clients, dimension, bits);
        SplittableRandom r = new SplittableRandom(2017);
        inputs = new long[clients][dimension];
        for (long[] x : inputs) {
            for (int i = 0; i < dimension; i++) {
                x[i] = r.nextLong() & 0xFFFF; // 16-bit inputs, as in the paper's evaluation
            }
        }
        int dropped = (int) Math.round(drop * clients);
        int[] gone = new SplittableRandom(7).ints(1, clients + 1).distinct().limit(dropped).sorted().toArray();
        SecAggClient[] cs = new SecAggClient[clients + 1];
        SecureRandom random = new SecureRandom();
        IntStream.rangeClosed(1, clients).parallel().forEach(id ->
                cs[id] = new SecAggClient(config, id, inputs[id - 1], random));
        SecAggServer server = new SecAggServer(config);
        recorded = new ArrayList<>();
        Map<Integer, byte[]> outgoing = new ConcurrentSkipListMap<>();
        IntStream.rangeClosed(1, clients).parallel().forEach(id -> outgoing.put(id, cs[id].advertiseKeys()));
        long t0 = System.nanoTime();
        while (server.phase() != SecAggPhase.DONE) {
            Map<Integer, byte[]> delivered = new TreeMap<>();
            for (Map.Entry<Integer, byte[]> e : outgoing.entrySet()) {
                if (server.phase() == SecAggPhase.MASKED_INPUT_COLLECTION && Arrays.binarySearch(gone, e.getKey()) >= 0) {
                    continue;
                }
                delivered.put(e.getKey(), e.getValue());
                server.receive(e.getKey(), e.getValue());
            }
            recorded.add(delivered);
            Map<Integer, byte[]> replies = server.advance();
            Map<Integer, byte[]> next = new ConcurrentSkipListMap<>();
            replies.entrySet().parallelStream().forEach(e -> {
                byte[] reply = cs[e.getKey()].respond(e.getValue());
                if (reply != null) {
                    next.put(e.getKey(), reply);
                }
            });
            outgoing.clear();
            outgoing.putAll(next);
        }
        SecAggResult result = server.result();
        long[] plain = plainSum(result.included());
        if (!Arrays.equals(plain, result.sum())) {
            throw new AssertionError("secure sum differs from the plaintext sum");
        }
        long plainBytes = (long) result.included().length * dimension * ((bits + 7) / 8);
        System.out.printf("%nsecagg clients=%d dimension=%d bits=%d threshold=%d drop=%.2f: server received %d B, "
                        + "sent %d B; masked vectors alone %d B (%.3fx); setup with clients %.1f s%n", clients,
                dimension, bits, config.threshold(), drop, result.bytesReceived(), result.bytesSent(), plainBytes,
                (double) result.bytesReceived() / plainBytes, (System.nanoTime() - t0) / 1e9);
    }

    private long[] plainSum(int[] ids) {
        long[] s = new long[dimension];
        for (int id : ids) {
            long[] x = inputs[id - 1];
            for (int i = 0; i < dimension; i++) {
                s[i] += x[i];
            }
        }
        long mask = config.mask();
        for (int i = 0; i < dimension; i++) {
            s[i] &= mask;
        }
        return s;
    }

    /** All four rounds of server work on the recorded client messages. */
    @Benchmark
    public long[] server() {
        SecAggServer s = new SecAggServer(config);
        for (Map<Integer, byte[]> phase : recorded) {
            for (Map.Entry<Integer, byte[]> e : phase.entrySet()) {
                s.receive(e.getKey(), e.getValue());
            }
            s.advance();
        }
        return s.result().sum();
    }
}
