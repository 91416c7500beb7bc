package org.privet.dp.noise;

import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;

/**
 * A {@link SecureRandom} whose every draw is served from one 64-bit source, {@link #nextLong()}:
 * the shape shared by the module's generators (the buffered platform generator, the AES-CTR
 * keystream of DP-SGD, and the insecure test generator). Subclasses implement {@code nextLong};
 * {@code nextInt}, {@code nextBoolean}, {@code nextDouble} and {@code nextBytes} take its bits.
 * The {@link SecureRandomSpi} behind it is never reached.
 */
public abstract class LongStreamRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    /** @param providerName name of the (informational) provider this generator reports */
    protected LongStreamRandom(String providerName, String info) {
        super(new NoSpi(), new Provider(providerName, "1.0", info) {
            private static final long serialVersionUID = 1L;
        });
    }

    @Override
    public abstract long nextLong();

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    @Override
    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public void nextBytes(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            long r = nextLong();
            for (int k = 0; k < 8 && i < bytes.length; k++, r >>>= 8) {
                bytes[i++] = (byte) r;
            }
        }
    }

    /** Never used: every draw method is overridden. */
    private static final class NoSpi extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;

        @Override
        protected void engineSetSeed(byte[] seed) {
            // the source is fixed at construction (or is the platform generator's own)
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            throw new AssertionError("internal invariant: LongStreamRandom overrides nextBytes");
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            throw new UnsupportedOperationException("this generator does not generate seeds");
        }
    }
}
