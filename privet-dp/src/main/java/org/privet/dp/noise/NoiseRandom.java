package org.privet.dp.noise;

import java.security.SecureRandom;

/**
 * The two sources of randomness a mechanism may use.
 *
 * <ul>
 *   <li>{@link #secure()}: the platform's default {@link SecureRandom} (self-seeded), read in
 *       512-byte blocks: the samplers consume a few bits at a time, and one call per block instead of
 *       per word makes noise several times cheaper. The bits are the platform generator's own,
 *       unchanged; the buffer is guarded by a lock, so the source is thread-safe. The only source
 *       privacy noise should ever be drawn from in production.</li>
 *   <li>{@link #insecureSeededForTests(long)}: a deterministic xoshiro256** generator behind the
 *       {@code SecureRandom} type so that statistical tests are reproducible. Its output is
 *       predictable from the seed: noise drawn from it gives <b>no</b> privacy.</li>
 * </ul>
 *
 * <p>Samplers in this package only call {@code nextLong()}, {@code nextBoolean()} and
 * {@code nextDouble()}; both sources implement those quickly.
 */
public final class NoiseRandom {

    private NoiseRandom() {
    }

    /** A new buffered {@link SecureRandom} over the platform default algorithm (self-seeded); thread-safe. */
    public static SecureRandom secure() {
        return new Buffered(new SecureRandom());
    }

    /** Reads the wrapped generator in blocks; every public draw method is served from the block. */
    private static final class Buffered extends LongStreamRandom {
        private static final long serialVersionUID = 1L;
        private static final int BLOCK = 512;

        private final SecureRandom inner;
        private final byte[] block = new byte[BLOCK];
        private int pos = BLOCK;

        Buffered(SecureRandom inner) {
            super("PrivetBufferedRandom", "platform SecureRandom read in blocks");
            this.inner = inner;
        }

        @Override
        public synchronized long nextLong() {
            if (pos > BLOCK - 8) {
                inner.nextBytes(block);
                pos = 0;
            }
            long r = 0;
            for (int k = 0; k < 8; k++) {
                r = (r << 8) | (block[pos + k] & 0xFFL);
            }
            java.util.Arrays.fill(block, pos, pos + 8, (byte) 0); // used bits do not linger
            pos += 8;
            return r;
        }

        @Override
        public byte[] generateSeed(int numBytes) {
            return inner.generateSeed(numBytes);
        }

        @Override
        public String getAlgorithm() {
            return "Buffered(" + inner.getAlgorithm() + ")";
        }
    }

    /**
     * A deterministic, <b>insecure</b> generator for tests. Not thread-safe.
     *
     * @param seed any value; the same seed gives the same stream
     */
    public static SecureRandom insecureSeededForTests(long seed) {
        return new InsecureSeeded(seed);
    }

    /** xoshiro256** (Blackman and Vigna) seeded through SplitMix64. */
    private static final class InsecureSeeded extends LongStreamRandom {
        private static final long serialVersionUID = 1L;

        private long s0;
        private long s1;
        private long s2;
        private long s3;

        InsecureSeeded(long seed) {
            super("PrivetInsecureTestRandom", "deterministic test-only generator");
            long x = seed;
            x += 0x9E3779B97F4A7C15L;
            s0 = mix(x);
            x += 0x9E3779B97F4A7C15L;
            s1 = mix(x);
            x += 0x9E3779B97F4A7C15L;
            s2 = mix(x);
            x += 0x9E3779B97F4A7C15L;
            s3 = mix(x);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            return z ^ (z >>> 31);
        }

        @Override
        public long nextLong() {
            long result = Long.rotateLeft(s1 * 5, 7) * 9;
            long t = s1 << 17;
            s2 ^= s0;
            s3 ^= s1;
            s1 ^= s2;
            s0 ^= s3;
            s2 ^= t;
            s3 = Long.rotateLeft(s3, 45);
            return result;
        }

        @Override
        public String getAlgorithm() {
            return "InsecureSeededForTests(xoshiro256**)";
        }
    }
}
