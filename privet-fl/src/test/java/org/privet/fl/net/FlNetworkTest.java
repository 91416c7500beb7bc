package org.privet.fl.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;
import org.privet.fl.DistributedDiscreteGaussian;
import org.privet.fl.FederatedSimulation;
import org.privet.fl.FlConfig;
import org.privet.fl.FlHistory;
import org.privet.fl.FlModel;
import org.privet.fl.LocalTraining;
import org.privet.fl.Partitions;
import org.privet.fl.Rejection;
import org.privet.fl.aggregate.CoordinateMedian;
import org.privet.fl.aggregate.NormClipping;
import org.privet.fl.aggregate.WeightedMean;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.TlsKeys;
import org.privet.mpc.net.TlsNetwork;

/**
 * A server and several clients in this JVM on loopback threads, over real mutual TLS with keys from
 * {@link TlsKeys}. Outcomes are deterministic (seeded training, every update waited for) except where a
 * test says it waits for a deadline.
 */
class FlNetworkTest {
    private static final Dataset ALL = SyntheticImages.generate(1200, 6, 8, 0.15, 1, Rng.of(11));
    private static final Dataset TRAIN = ALL.subset(IntStream.range(0, 1000).toArray());
    private static final Dataset TEST = ALL.subset(IntStream.range(1000, 1200).toArray());
    private static final LocalTraining LOCAL = LocalTraining.fedAvg(1, 10, 0.3f);

