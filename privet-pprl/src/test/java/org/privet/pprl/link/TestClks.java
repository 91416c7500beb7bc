package org.privet.pprl.link;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.privet.pprl.clk.ClkSet;

/** Seeded random CLK sets for tests: base vectors with a given bit density, and noisy copies. */
final class TestClks {
    private TestClks() {
    }

    static ClkSet random(int n, int bits, double density, long seed, String prefix) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = (bits + 63) / 64;
        long[] words = new long[n * w];
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(prefix + i);
            for (int bit = 0; bit < bits; bit++) {
                if (r.nextDouble() < density) {
                    words[i * w + (bit >>> 6)] |= 1L << bit;
                }
            }
        }
        return new ClkSet(ids, bits, words);
    }

    /** Copies of {@code base} with each bit flipped with probability {@code flip}. */
    static ClkSet noisy(ClkSet base, double flip, long seed, String prefix) {
        SplittableRandom r = new SplittableRandom(seed);
        int w = base.wordsPerRecord();
        long[] words = base.words().clone();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            ids.add(prefix + i);
            for (int bit = 0; bit < base.bits(); bit++) {
                if (r.nextDouble() < flip) {
                    words[i * w + (bit >>> 6)] ^= 1L << bit;
                }
            }
        }
        return new ClkSet(ids, base.bits(), words);
    }

    /** Concatenation of two sets of the same bit length. */
    static ClkSet concat(ClkSet x, ClkSet y) {
        List<String> ids = new ArrayList<>(x.ids());
        ids.addAll(y.ids());
        long[] words = new long[x.words().length + y.words().length];
        System.arraycopy(x.words(), 0, words, 0, x.words().length);
        System.arraycopy(y.words(), 0, words, x.words().length, y.words().length);
        return new ClkSet(ids, x.bits(), words);
    }
}
