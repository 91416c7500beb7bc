package org.privet.fl;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Collects one round's client updates on the server and rejects bad ones without stalling the round.
 *
 * <p>An update is rejected, logged (System.Logger "org.privet.fl", WARNING) and recorded as a {@link
 * Rejection} when: the sender is not a registered client (unauthenticated: the simulation's stand-in for a
 * failed signature check), it answers another round (stale or replayed from an earlier round), the
 * sender already delivered an update this round (replay), the delta has the wrong length, holds NaN or
 * infinite values, or claims fewer than 1 example. The first valid update per client is kept. Thread-safe
 * (clients may submit from worker threads).
 */
public final class UpdateInbox {
    private static final System.Logger LOG = System.getLogger("org.privet.fl");

    private final int round;
    private final int clients;
    private final int dimension;
    private final BitSet seen = new BitSet();
    private final List<ClientUpdate> accepted = new ArrayList<>();
    private final List<Rejection> rejected = new ArrayList<>();

    /**
     * @param round     the round being collected, &gt;= 0
     * @param clients   registered client ids are {@code 0 .. clients-1}; &gt;= 1
     * @param dimension the model dimension, &gt;= 1
     */
    public UpdateInbox(int round, int clients, int dimension) {
        if (round < 0 || clients < 1 || dimension < 1) {
            throw new IllegalArgumentException("need round >= 0, clients >= 1, dimension >= 1. Provided value: round="
                    + round + ", clients=" + clients + ", dimension=" + dimension);
        }
        this.round = round;
        this.clients = clients;
        this.dimension = dimension;
    }

    /** Validates and stores {@code u}; returns null when accepted, else the rejection reason. */
    public synchronized String submit(ClientUpdate u) {
        String why = check(u);
        if (why == null) {
            seen.set(u.clientId());
            accepted.add(u);
            return null;
        }
        int id = u == null ? -1 : u.clientId();
        rejected.add(new Rejection(round, id, why));
        LOG.log(Level.WARNING, "round {0}: rejected update from client {1}: {2}", round, id, why);
        return why;
    }

    /**
     * Records a rejection decided outside this inbox (a transport or authentication check: bad nonce, an
     * update from a connection authenticated as another client, a malformed message), logged like the others.
     *
     * @param clientId the claimed or authenticated sender, -1 when unknown
     */
    public synchronized void reject(int clientId, String reason) {
        rejected.add(new Rejection(round, clientId, reason));
        LOG.log(Level.WARNING, "round {0}: rejected update from client {1}: {2}", round, clientId, reason);
    }

    private String check(ClientUpdate u) {
        if (u == null) {
            return "null update";
        }
        if (u.clientId() < 0 || u.clientId() >= clients) {
            return "unknown client id " + u.clientId() + " (registered ids are 0.." + (clients - 1) + ")";
        }
        if (u.round() != round) {
            return "update for round " + u.round() + " arrived in round " + round + " (stale or replayed)";
        }
        if (seen.get(u.clientId())) {
            return "client " + u.clientId() + " already sent an update in round " + round + " (replay)";
        }
        if (u.delta() == null || u.delta().length != dimension) {
            return "update length must be " + dimension + ". Provided value: "
                    + (u.delta() == null ? "null" : String.valueOf(u.delta().length));
        }
        float[] d = u.delta();
        for (int j = 0; j < d.length; j++) {
            if (!Float.isFinite(d[j])) {
                return "update values must be finite. Provided value: " + d[j] + " at index " + j;
            }
        }
        if (u.examples() < 1) {
            return "examples must be >= 1. Provided value: " + u.examples();
        }
        return null;
    }

    /** The accepted updates, ordered by client id (deterministic whatever the arrival order). */
    public synchronized List<ClientUpdate> accepted() {
        List<ClientUpdate> out = new ArrayList<>(accepted);
        out.sort((a, b) -> Integer.compare(a.clientId(), b.clientId()));
        return out;
    }

    /** The rejections in arrival order. */
    public synchronized List<Rejection> rejected() {
        return List.copyOf(rejected);
    }

    public int round() {
        return round;
    }
}
