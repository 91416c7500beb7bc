package org.privet.pprl.harden;

/**
 * Rule 90 of the elementary cellular automata (Wolfram), used to harden Bloom filters by Schnell, Borgs and
 * Encheva (2018): each output bit is the XOR of the two neighbours of the input bit, cyclically:
 * {@code out[i] = in[(i - 1) mod l] ^ in[(i + 1) mod l]}. One step; apply it again for more. Stateless,
 * thread-safe.
 */
public final class Rule90 {
    private Rule90() {
    }

    /** One Rule-90 step over {@code bits >= 3} bits of {@code in[inOff..]} into {@code out[outOff..]} (not the same words). */
    public static void apply(long[] in, int inOff, int bits, long[] out, int outOff) {
        if (bits < 3) {
            throw new IllegalArgumentException("Rule 90 needs at least 3 bits. Provided value: " + bits);
        }
        int nw = BitVectors.words(bits);
        if ((bits & 63) == 0) {
            // left neighbour of i is i-1: shift the whole vector up by one (carry from the word below, bit l-1 wraps).
            for (int i = 0; i < nw; i++) {
                long w = in[inOff + i];
                long below = in[inOff + (i == 0 ? nw - 1 : i - 1)];
                long above = in[inOff + (i == nw - 1 ? 0 : i + 1)];
                long left = w << 1 | below >>> 63;   // bit j holds in[j-1]
                long right = w >>> 1 | above << 63;  // bit j holds in[j+1]
                out[outOff + i] = left ^ right;
            }
            return;
        }
        for (int i = 0; i < nw; i++) {
            out[outOff + i] = 0;
        }
        for (int i = 0; i < bits; i++) {
            int l = i == 0 ? bits - 1 : i - 1;
            int r = i == bits - 1 ? 0 : i + 1;
            if (BitVectors.get(in, inOff, l) ^ BitVectors.get(in, inOff, r)) {
                BitVectors.set(out, outOff, i);
            }
        }
    }
}
