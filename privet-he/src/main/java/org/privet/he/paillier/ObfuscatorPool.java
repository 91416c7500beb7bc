package org.privet.he.paillier;

import java.math.BigInteger;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * Precomputed Paillier randomness: {@link #refill()} computes up to {@code capacity} values of
 * {@code r^n mod n^2} ahead of time (e.g. while idle, optionally on all cores), so an online
 * encryption costs one multiplication modulo {@code n^2}. Each value is handed out once and then
 * forgotten. When the pool is empty, {@link #next()} computes a value on demand and counts a miss.
 *
 * <p>Thread safe: several threads may call {@link #next()} and {@link #refill()} at once.
 */
public final class ObfuscatorPool implements Obfuscator {
    private final Obfuscator source;
    private final int capacity;
    private final ConcurrentLinkedQueue<BigInteger> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicLong misses = new AtomicLong();

    /**
     * @param source where the values come from (its security argument carries over)
     * @param capacity most values held, {@code >= 1}
     */
    public ObfuscatorPool(Obfuscator source, int capacity) {
        this.source = Objects.requireNonNull(source, "source");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1. Provided value: " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public PaillierPublicKey key() {
        return source.key();
    }

    @Override
    public BigInteger next() {
        BigInteger v = queue.poll();
        if (v != null) {
            size.decrementAndGet();
            return v;
        }
        misses.incrementAndGet();
        return source.next();
    }

    /** Fills the pool to capacity on the calling thread; returns how many values were added. */
    public int refill() {
        return refill(false);
    }

    /**
     * Fills the pool to capacity, on the common fork-join pool when {@code parallel}; returns how
     * many values were added.
     */
    public int refill(boolean parallel) {
        int missing = capacity - size.get();
        if (missing <= 0) {
            return 0;
        }
        AtomicInteger added = new AtomicInteger();
        IntStream range = IntStream.range(0, missing);
        (parallel ? range.parallel() : range).forEach(i -> {
            if (size.incrementAndGet() > capacity) { // another refill got there first
                size.decrementAndGet();
                return;
            }
            queue.add(source.next());
            added.incrementAndGet();
        });
        return added.get();
    }

    /** Values ready now. */
    public int available() {
        return size.get();
    }

    /** Most values held. */
    public int capacity() {
        return capacity;
    }

    /** How many times {@link #next()} found the pool empty and computed a value on demand. */
    public long misses() {
        return misses.get();
    }
}
