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
import org.privet.mpc.secagg.SecAggPlusParameters;
import org.privet.mpc.secagg.SecAggResult;
import org.privet.mpc.secagg.SecAggServer;

/**
 * Server cost of one secure-aggregation round, the complete graph of Bonawitz et al. 2017 ({@code graph =
 * complete}, threshold {@code floor(2n/3)+1}) or SecAgg+ of Bell et al. 2020 ({@code graph = plus}: a random
 * {@code k}-regular graph with {@code k} and {@code t} from {@link SecAggPlusParameters#choose} for a corrupt
 * fraction {@code corrupt} and a dropout fraction {@code tolerate}), for {@code clients} clients with
 * {@code dimension}-element vectors in {@code Z_{2^bits}}, and the plaintext sum of the same vectors beside
 * it. The trial setup runs every client for real (in parallel, all cores) and records each client message
 * of each phase; a fraction {@code drop} of the clients goes offline after ShareKeys (before sending its
 * masked input): the server's worst case, since it must then regenerate their pairwise masks with every
 * survivor. {@link #server} replays the recorded messages into a fresh {@link SecAggServer} (the server is
 * deterministic given its inputs): all four rounds of server work, unmasking included, with no network.
 * The setup checks the unmasked sum against the plaintext sum and prints the server's bytes in and out and
 * the clients' wall time (all clients on all cores; it is not part of the measured server time, as in the
 * papers' server figures).
 * {@link SecAggPlaintextBench} sums the same vectors in the clear.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xms8g", "-Xmx8g"})
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

    /** {@code complete} (Bonawitz et al. 2017) or {@code plus} (SecAgg+, Bell et al. 2020). */
    @Param({"complete", "plus"})
    public String graph;

    /** SecAgg+ only: the corrupt fraction the parameters are chosen for. */
    @Param({"0.1"})
    public double corrupt;

    /** SecAgg+ only: the dropout fraction the parameters are chosen for (at least {@code drop}). */
    @Param({"0.1"})
    public double tolerate;

    private byte[] graphSeed;

    private SecAggConfig config;
    private long[][] inputs;
    /** recorded.get(phase): client id -> message, in phase order. */
    private List<Map<Integer, byte[]>> recorded;

    @Setup(Level.Trial)
    public void record() {
        config = switch (graph) {
            case "complete" -> SecAggConfig.withDefaultThreshold(clients, dimension, bits);
            case "plus" -> SecAggConfig.secAggPlus(SecAggPlusParameters.choose(clients, corrupt, tolerate), dimension, bits);
            default -> throw new IllegalArgumentException("graph must be complete or plus. Provided value: " + graph);
        };
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
        SecAggServer server = new SecAggServer(config, random);
        graphSeed = server.graphSeed();
        recorded = new ArrayList<>();
        long clientNanos = 0;
        Map<Integer, byte[]> outgoing = new ConcurrentSkipListMap<>();
        long t0 = System.nanoTime();
        IntStream.rangeClosed(1, clients).parallel().forEach(id -> outgoing.put(id, cs[id].advertiseKeys()));
        clientNanos += System.nanoTime() - t0;
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
            long c0 = System.nanoTime();
            replies.entrySet().parallelStream().forEach(e -> {
                byte[] reply = cs[e.getKey()].respond(e.getValue());
                if (reply != null) {
                    next.put(e.getKey(), reply);
                }
            });
            clientNanos += System.nanoTime() - c0;
            outgoing.clear();
            outgoing.putAll(next);
        }
        SecAggResult result = server.result();
        long[] plain = plainSum(result.included());
        if (!Arrays.equals(plain, result.sum())) {
            throw new AssertionError("secure sum differs from the plaintext sum");
        }
        long plainBytes = (long) result.included().length * dimension * ((bits + 7) / 8);
        System.out.printf("%nsecagg graph=%s clients=%d dimension=%d bits=%d degree=%d threshold=%d drop=%.2f: server "
                        + "received %d B, sent %d B; masked vectors alone %d B (%.3fx); all clients' work %.1f s wall "
                        + "on %d cores; setup %.1f s%n", graph, clients, dimension, bits, config.degree(),
                config.threshold(), drop, result.bytesReceived(), result.bytesSent(), plainBytes,
                (double) result.bytesReceived() / plainBytes, clientNanos / 1e9,
                Runtime.getRuntime().availableProcessors(), (System.nanoTime() - t0) / 1e9);
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
        SecAggServer s = new SecAggServer(config, graphSeed); // the recorded round's graph
        for (Map<Integer, byte[]> phase : recorded) {
            for (Map.Entry<Integer, byte[]> e : phase.entrySet()) {
                s.receive(e.getKey(), e.getValue());
            }
            s.advance();
        }
        return s.result().sum();
    }
}