    @TempDir
    Path dir;
    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-fl-client");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private static FlModel mlp() {
        return new FlModel(() -> Networks.mlp(Rng.of(3), 64, new int[] {16}, 6));
    }

    private PartiesConfig keys(int clients) {
        return TlsKeys.generate(clients + 1, dir.resolve("keys"), "127.0.0.1", 20000, Duration.ofDays(1), 10_000);
    }

    private Future<float[]> client(PartiesConfig p, int id, int port, int[] part, long seed) {
        FlClient c = new FlClient(p, id, "127.0.0.1", port, mlp(), TRAIN.subset(part), true, LOCAL, seed, 10_000,
                20_000);
        return pool.submit(c::run);
    }

    @Test
    void networkedRunEqualsTheInProcessSimulationBitForBit() throws Exception {
        int n = 4;
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(1));
        PartiesConfig p = keys(n);
        FlHistory sim = FederatedSimulation.builder().model(mlp()).clients(TRAIN, parts).test(TEST)
                .config(new FlConfig(3, 3, LOCAL, 1, 0, 0, 1, 7)).aggregator(new WeightedMean(true)).build().run(null);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).test(TEST)
                .settings(FlServerSettings.of(3, 3, 2, 7)).build();
        server.start();
        List<Future<float[]>> clients = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            clients.add(client(p, k, server.port(), parts[k], 7));
        }
        FlHistory net = server.run(null);
        assertThat(net.finalModel()).containsExactly(sim.finalModel());
        assertThat(net.rejections()).isEmpty();
        assertThat(net.rounds()).allMatch(r -> r.sampled() == 3 && r.accepted() == 3 && r.dropped() == 0);
        assertThat(net.last().cleanAccuracy()).isEqualTo(sim.last().cleanAccuracy());
        for (Future<float[]> f : clients) {
            assertThat(f.get(20, TimeUnit.SECONDS)).containsExactly(sim.finalModel());
        }
        assertThat(net.description()).contains("mutual TLS", "mean(weighted)");
    }

    @Test
    void secureAggregationOverTheNetworkEqualsTheInProcessSecureSimulation() throws Exception {
        int n = 3;
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(4));
        PartiesConfig p = keys(n);
        FlHistory sim = FederatedSimulation.builder().model(mlp()).clients(TRAIN, parts).test(TEST)
                .config(new FlConfig(2, 3, LOCAL, 1, 0, 0, 1, 8)).secureAggregation(true).build().run(null);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).test(TEST).secureAggregation(true)
                .settings(FlServerSettings.of(2, 3, 2, 8)).build();
        server.start();
        List<Future<float[]>> clients = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            clients.add(client(p, k, server.port(), parts[k], 8));
        }
        FlHistory net = server.run(null);
        // the fixed-point sum is exact modular arithmetic: the same bits as the in-process protocol
        assertThat(net.finalModel()).containsExactly(sim.finalModel());
        assertThat(net.rounds()).allMatch(r -> r.accepted() == 3 && r.skipped().isEmpty());
        assertThat(net.description()).contains("secure aggregation");
        for (Future<float[]> f : clients) {
            assertThat(f.get(20, TimeUnit.SECONDS)).containsExactly(sim.finalModel());
        }
        assertThatThrownBy(() -> FlServer.builder().parties(p).model(mlp()).aggregator(new CoordinateMedian())
                .secureAggregation(true).settings(FlServerSettings.of(1, 2, 2, 1)).build())
                .hasMessageContaining("needs the weighted mean. Provided aggregator: median");
    }

    @Test
    void distributedDpOverTheNetworkTracksTheClippedMeanAndReportsEpsilon() throws Exception {
        int n = 3;
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(6));
        PartiesConfig p = keys(n);
        // z = 0.01 on the sum of 3: the mean carries noise of std 0.0033 per rotated coordinate
        DistributedDiscreteGaussian m = DistributedDiscreteGaussian.calibrated(1.0, 0.01, n, mlp().dimension(), 20,
                DistributedDiscreteGaussian.DEFAULT_BETA);
        FlHistory clipped = FederatedSimulation.builder().model(mlp()).clients(TRAIN, parts).test(TEST)
                .config(new FlConfig(1, 3, LOCAL, 1, 0, 0, 1, 2)).aggregator(new NormClipping(1.0)).build().run(null);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).distributedDp(m, 1e-5)
                .settings(FlServerSettings.of(1, 3, 2, 2)).build();
        server.start();
        List<Future<float[]>> clients = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            FlClient c = new FlClient(p, k, "127.0.0.1", server.port(), mlp(), TRAIN.subset(parts[k]), true, LOCAL, 2,
                    10_000, 20_000).distributedDp(m);
            clients.add(pool.submit(c::run));
        }
        FlHistory net = server.run(null);
        assertThat(net.last().accepted()).isEqualTo(3);
        assertThat(net.last().epsilon()).isFinite().isPositive();
        assertThat(net.description()).contains("distributed DP DDGauss");
        // within 0.02 = 6 noise standard deviations per coordinate (false failure < 1e-5 over 1142 coordinates)
        float[] a = net.finalModel();
        float[] b = clipped.finalModel();
        for (int j = 0; j < a.length; j++) {
            assertThat((double) a[j]).as("coordinate " + j).isCloseTo(b[j], within(0.02));
        }
        for (Future<float[]> f : clients) {
            assertThat(f.get(20, TimeUnit.SECONDS)).containsExactly(a);
        }
    }

    @Test
    void aClientNotSetUpForTheServersDistributedDpRefusesToJoin() {
        PartiesConfig p = keys(2);
        DistributedDiscreteGaussian m = DistributedDiscreteGaussian.calibrated(1.0, 1, 2, mlp().dimension(), 20, 0.5);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).distributedDp(m, 1e-5)
                .settings(FlServerSettings.of(1, 2, 2, 1).withTimeouts(500, 1500, 2000)).build();
        server.start();
        FlClient plain = new FlClient(p, 0, "127.0.0.1", server.port(), mlp(), TRAIN.subset(IntStream.range(0, 20)
                .toArray()), true, LOCAL, 1, 5_000, 5_000);
        assertThatThrownBy(plain::run).isInstanceOf(FlProtocolException.class)
                .hasMessageContaining("the server aggregates with 'distributed-dp DDGauss");
        assertThatThrownBy(() -> server.run(null)).hasMessageContaining("only 0 of 2 clients connected");
    }

    @Test
    void aSilentClientDropsOutOfSecureAggregationAndTheOthersSumsAreStillUsed() throws Exception {
        int n = 4; // threshold floor(2 * 4 / 3) + 1 = 3: one of four may drop
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(5));
        PartiesConfig p = keys(n);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).secureAggregation(true)
                .settings(FlServerSettings.of(1, 4, 2, 3).withTimeouts(1500, 10_000, 5_000)).build();
        server.start();
        for (int k = 0; k < 3; k++) {
            client(p, k, server.port(), parts[k], 3);
        }
        FlConnection silent = raw(FlTls.clientContext(p, 3), server.port());
        silent.write(FlWire.hello(3));
        FlHistory h = server.run(null);
        silent.close();
        assertThat(h.last().skipped()).isEmpty();
        assertThat(h.last().accepted()).isEqualTo(3);
        assertThat(h.last().dropped()).isEqualTo(1);
        float[] init = mlp().initialParameters();
        assertThat(h.finalModel()).isNotEqualTo(init);
        for (float v : h.finalModel()) {
            assertThat(Float.isFinite(v)).isTrue();
        }
    }

    @Test
    void aSilentClientDoesNotStallTheRoundTheServerClosesItAtTheDeadline() throws Exception {
        int n = 3;
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(2));
        PartiesConfig p = keys(n);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).aggregator(new CoordinateMedian())
                .settings(FlServerSettings.of(2, 3, 2, 5).withTimeouts(800, 10_000, 5_000)).build();
        server.start();
        client(p, 0, server.port(), parts[0], 5);
        client(p, 1, server.port(), parts[1], 5);
        // client 2 connects and authenticates, then never answers (a straggler that never arrives)
        FlConnection silent = raw(FlTls.clientContext(p, 2), server.port());
        silent.write(FlWire.hello(2));
        assertThat(FlWire.decode(silent.read())).isInstanceOf(FlWire.Welcome.class);
        FlHistory h = server.run(null);
        silent.close();
        assertThat(h.rounds()).allMatch(r -> r.sampled() == 3 && r.accepted() == 2 && r.dropped() == 1
                && r.skipped().isEmpty());
        assertThat(h.finalModel()).isNotEqualTo(mlp().initialParameters());
    }

    @Test
    void tooFewUpdatesByTheDeadlineLeaveTheModelUnchangedAndSaySo() {
        PartiesConfig p = keys(2);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp())
                .settings(FlServerSettings.of(1, 2, 2, 5).withTimeouts(300, 10_000, 5_000)).build();
        server.start();
        client(p, 0, server.port(), IntStream.range(0, 50).toArray(), 5);
        FlConnection silent = raw(FlTls.clientContext(p, 1), server.port());
        silent.write(FlWire.hello(1));
        FlHistory h = server.run(null);
        silent.close();
        assertThat(h.last().skipped()).contains("1 accepted update(s)", "minUpdates = 2");
        assertThat(h.finalModel()).containsExactly(mlp().initialParameters());
    }

    @Test
    void rogueTrafficIsRejectedAndLoggedWhileTheRoundsGoOn() throws Exception {
        int n = 4; // clients 0-2 honest, client 3's key is used by the rogue
        int[][] parts = Partitions.iid(TRAIN.size(), n, Rng.of(3));
        PartiesConfig p = keys(n);
        FlServer server = FlServer.builder().parties(p).port(0).model(mlp()).test(TEST)
                .settings(FlServerSettings.of(2, 4, 2, 9).withTimeouts(20_000, 20_000, 5_000)).build();
        server.start();
        int port = server.port();
        int d = mlp().dimension();

        // 1. a certificate that is not in parties.json: the TLS handshake fails
        PartiesConfig other = TlsKeys.generate(2, dir.resolve("impostor"), "127.0.0.1", 20000, Duration.ofDays(1), 5000);
        SSLContext impostor = TlsNetwork.mutualTlsContext(TlsKeys.readPrivateKey(other.party(1).key()),
                TlsKeys.readCertificate(other.party(1).certificate()), TlsKeys.readCertificate(p.party(0).certificate()));
        assertThatThrownBy(() -> {
            FlConnection c = raw(impostor, port);
            c.write(FlWire.hello(0));
            c.read();
        }).isInstanceOf(RuntimeException.class);
        // 2. a valid certificate claiming another client's id
        FlConnection liar = raw(FlTls.clientContext(p, 3), port);
        liar.write(FlWire.hello(1));
        assertThat(FlWire.decode(liar.read())).isInstanceOf(FlWire.ErrorMessage.class);
        liar.close();

        List<Future<float[]>> honest = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            honest.add(client(p, k, port, parts[k], 9));
        }
        Future<?> rogue = pool.submit(() -> {
            FlConnection c = raw(FlTls.clientContext(p, 3), port);
            c.write(FlWire.hello(3));
            FlWire.decode(c.read());
            FlWire.Train t0 = (FlWire.Train) FlWire.decode(c.read());
            float[] ok = new float[d];
            byte[] wrongNonce = t0.nonce().clone();
            wrongNonce[0] ^= 1;
            c.write(FlWire.update(0, t0.nonce(), 1, 10, ok));                 // claims client 1
            c.write(FlWire.update(0, wrongNonce, 3, 10, ok));                 // wrong nonce
            c.write(FlWire.update(0, t0.nonce(), 3, 10, new float[d - 1]));   // wrong shape
            float[] nan = new float[d];
            nan[5] = Float.NaN;
            c.write(FlWire.update(0, t0.nonce(), 3, 10, nan));                // NaN
            byte[] valid = FlWire.update(0, t0.nonce(), 3, 10, ok);
            c.write(valid);                                                   // accepted
            c.write(valid);                                                   // replayed
            FlWire.decode(c.read());                                          // round 1's model
            c.write(valid);                                                   // round 0's update replayed in round 1
            // an oversize frame: length above a valid update's size
            try {
                c.write(new byte[valid.length + 1]);
            } catch (FlProtocolException e) {
                // the server may close the connection before the whole frame is written
            }
            return null;
        });
        FlHistory h = server.run(null);
        rogue.get(20, TimeUnit.SECONDS);
        for (Future<float[]> f : honest) {
            assertThat(f.get(20, TimeUnit.SECONDS)).containsExactly(h.finalModel());
        }
        List<String> reasons = h.rejections().stream().map(Rejection::reason).toList();
        assertThat(reasons).anyMatch(r -> r.contains("unauthenticated connection") && r.contains("handshake"));
        assertThat(reasons).anyMatch(r -> r.contains("HELLO claims client 1") && r.contains("another client's certificate"));
        assertThat(reasons).anyMatch(r -> r.contains("claims client 1 but the connection is authenticated as client 3"));
        assertThat(reasons).anyMatch(r -> r.contains("nonce does not match"));
        assertThat(reasons).anyMatch(r -> r.contains("update length must be " + d + ". Provided value: " + (d - 1)));
        assertThat(reasons).anyMatch(r -> r.contains("update values must be finite. Provided value: NaN at index 5"));
        assertThat(reasons).filteredOn(r -> r.contains("replay")).hasSizeGreaterThanOrEqualTo(2);
        assertThat(reasons).anyMatch(r -> r.contains("max message size"));
        assertThat(h.rounds().get(0).accepted()).isEqualTo(4);
        assertThat(h.rounds().get(1).accepted()).isEqualTo(3);
        assertThat(h.rounds()).allMatch(r -> r.skipped().isEmpty());
        // the rounds went on: the honest clients' model learned
        assertThat(h.last().cleanAccuracy()).isGreaterThan(0.3);
    }

    @Test
    void serverSettingsAndBuilderCheckTheirArguments() {
        assertThatThrownBy(() -> FlServerSettings.of(1, 2, 3, 1)).hasMessageContaining("minUpdates must be in [1, "
                + "clientsPerRound = 2]. Provided value: 3");
        assertThatThrownBy(() -> FlServer.builder().build()).hasMessageContaining("parties, model, settings");
        PartiesConfig p = keys(2);
        assertThatThrownBy(() -> FlServer.builder().parties(p).model(mlp()).settings(FlServerSettings.of(1, 3, 1, 1))
                .build()).hasMessageContaining("clientsPerRound must be <= clients (2");
        assertThatThrownBy(() -> FlTls.clientContext(p, 2)).hasMessageContaining("client id must be in [0, 2)");
    }

    static FlConnection raw(SSLContext ctx, int port) {
        try {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket();
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setEnabledProtocols(new String[] {"TLSv1.3"});
            s.setSoTimeout(20_000);
            s.startHandshake();
            return new FlConnection(s, 1 << 24);
        } catch (java.io.IOException e) {
            throw new FlProtocolException("rogue connect failed: " + e.getMessage(), e);
        }
    }
}
