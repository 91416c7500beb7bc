package org.privet.dp.noise;

import java.security.SecureRandom;

/** Test fixture: a deterministic source that counts every draw, to check that no noise is drawn on bad input. */
final class CountingRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final SecureRandom inner;
    private long draws;

    CountingRandom(long seed) {
        this.inner = NoiseRandom.insecureSeededForTests(seed);
    }

    long draws() {
        return draws;
    }

    @Override
    public long nextLong() {
        draws++;
        return inner.nextLong();
    }

    @Override
    public int nextInt() {
        draws++;
        return inner.nextInt();
    }

    @Override
    public boolean nextBoolean() {
        draws++;
        return inner.nextBoolean();
    }

    @Override
    public double nextDouble() {
        draws++;
        return inner.nextDouble();
    }

    @Override
    public void nextBytes(byte[] bytes) {
        draws++;
        inner.nextBytes(bytes);
    }
}
