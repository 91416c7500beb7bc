package org.privet.mpc.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsNetworkTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** Keys for n parties on free loopback ports. */
    static PartiesConfig config(Path dir, int n, long timeoutMillis) throws IOException {
        PartiesConfig generated = TlsKeys.generate(n, dir, "127.0.0.1", 20000, Duration.ofDays(1), timeoutMillis);
        List<PartiesConfig.Party> ps = new ArrayList<>();
        for (PartiesConfig.Party p : generated.parties()) {
            try (ServerSocket s = new ServerSocket(0)) {
                ps.add(new PartiesConfig.Party(p.id(), p.host(), s.getLocalPort(), p.certificate(), p.key()));
            }
        }
        return new PartiesConfig(ps, timeoutMillis);
    }

    private List<TlsNetwork> connectAll(PartiesConfig cfg) throws Exception {
        List<Future<TlsNetwork>> fs = new ArrayList<>();
        for (int i = 0; i < cfg.size(); i++) {
            int id = i;
            fs.add(pool.submit(() -> TlsNetwork.connect(cfg, id)));
        }
        List<TlsNetwork> out = new ArrayList<>();
        for (Future<TlsNetwork> f : fs) {
            out.add(f.get());
        }
        return out;
    }

    @Test
    void keysAndConfigRoundTripThroughParties_json() throws IOException {
        PartiesConfig cfg = TlsKeys.generate(3, dir, "localhost", 9100, Duration.ofDays(30), 5000);
        PartiesConfig loaded = PartiesConfig.load(dir.resolve("parties.json"));
        assertThat(loaded).isEqualTo(cfg.withTimeoutMillis(5000));
        assertThat(loaded.party(2).port()).isEqualTo(9102);
        assertThat(TlsKeys.readCertificate(loaded.party(1).certificate()).getSubjectX500Principal().getName())
                .isEqualTo("CN=privet party 1");
        assertThat(TlsKeys.readPrivateKey(loaded.party(1).key()).getAlgorithm()).isEqualTo("EC");
        assertThat(Files.getPosixFilePermissions(loaded.party(0).key())).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThatThrownBy(() -> TlsKeys.generate(3, dir, "localhost", 9100, Duration.ofDays(1), 5000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already exists");
        try (var files = Files.list(dir)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp"))).isEmpty();
        }
    }

    @Test
    void badParties_jsonNamesTheFileAndField() throws IOException {
        Path f = dir.resolve("parties.json");
        Files.writeString(f, "{\"parties\":[{\"id\":0,\"host\":\"a\",\"port\":1,\"certificate\":\"c\"},"
                + "{\"id\":1,\"host\":\"b\",\"port\":\"x\",\"certificate\":\"c\"}]}");
        assertThatThrownBy(() -> PartiesConfig.load(f)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(f + ": parties[1]: field 'port' must be an integer");
        Files.writeString(f, "{\"parties\":[{\"id\":0,\"host\":\"a\",\"port\":1,\"certificate\":\"c\"},"
                + "{\"id\":0,\"host\":\"b\",\"port\":2,\"certificate\":\"c\"}]}");
        assertThatThrownBy(() -> PartiesConfig.load(f)).hasMessageContaining("party ids must be 0..1, each once");
        Files.writeString(f, "{\"parties\": [");
        assertThatThrownBy(() -> PartiesConfig.load(f)).hasMessageContaining("not valid JSON");
    }

    @Test
    void threePartiesExchangeOrderedMessagesOverMutualTls() throws Exception {
        PartiesConfig cfg = config(dir, 3, 10_000);
        List<TlsNetwork> net = connectAll(cfg);
        try {
            net.get(0).send(2, new byte[] {1});
            net.get(0).send(2, new byte[] {2, 3});
            net.get(1).send(2, new byte[0]);
            net.get(2).broadcast(new byte[] {4, 5, 6});
            assertThat(net.get(2).receive(0)).containsExactly(1);
            assertThat(net.get(2).receive(1)).isEmpty();
            assertThat(net.get(2).receive(0)).containsExactly(2, 3);
            assertThat(net.get(0).receive(2)).containsExactly(4, 5, 6);
            assertThat(net.get(1).receive(2)).containsExactly(4, 5, 6);
            assertThat(net.get(0).counters().bytesSent()).isEqualTo(3);
            assertThat(net.get(2).counters().messagesReceived()).isEqualTo(3);
            byte[] big = new byte[3 << 20];
            big[big.length - 1] = 9;
            net.get(1).send(0, big);
            assertThat(net.get(0).receive(1)).isEqualTo(big);
        } finally {
            net.forEach(TlsNetwork::close);
        }
    }

    @Test
    void aDisconnectedPeerIsDrainedThenReportedAndSilenceTimesOut() throws Exception {
        PartiesConfig cfg = config(dir, 2, 300);
        List<TlsNetwork> net = connectAll(cfg.withTimeoutMillis(10_000));
        TlsNetwork a = net.get(0);
        TlsNetwork b = net.get(1);
        assertThatThrownBy(() -> a.receive(1, 50)).isInstanceOf(MpcException.class)
                .hasMessageContaining("no message from party 1 within 50 ms");
        b.send(0, new byte[] {7});
        b.close();
        assertThat(a.receive(1)).containsExactly(7);
        assertThatThrownBy(() -> a.receive(1)).isInstanceOf(MpcException.class)
                .hasMessageContaining("party 1 disconnected")
                .satisfies(e -> assertThat(((MpcException) e).peer()).isEqualTo(1));
        assertThatThrownBy(() -> a.receive(1)).isInstanceOf(MpcException.class);
        assertThatThrownBy(() -> b.send(0, new byte[1])).isInstanceOf(MpcException.class)
                .hasMessageContaining("own endpoint closed");
        a.close();
    }

    @Test
    void aPartyWithAnUnpinnedCertificateIsRefused() throws Exception {
        PartiesConfig cfg = config(dir, 2, 1500);
        // party 1 runs with a key and certificate that parties.json does not list
        Path other = dir.resolve("other");
        PartiesConfig impostorKeys = TlsKeys.generate(2, other, "127.0.0.1", 20000, Duration.ofDays(1), 1500);
        List<PartiesConfig.Party> ps = new ArrayList<>(cfg.parties());
        PartiesConfig.Party p1 = ps.get(1);
        ps.set(1, new PartiesConfig.Party(1, p1.host(), p1.port(), impostorKeys.party(1).certificate(),
                impostorKeys.party(1).key()));
        PartiesConfig impostorView = new PartiesConfig(ps, 1500);
        Future<TlsNetwork> honest = pool.submit(() -> TlsNetwork.connect(cfg, 0));
        Future<TlsNetwork> impostor = pool.submit(() -> TlsNetwork.connect(impostorView, 1));
        assertThatThrownBy(honest::get).hasCauseInstanceOf(MpcException.class)
                .hasMessageContaining("parties [1] did not connect within 1500 ms");
        assertThatThrownBy(impostor::get).hasCauseInstanceOf(MpcException.class)
                .hasMessageContaining("parties [0] did not connect");
    }

    @Test
    void aStarTopologyConnectsOnlyTheListedPeers() throws Exception {
        PartiesConfig cfg = config(dir, 3, 10_000);
        Future<TlsNetwork> s = pool.submit(() -> TlsNetwork.connect(cfg, 0));
        Future<TlsNetwork> c1 = pool.submit(() -> TlsNetwork.connect(cfg, 1, new int[] {0}));
        Future<TlsNetwork> c2 = pool.submit(() -> TlsNetwork.connect(cfg, 2, new int[] {0}));
        try (TlsNetwork server = s.get(); TlsNetwork a = c1.get(); TlsNetwork b = c2.get()) {
            a.send(0, new byte[] {1});
            b.send(0, new byte[] {2});
            assertThat(server.receive(2)).containsExactly(2);
            assertThat(server.receive(1)).containsExactly(1);
            assertThatThrownBy(() -> a.send(2, new byte[1])).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not connected to party 2");
        }
    }

    /** A hand-made TLS client presenting {@code keyOf}'s certificate, trusting anything. */
    private static javax.net.ssl.SSLSocket rawClient(PartiesConfig cfg, int keyOf, int port) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        char[] pw = "test".toCharArray();
        ks.setKeyEntry("k", TlsKeys.readPrivateKey(cfg.party(keyOf).key()), pw,
                new java.security.cert.X509Certificate[] {TlsKeys.readCertificate(cfg.party(keyOf).certificate())});
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, pw);
        javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        };
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLSv1.3");
        ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {trustAll}, new java.security.SecureRandom());
        for (int attempt = 0; ; attempt++) {
            try {
                javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port);
                s.startHandshake();
                return s;
            } catch (java.net.ConnectException e) {
                if (attempt > 100) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private static void hello(java.io.DataOutputStream out, int from, int to) throws IOException {
        out.writeInt(12);
        out.writeInt(0x50525654);
        out.writeInt(1 << 24 | from);
        out.writeInt(to);
        out.flush();
    }

    @Test
    void aMalformedFrameEndsTheConnectionWithAClearError() throws Exception {
        PartiesConfig cfg = config(dir, 2, 10_000);
        Future<TlsNetwork> zero = pool.submit(() -> TlsNetwork.connect(cfg, 0));
        try (javax.net.ssl.SSLSocket s = rawClient(cfg, 1, cfg.party(0).port())) {
            java.io.DataOutputStream out = new java.io.DataOutputStream(s.getOutputStream());
            hello(out, 1, 0);
            java.io.DataInputStream in = new java.io.DataInputStream(s.getInputStream());
            assertThat(in.readInt()).isEqualTo(12); // the ack
            in.readFully(new byte[12]);
            out.writeInt(3);
            out.write(new byte[] {1, 2, 3});
            out.writeInt(-5); // a negative length
            out.flush();
            try (TlsNetwork net = zero.get()) {
                assertThat(net.receive(1)).containsExactly(1, 2, 3);
                assertThatThrownBy(() -> net.receive(1)).isInstanceOf(MpcException.class)
                        .hasMessageContaining("party 1 sent a malformed frame: length -5 outside [0, 1073741824]");
            }
        }
    }

    @Test
    void aClientClaimingAnotherPartysIdIsRefusedAndAvailablePartiesGoOn() throws Exception {
        PartiesConfig cfg = config(dir, 3, 4_000); // party 0 waits this long for party 1, which never comes
        Future<TlsNetwork> zero = pool.submit(() -> TlsNetwork.connectAvailable(cfg, 0));
        Future<TlsNetwork> twoF = pool.submit(() -> TlsNetwork.connect(cfg, 2, new int[] {0}));
        try (javax.net.ssl.SSLSocket s = rawClient(cfg, 2, cfg.party(0).port())) { // party 2's key, claims id 1
            hello(new java.io.DataOutputStream(s.getOutputStream()), 1, 0);
            assertThatThrownBy(() -> new java.io.DataInputStream(s.getInputStream()).readInt())
                    .isInstanceOf(IOException.class);
        }
        try (TlsNetwork two = twoF.get(); TlsNetwork net = zero.get()) {
            two.send(0, new byte[] {2});
            assertThat(net.receive(2)).containsExactly(2);
            assertThatThrownBy(() -> net.receive(1)).isInstanceOf(MpcException.class)
                    .hasMessageContaining("party 1 did not connect");
            assertThatThrownBy(() -> net.send(1, new byte[1])).isInstanceOf(MpcException.class);
        }
    }
}
