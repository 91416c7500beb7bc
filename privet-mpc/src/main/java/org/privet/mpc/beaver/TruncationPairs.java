package org.privet.mpc.beaver;

/**
 * One party's additive shares (mod 2^64) of {@code count} truncation pairs for {@code bits} bits (ABY3,
 * Mohassel and Rindal, CCS 2018, section 5.1.1): summed over all parties, {@code r[i]} is uniform in
 * {@code Z_2^64} and unknown to every party, and {@code rShifted[i] = r[i] >> bits}, the arithmetic shift of
 * {@code r[i]} read as a signed 64-bit integer. Arrays are owned by the record's user and used once.
 *
 * @param bits the shift, in {@code [0, 62]}
 */
public record TruncationPairs(int bits, long[] r, long[] rShifted) {
    public TruncationPairs {
        if (bits < 0 || bits > 62) {
            throw new IllegalArgumentException("truncation bits must be in [0, 62]. Provided value: " + bits);
        }
        if (r.length != rShifted.length) {
            throw new IllegalArgumentException("truncation pair arrays must have equal lengths. Provided lengths: "
                    + r.length + ", " + rShifted.length);
        }
    }

    public int count() {
        return r.length;
    }
}
