package org.privet.mpc.net;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters of one party's traffic: bytes and messages each way, and protocol rounds. */
public final class TrafficCounters {
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesReceived = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();

    public void addSent(int bytes) {
        bytesSent.addAndGet(bytes);
        messagesSent.incrementAndGet();
    }

    public void addReceived(int bytes) {
        bytesReceived.addAndGet(bytes);
        messagesReceived.incrementAndGet();
    }

    public void addRound() {
        rounds.incrementAndGet();
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    public long messagesSent() {
        return messagesSent.get();
    }

    public long messagesReceived() {
        return messagesReceived.get();
    }

    public long rounds() {
        return rounds.get();
    }

    @Override
    public String toString() {
        return "sent " + bytesSent() + " B in " + messagesSent() + " messages, received " + bytesReceived()
                + " B in " + messagesReceived() + " messages, " + rounds() + " rounds";
    }
}
