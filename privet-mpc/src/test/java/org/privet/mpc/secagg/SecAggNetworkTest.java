package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.privet.mpc.secagg.InsecureRandom.insecureForTests;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.privet.mpc.net.InProcessNetwork;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartiesConfig;
import org.privet.mpc.net.TlsNetwork;
import org.privet.mpc.net.TlsTestConfigs;

class SecAggNetworkTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void serverAndClientsOverTlsSumExactlyWhileOneClientDisconnects() throws Exception {
        SecAggConfig c = new SecAggConfig(4, 3, 1000, 32);
        PartiesConfig parties = TlsTestConfigs.onFreePorts(dir, 5, 20_000);
        long[][] x = new long[4][1000];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 1000; i++) {
                x[k][i] = (k + 1) * 1000L + i;
            }
        }
        Future<SecAggResult> server = pool.submit(() -> {
            try (TlsNetwork net = TlsNetwork.connect(parties, 0)) {
                return SecAggNetwork.runServer(net, c, 5_000);
            }
        });
        List<Future<Integer>> clients = new ArrayList<>();
        for (int id = 1; id <= 4; id++) {
            int me = id;
            clients.add(pool.submit(() -> {
                try (TlsNetwork net = TlsNetwork.connect(parties, me, new int[] {0})) {
                    if (me == 3) { // advertises keys and shares, then its process dies
                        SecAggClient cl = new SecAggClient(c, me, x[me - 1], insecureForTests(me));
                        net.send(0, cl.advertiseKeys());
                        net.send(0, cl.respond(net.receive(0)));
                        net.receive(0);
                        return -1;
                    }
                    return SecAggNetwork.runClient(net, c, x[me - 1], insecureForTests(me), 20_000);
                }
            }));
        }
        SecAggResult r = server.get();
        assertThat(r.included()).containsExactly(1, 2, 4);
        for (int i = 0; i < 1000; i++) {
            assertThat(r.sum()[i]).isEqualTo(7000L + 3 * i);
        }
        assertThat(r.excluded().get(3)).contains("dropped: no MaskedInputCollection message").contains("party 3");
        assertThat(clients.get(0).get()).isEqualTo(3);
        assertThat(clients.get(3).get()).isEqualTo(3);
    }

    @Test
    void belowThresholdEveryRemainingClientIsToldWhy() throws Exception {
        SecAggConfig c = new SecAggConfig(3, 3, 10, 16);
        List<InProcessNetwork> net = InProcessNetwork.create(4, 2_000);
        Future<SecAggResult> server = pool.submit(() -> SecAggNetwork.runServer(net.get(0), c, 2_000));
        List<Future<Integer>> clients = new ArrayList<>();
        for (int id = 1; id <= 2; id++) {
            int me = id;
            clients.add(pool.submit(() -> SecAggNetwork.runClient(net.get(me), c, new long[10], insecureForTests(me),
                    5_000)));
        }
        net.get(3).close(); // client 3 never shows up
        assertThatThrownBy(server::get).cause().isInstanceOf(SecAggAbortedException.class)
                .hasMessageContaining("only 2 of 3 clients");
        for (Future<Integer> f : clients) {
            assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause()
                    .isInstanceOf(SecAggAbortedException.class).hasMessageContaining("the server aborted the round");
        }
    }

    @Test
    void aClientFailsCleanlyWhenTheServerDisappears() {
        SecAggConfig c = new SecAggConfig(2, 2, 4, 8);
        List<InProcessNetwork> net = InProcessNetwork.create(3, 2_000);
        net.get(0).close();
        assertThatThrownBy(() -> SecAggNetwork.runClient(net.get(1), c, new long[4], insecureForTests(1), 1_000))
                .isInstanceOf(MpcException.class).hasMessageContaining("party 0");
    }
}
