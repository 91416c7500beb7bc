package org.privet.mpc.secagg;

/**
 * Client-side fixed-point encoding of real-valued updates into {@code Z_{2^k}}, and decoding of their sum.
 * A value {@code x} becomes {@code round(x * 2^f)} in two's complement mod {@code 2^k}; the sum of up to
 * {@code maxClients} encodings is read back as a signed {@code k}-bit integer divided by {@code 2^f}. To make
 * that exact, each encoded magnitude must be at most {@code (2^(k-1) - 1) / maxClients}: {@link #encode}
 * rejects larger values (clip updates first, e.g. to an L-infinity bound). The rounding error is at most
 * {@code 2^-(f+1)} per value and client. Immutable and thread-safe.
 */
public final class FixedPointCodec {
    private final int bits;
    private final int fractionBits;
    private final int maxClients;
    private final long limit;
    private final double scale;

    /**
     * @param bits {@code k} in {@code [2, 64]}, as in {@link SecAggConfig#bits()}
     * @param fractionBits {@code f} in {@code [0, k - 2]}
     * @param maxClients the most inputs that will be summed, {@code >= 1}
     */
    public FixedPointCodec(int bits, int fractionBits, int maxClients) {
        if (bits < 2 || bits > 64) {
            throw new IllegalArgumentException("bits must be in [2, 64]. Provided value: " + bits);
        }
        if (fractionBits < 0 || fractionBits > bits - 2) {
            throw new IllegalArgumentException("fractionBits must be in [0, bits - 2] = [0, " + (bits - 2)
                    + "]. Provided value: " + fractionBits);
        }
        if (maxClients < 1) {
            throw new IllegalArgumentException("maxClients must be >= 1. Provided value: " + maxClients);
        }
        long half = bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
        this.limit = half / maxClients;
        if (limit < 1) {
            throw new IllegalArgumentException("bits = " + bits + " leave no room for the sum of " + maxClients
                    + " clients; use more bits");
        }
        this.bits = bits;
        this.fractionBits = fractionBits;
        this.maxClients = maxClients;
        this.scale = Math.scalb(1.0, fractionBits);
    }

    public int bits() {
        return bits;
    }

    public int fractionBits() {
        return fractionBits;
    }

    public int maxClients() {
        return maxClients;
    }

    /** The largest |x| {@link #encode} accepts: {@code floor((2^(k-1) - 1) / maxClients) / 2^f}. */
    public double maxAbsValue() {
        return limit / scale;
    }

    /** Encodes each value; {@link IllegalArgumentException} names the first non-finite or too large one. */
    public long[] encode(float[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = encodeOne(values[i], i);
        }
        return out;
    }

    /** As {@link #encode(float[])}, for doubles. */
    public long[] encode(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = encodeOne(values[i], i);
        }
        return out;
    }

    private long encodeOne(double x, int i) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("value " + i + " must be finite. Provided value: " + x);
        }
        double r = Math.rint(x * scale);
        if (Math.abs(r) > limit) {
            throw new IllegalArgumentException("value " + i + " must be in [-" + maxAbsValue() + ", " + maxAbsValue()
                    + "] so that the sum of " + maxClients + " clients cannot wrap around 2^" + bits
                    + ". Provided value: " + x);
        }
        long v = (long) r;
        return bits == 64 ? v : v & ((1L << bits) - 1);
    }

    /** Decodes a sum (elements in {@code [0, 2^k)}) of at most {@code maxClients} encodings. */
    public double[] decodeSum(long[] sum) {
        double[] out = new double[sum.length];
        int shift = 64 - bits;
        for (int i = 0; i < sum.length; i++) {
            out[i] = ((sum[i] << shift) >> shift) / scale;
        }
        return out;
    }
}
