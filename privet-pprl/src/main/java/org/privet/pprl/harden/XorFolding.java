package org.privet.pprl.harden;

/**
 * XOR-folding (Schnell, Borgs and Encheva 2016): a filter of {@code l} bits (even) is cut in halves and the
 * halves are XORed, giving {@code l/2} bits. A bit no longer says which of two positions was set, which breaks
 * the position-to-q-gram patterns that frequency and pattern-mining attacks look for. Stateless, thread-safe.
 */
public final class XorFolding {
    private XorFolding() {
    }

    /** Folds {@code bits} bits (even, {@code >= 2}) of {@code in[inOff..]} into {@code bits/2} bits at {@code out[outOff..]}. */
    public static void apply(long[] in, int inOff, int bits, long[] out, int outOff) {
        if (bits < 2 || (bits & 1) != 0) {
            throw new IllegalArgumentException("XOR-folding needs an even length >= 2. Provided value: " + bits);
        }
        int half = bits / 2;
        int ow = BitVectors.words(half);
        if ((half & 63) == 0) {
            for (int i = 0; i < ow; i++) {
                out[outOff + i] = in[inOff + i] ^ in[inOff + ow + i];
            }
            return;
        }
        for (int i = 0; i < ow; i++) {
            out[outOff + i] = 0;
        }
        for (int i = 0; i < half; i++) {
            if (BitVectors.get(in, inOff, i) ^ BitVectors.get(in, inOff, i + half)) {
                BitVectors.set(out, outOff, i);
            }
        }
    }
}
