package org.privet.pprl.harden;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HardeningTest {
    private static long[] random(int bits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] w = new long[BitVectors.words(bits)];
        for (int i = 0; i < bits; i++) {
            if (r.nextBoolean()) {
                BitVectors.set(w, 0, i);
            }
        }
        return w;
    }

    @Test
    void rule90KnownAnswerAndBothPathsAgreeWithTheDefinition() {
        // 8 bits 1000_0000 (bit 0 set): neighbours of bit 0 are bits 7 and 1 -> those two set
        long[] out = new long[1];
        Rule90.apply(new long[] {1L}, 0, 8, out, 0);
        assertThat(out[0]).isEqualTo(0b1000_0010L);
        for (int bits : new int[] {64, 128, 100, 1000, 1024}) {
            long[] in = random(bits, bits);
            long[] o = new long[in.length];
            Rule90.apply(in, 0, bits, o, 0);
            for (int i = 0; i < bits; i++) {
                boolean want = BitVectors.get(in, 0, (i + bits - 1) % bits) ^ BitVectors.get(in, 0, (i + 1) % bits);
                assertThat(BitVectors.get(o, 0, i)).as("bits=%d i=%d", bits, i).isEqualTo(want);
            }
            long[] copy = o.clone();
            BitVectors.clearTail(copy, 0, bits);
            assertThat(copy).isEqualTo(o);
        }
    }

    @Test
    void xorFoldingXorsTheHalves() {
        for (int bits : new int[] {128, 1024, 1000, 200}) {
            long[] in = random(bits, 7 + bits);
            long[] o = new long[BitVectors.words(bits / 2)];
            XorFolding.apply(in, 0, bits, o, 0);
            for (int i = 0; i < bits / 2; i++) {
                assertThat(BitVectors.get(o, 0, i)).isEqualTo(BitVectors.get(in, 0, i) ^ BitVectors.get(in, 0, i + bits / 2));
            }
        }
    }

    @Test
    void balancingGivesExactlyHalfOnesUnderAKeyedPermutation() {
        byte[] key = new byte[32];
        key[0] = 1;
        int[] p = Balancing.keyedPermutation(key, 2000);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertThat(sorted[i]).isEqualTo(i);
        }
        byte[] other = key.clone();
        other[0] = 2;
        assertThat(Balancing.keyedPermutation(other, 2000)).isNotEqualTo(p);
        assertThat(Balancing.keyedPermutation(key, 2000)).isEqualTo(p);
        Balancing b = new Balancing(1000, key);
        for (long seed = 0; seed < 5; seed++) {
            long[] in = random(1000, seed);
            long[] o = new long[BitVectors.words(2000)];
            b.apply(in, 0, o, 0);
            assertThat(BitVectors.popcount(o, 0, o.length)).isEqualTo(1000);
        }
        // identical inputs stay identical, different ones differ in twice the positions
        long[] x = random(1000, 1);
        long[] y = x.clone();
        y[0] ^= 1;
        long[] ox = new long[32];
        long[] oy = new long[32];
        b.apply(x, 0, ox, 0);
        b.apply(y, 0, oy, 0);
        int diff = 0;
        for (int i = 0; i < 32; i++) {
            diff += Long.bitCount(ox[i] ^ oy[i]);
        }
        assertThat(diff).isEqualTo(2);
    }

    @Test
    void blipFlipsEachBitWithItsProbability() {
        // 200 vectors x 1000 bits, p = 0.1: 20000 expected flips, sd ~134; a 5% band (1000 = 7.5 sd) fails with
        // probability < 1e-12. Also every bit position must be reachable (no skew to the front).
        Blip b = Blip.insecureSeeded(0.1, 42);
        int flips = 0;
        int lastHalf = 0;
        for (int r = 0; r < 200; r++) {
            long[] w = new long[16];
            b.apply(w, 0, 1000);
            flips += BitVectors.popcount(w, 0, 16);
            for (int i = 500; i < 1000; i++) {
                lastHalf += BitVectors.get(w, 0, i) ? 1 : 0;
            }
            assertThat(w[15] >>> 40).isZero(); // nothing past bit 1000
        }
        assertThat(flips).isBetween(19000, 21000);
        assertThat(lastHalf).isBetween(9300, 10700);
        assertThat(b.epsilon(40)).isCloseTo(40 * Math.log(9), org.assertj.core.data.Offset.offset(1e-9));
    }
}
