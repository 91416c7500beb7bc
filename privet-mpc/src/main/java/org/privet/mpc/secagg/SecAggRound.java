package org.privet.mpc.secagg;

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Runs a whole round with the server and every client in this JVM: for tests, simulations and
 * federated-learning code that aggregates in process. Each phase, every active client's message passes
 * through a {@link ClientFilter} (which can drop it, to simulate a client going offline, or change it) and
 * goes to the server; then the server's replies go to the clients, which compute their answers in parallel
 * on the common fork-join pool (the filter and the server are called from the caller's thread only). The
 * cryptography is the real one; {@code random} must be thread-safe ({@link SecureRandom} is); it also gives
 * the server's SecAgg+ graph seed when the config has a neighbourhood.
 *
 * <p>Example: {@code SecAggRound.run(config, inputs, new SecureRandom())} returns the sum of {@code
 * inputs[i]} (client {@code i + 1}) mod {@code 2^k}.
 */
public final class SecAggRound {
    private SecAggRound() {
    }

    /** Sees each client message before the server does. */
    @FunctionalInterface
    public interface ClientFilter {
        /** The message to deliver in place of {@code message}, or {@code null} when the client drops out now. */
        byte[] apply(int client, SecAggPhase phase, byte[] message);
    }

    /** A filter that drops the named clients before the named rounds (they send nothing from then on). */
    public static final class Dropouts implements ClientFilter {
        private final Map<SecAggPhase, Set<Integer>> before = new EnumMap<>(SecAggPhase.class);
        private final Set<Integer> gone = new HashSet<>();

        /** Clients {@code ids} go offline before sending their {@code phase} message. Returns this. */
        public Dropouts before(SecAggPhase phase, int... ids) {
            Set<Integer> s = before.computeIfAbsent(phase, p -> new HashSet<>());
            for (int id : ids) {
                s.add(id);
            }
            return this;
        }

        @Override
        public byte[] apply(int client, SecAggPhase phase, byte[] message) {
            if (gone.contains(client) || before.getOrDefault(phase, Set.of()).contains(client)) {
                gone.add(client);
                return null;
            }
            return message;
        }
    }

    /** The sum of {@code inputs[i]} (client {@code i + 1}; {@code config.clients()} of them), no dropouts. */
    public static SecAggResult run(SecAggConfig config, long[][] inputs, SecureRandom random) {
        return run(config, inputs, random, (c, p, m) -> m);
    }

    /**
     * One round with every client message passed through {@code filter}. Throws {@link
     * SecAggAbortedException} when fewer than {@code threshold} clients remain at a round boundary.
     */
    public static SecAggResult run(SecAggConfig config, long[][] inputs, SecureRandom random, ClientFilter filter) {
        if (inputs.length != config.clients()) {
            throw new IllegalArgumentException("one input per client: " + config.clients() + " expected. Provided: "
                    + inputs.length);
        }
        SecAggServer server = new SecAggServer(config, random);
        SecAggClient[] clients = new SecAggClient[config.clients() + 1];
        Map<Integer, byte[]> outgoing = new java.util.concurrent.ConcurrentSkipListMap<>();
        for (int id = 1; id <= config.clients(); id++) {
            clients[id] = new SecAggClient(config, id, inputs[id - 1], random);
        }
        Map<Integer, byte[]> first = outgoing;
        IntStream.rangeClosed(1, config.clients()).parallel().forEach(id -> first.put(id, clients[id].advertiseKeys()));
        while (true) {
            SecAggPhase phase = server.phase();
            for (Map.Entry<Integer, byte[]> e : outgoing.entrySet()) {
                byte[] m = filter.apply(e.getKey(), phase, e.getValue());
                if (m != null) {
                    server.receive(e.getKey(), m);
                }
            }
            Map<Integer, byte[]> replies;
            try {
                replies = server.advance();
            } catch (SecAggAbortedException ex) {
                byte[] notice = SecAggServer.abortMessage(ex.getMessage());
                for (int id : outgoing.keySet()) {
                    try {
                        clients[id].respond(notice);
                    } catch (SecAggAbortedException expected) {
                        // the client now knows; it stops
                    }
                }
                throw ex;
            }
            // clients compute independently: in parallel on the common pool (the filter and server stay sequential)
            Map<Integer, byte[]> next = new java.util.concurrent.ConcurrentSkipListMap<>();
            replies.entrySet().parallelStream().forEach(e -> {
                byte[] reply = clients[e.getKey()].respond(e.getValue());
                if (reply != null) {
                    next.put(e.getKey(), reply);
                }
            });
            outgoing = next;
            if (server.phase() == SecAggPhase.DONE) {
                return server.result();
            }
        }
    }
}
