package org.privet.fl;

import java.security.SecureRandom;
import org.privet.mpc.secagg.FixedPointCodec;
import org.privet.mpc.secagg.SecAggConfig;
import org.privet.mpc.secagg.SecAggResult;
import org.privet.mpc.secagg.SecAggRound;

/**
 * Secure aggregation as the aggregation step: each client fixed-point encodes its vector and the sum is
 * computed by privet-mpc's Bonawitz et al. protocol ({@link SecAggRound}, all parties in this JVM), so
 * the server learns only the sum. Vectors must fit the codec's range ({@link #maxAbsValue}); clip first.
 * Defaults: {@code k = 48}-bit elements, {@code f = 20} fraction bits (rounding error at most
 * {@code 2^-21} per value and client), the paper's threshold {@code floor(2n/3) + 1}. Immutable; thread-safe
 * if {@code random} is.
 */
public final class SecureSum {
    /** Element width k. */
    public static final int BITS = 48;
    /** Fraction bits f. */
    public static final int FRACTION_BITS = 20;

    private final SecureRandom random;

    /** @param random the clients' key and mask source ({@code new SecureRandom()} outside tests) */
    public SecureSum(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        this.random = random;
    }

    /** The largest |value| a client may contribute when {@code clients} contribute. */
    public static double maxAbsValue(int clients) {
        return new FixedPointCodec(BITS, FRACTION_BITS, Math.max(1, clients)).maxAbsValue();
    }

    /**
     * The element-wise sum of {@code inputs} (at least 2 rows of one length) computed by secure
     * aggregation; the result has the fixed-point rounding error described above.
     *
     * @throws IllegalArgumentException when a value is outside {@link #maxAbsValue} or not finite
     */
    public double[] sum(double[][] inputs) {
        int n = inputs.length;
        if (n < 2) {
            throw new IllegalArgumentException("secure aggregation needs >= 2 clients. Provided: " + n);
        }
        FixedPointCodec codec = new FixedPointCodec(BITS, FRACTION_BITS, n);
        long[][] enc = new long[n][];
        for (int i = 0; i < n; i++) {
            try {
                enc[i] = codec.encode(inputs[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("secure aggregation: client input " + i + ": " + e.getMessage(), e);
            }
        }
        SecAggResult r = SecAggRound.run(SecAggConfig.withDefaultThreshold(n, inputs[0].length, BITS), enc, random);
        if (r.included().length != n) {
            throw new AssertionError("internal invariant: no client drops out inside an in-process round, but "
                    + r.excluded() + " were excluded");
        }
        return codec.decodeSum(r.sum());
    }
}
