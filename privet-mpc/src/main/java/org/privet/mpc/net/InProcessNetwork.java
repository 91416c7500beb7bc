package org.privet.mpc.net;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Parties as threads of one JVM, joined by in-memory queues: for tests and benchmarks. Create all endpoints
 * at once with {@link #create(int, long)}; give endpoint {@code i} to the thread that plays party {@code i}.
 * Closing endpoint {@code i} is party {@code i} disconnecting: its peers first receive every message it sent
 * before, then {@link MpcException} on each later {@code receive} from it and on each {@code send} to it, as
 * with a dropped TCP connection.
 */
public final class InProcessNetwork implements PartyNetwork {
    private static final byte[] CLOSED = new byte[0];

    private final int id;
    private final int parties;
    private final long timeoutMillis;
    /** queues[from][to]: messages from party {@code from} to party {@code to}. */
    private final LinkedBlockingQueue<byte[]>[][] queues;
    /** closed.get(p) == 1 once party p closed its endpoint. */
    private final AtomicIntegerArray closed;
    private final TrafficCounters counters = new TrafficCounters();

    private InProcessNetwork(int id, int parties, long timeoutMillis, LinkedBlockingQueue<byte[]>[][] queues,
                             AtomicIntegerArray closed) {
        this.id = id;
        this.parties = parties;
        this.timeoutMillis = timeoutMillis;
        this.queues = queues;
        this.closed = closed;
    }

    /**
     * Creates the endpoints of {@code parties >= 2} parties whose receives time out after {@code
     * timeoutMillis > 0}.
     */
    @SuppressWarnings("unchecked")
    public static List<InProcessNetwork> create(int parties, long timeoutMillis) {
        if (parties < 2) {
            throw new IllegalArgumentException("parties must be >= 2. Provided value: " + parties);
        }
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be > 0. Provided value: " + timeoutMillis);
        }
        LinkedBlockingQueue<byte[]>[][] q = new LinkedBlockingQueue[parties][parties];
        for (int i = 0; i < parties; i++) {
            for (int j = 0; j < parties; j++) {
                q[i][j] = new LinkedBlockingQueue<>();
            }
        }
        AtomicIntegerArray closed = new AtomicIntegerArray(parties);
        List<InProcessNetwork> out = new ArrayList<>(parties);
        for (int i = 0; i < parties; i++) {
            out.add(new InProcessNetwork(i, parties, timeoutMillis, q, closed));
        }
        return List.copyOf(out);
    }

    @Override
    public int id() {
        return id;
    }

    @Override
    public int parties() {
        return parties;
    }

    @Override
    public long timeoutMillis() {
        return timeoutMillis;
    }

    @Override
    public TrafficCounters counters() {
        return counters;
    }

    @Override
    public void send(int to, byte[] message) {
        checkPeer(to, "send");
        if (closed.get(id) == 1) {
            throw new MpcException(-1, "party " + id + ": own endpoint closed, cannot send to party " + to);
        }
        if (closed.get(to) == 1) {
            throw new MpcException(to, "party " + id + ": party " + to + " has disconnected");
        }
        counters.addSent(message.length);
        queues[id][to].add(message);
    }

    @Override
    public byte[] receive(int from) {
        checkPeer(from, "receive");
        if (closed.get(id) == 1) {
            throw new MpcException(-1, "party " + id + ": own endpoint closed, cannot receive from party " + from);
        }
        byte[] m;
        try {
            m = queues[from][id].poll(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpcException(from, "party " + id + ": interrupted while waiting for party " + from, e);
        }
        if (m == null) {
            throw new MpcException(from, "party " + id + ": no message from party " + from + " within "
                    + timeoutMillis + " ms");
        }
        if (m == CLOSED) {
            queues[from][id].add(CLOSED); // keep later receives failing too
            throw new MpcException(from, "party " + id + ": party " + from + " disconnected");
        }
        counters.addReceived(m.length);
        return m;
    }

    /** Disconnects this party: peers blocked on it wake with {@link MpcException} once its earlier messages are read. */
    @Override
    public void close() {
        if (closed.compareAndSet(id, 0, 1)) {
            for (int j = 0; j < parties; j++) {
                queues[id][j].add(CLOSED);
            }
        }
    }
}
