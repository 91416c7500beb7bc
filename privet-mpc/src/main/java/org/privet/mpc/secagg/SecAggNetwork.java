package org.privet.mpc.secagg;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.privet.mpc.net.MpcException;
import org.privet.mpc.net.PartyNetwork;
import org.privet.mpc.net.TlsNetwork;

/**
 * Runs a secure-aggregation round over a {@link PartyNetwork}: the server is party 0, client {@code i} is
 * party {@code i} ({@code 1..n}); only client-server links are used (connect clients with {@code
 * TlsNetwork.connect(config, i, new int[] {0})}). Every client and the server must be given the same {@link
 * SecAggConfig}; SecAgg+ configurations run unchanged (the server's graph seed travels in its key lists).
 *
 * <p>Each phase the server waits until every live client's message has arrived or the phase window has
 * passed; a client that disconnects, stays silent past the window, or sends a rejected message is dropped,
 * and the round goes on while at least {@code threshold} clients remain. Below that, every remaining client is
 * sent the reason and both sides throw {@link SecAggAbortedException}. Each message exchange is one round in
 * the network's {@link org.privet.mpc.net.TrafficCounters}.
 */
public final class SecAggNetwork {
    private SecAggNetwork() {
    }

    /**
     * The server's side (party 0). Returns the round's result; throws {@link SecAggAbortedException} when
     * too few clients remain.
     *
     * @param phaseWindowMillis how long to wait for the clients' messages of one phase, {@code > 0}; on a
     *     {@link TlsNetwork} the window is shared by all clients of the phase, on other networks each receive
     *     waits up to the network's own timeout
     */
    public static SecAggResult runServer(PartyNetwork net, SecAggConfig config, long phaseWindowMillis) {
        checkNet(net, config, 0);
        if (phaseWindowMillis <= 0) {
            throw new IllegalArgumentException("phaseWindowMillis must be > 0. Provided value: " + phaseWindowMillis);
        }
        SecAggServer server = new SecAggServer(config);
        List<Integer> alive = new ArrayList<>();
        for (int c = 1; c <= config.clients(); c++) {
            alive.add(c);
        }
        Map<Integer, String> lost = new TreeMap<>();
        while (true) {
            long deadline = System.nanoTime() + phaseWindowMillis * 1_000_000L;
            for (int c : alive) {
                try {
                    long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000L);
                    byte[] m = net instanceof TlsNetwork t ? t.receive(c, left) : net.receive(c);
                    server.receive(c, m);
                } catch (MpcException e) {
                    lost.put(c, e.getMessage());
                }
            }
            Map<Integer, byte[]> out;
            try {
                out = server.advance();
            } catch (SecAggAbortedException e) {
                byte[] notice = SecAggServer.abortMessage(e.getMessage());
                for (int c : alive) {
                    if (!lost.containsKey(c)) {
                        try {
                            net.send(c, notice);
                        } catch (MpcException ignored) {
                            // that client is gone too
                        }
                    }
                }
                throw e;
            }
            alive = new ArrayList<>();
            for (Map.Entry<Integer, byte[]> e : out.entrySet()) {
                try {
                    net.send(e.getKey(), e.getValue());
                    alive.add(e.getKey());
                } catch (MpcException ex) {
                    lost.put(e.getKey(), ex.getMessage());
                }
            }
            net.round();
            if (server.phase() == SecAggPhase.DONE) {
                SecAggResult r = server.result();
                Map<Integer, String> why = new TreeMap<>(r.excluded());
                lost.forEach((c, reason) -> why.computeIfPresent(c, (k, v) -> v + " (" + reason + ")"));
                return new SecAggResult(r.sum(), r.included(), java.util.Collections.unmodifiableMap(why),
                        r.survivors(), r.bytesReceived(), r.bytesSent());
            }
        }
    }

    /**
     * A client's side (party {@code id >= 1}). Returns the number of clients whose inputs the server's sum
     * contains. Throws {@link SecAggAbortedException} when the server aborted the round and {@link
     * MpcException} when the server disconnected, went silent for {@code waitMillis}, or sent a bad message.
     *
     * @param waitMillis how long to wait for each server message, {@code > 0}: at least the server's phase
     *     window plus its unmasking time (on networks other than {@link TlsNetwork}, the network's timeout is used)
     */
    public static int runClient(PartyNetwork net, SecAggConfig config, long[] input, SecureRandom random,
                                long waitMillis) {
        int id = net.id();
        checkNet(net, config, id);
        if (waitMillis <= 0) {
            throw new IllegalArgumentException("waitMillis must be > 0. Provided value: " + waitMillis);
        }
        SecAggClient client = new SecAggClient(config, id, input, random);
        net.send(0, client.advertiseKeys());
        net.round();
        while (!client.isDone()) {
            byte[] m = net instanceof TlsNetwork t ? t.receive(0, waitMillis) : net.receive(0);
            byte[] reply = client.respond(m);
            if (reply != null) {
                net.send(0, reply);
                net.round();
            }
        }
        return client.includedClients();
    }

    private static void checkNet(PartyNetwork net, SecAggConfig config, int expectedId) {
        if (net.parties() != config.clients() + 1) {
            throw new IllegalArgumentException("the network must have clients + 1 = " + (config.clients() + 1)
                    + " parties (server 0, clients 1.." + config.clients() + "). Provided: " + net.parties());
        }
        if (expectedId == 0 && net.id() != 0) {
            throw new IllegalArgumentException("the server is party 0. This network is party " + net.id());
        }
        if (expectedId != 0 && net.id() == 0) {
            throw new IllegalArgumentException("party 0 is the server; clients are parties 1.." + config.clients());
        }
    }
}
