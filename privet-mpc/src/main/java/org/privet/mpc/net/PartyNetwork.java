package org.privet.mpc.net;

/**
 * One party's view of the network: reliable, ordered, authenticated point-to-point byte messages between
 * parties {@code 0..parties()-1}. Messages from one sender arrive in the order they were sent.
 *
 * <p>Thread safety: one protocol thread per party uses its network; {@link #send} and {@link #receive} for
 * different peers may be called from different threads. {@link #receive} blocks at most {@link
 * #timeoutMillis()} and then throws {@link MpcException}; so does every call after the network is closed or
 * a peer is known to be gone. No call ever returns a wrong message silently.
 */
public interface PartyNetwork extends AutoCloseable {
    /** This party's id, in {@code [0, parties())}. */
    int id();

    /** Number of parties in the run. */
    int parties();

    /** Sends one message to {@code to != id()}. The array must not be modified afterwards. */
    void send(int to, byte[] message);

    /** Receives the next message from {@code from != id()}, waiting at most {@link #timeoutMillis()}. */
    byte[] receive(int from);

    /** The receive timeout in milliseconds. */
    long timeoutMillis();

    /** Bytes and messages sent and received so far, and communication rounds as counted by {@link #round()}. */
    TrafficCounters counters();

    /** Marks the end of one communication round (the protocol calls it; used only for counting). */
    default void round() {
        counters().addRound();
    }

    /** Sends the same message to every other party. */
    default void broadcast(byte[] message) {
        for (int p = 0; p < parties(); p++) {
            if (p != id()) {
                send(p, message);
            }
        }
    }

    @Override
    void close();

    /**
     * Checks that {@code peer} names another party of this network.
     *
     * @param what the operation, for the message
     * @throws IllegalArgumentException when it does not
     */
    default void checkPeer(int peer, String what) {
        if (peer < 0 || peer >= parties() || peer == id()) {
            throw new IllegalArgumentException(what + ": peer must be in [0, " + parties() + ") and != own id " + id()
                    + ". Provided value: " + peer);
        }
    }
}
