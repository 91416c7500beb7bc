package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;

/** Test fixtures shared by the SecAgg and SecAgg+ round tests: seeded inputs, the plain sum, a tampering filter. */
final class SecAggFixtures {
    private SecAggFixtures() {
    }

    /** One vector per client of uniform elements in {@code [0, 2^bits)}, from a seeded {@link Random}. */
    static long[][] inputs(SecAggConfig c, long seed) {
        Random r = new Random(seed);
        long[][] x = new long[c.clients()][c.dimension()];
        for (long[] row : x) {
            for (int i = 0; i < row.length; i++) {
                row[i] = r.nextLong() & c.mask();
            }
        }
        return x;
    }

    /** The sum modulo {@code 2^bits} of the inputs of the {@code included} clients (ids from 1). */
    static long[] plainSum(SecAggConfig c, long[][] x, int[] included) {
        long[] s = new long[c.dimension()];
        for (int id : included) {
            for (int i = 0; i < s.length; i++) {
                s[i] += x[id - 1][i];
            }
        }
        for (int i = 0; i < s.length; i++) {
            s[i] &= c.mask();
        }
        return s;
    }

    /**
     * Tampers with the masked inputs of a round of 20-bit elements (3 bytes each) and dimension 10: client 3 claims 9
     * elements and sends 9, client 6 sets bit 23 of element 4 (out of {@code [0, 2^20)}).
     */
    static SecAggRound.ClientFilter wrongLengthFrom3OutOfRangeFrom6() {
        return (client, phase, m) -> {
            if (phase != SecAggPhase.MASKED_INPUT_COLLECTION) {
                return m;
            }
            if (client == 3) { // claims 9 elements, sends 9 * 3 bytes
                byte[] t = Arrays.copyOf(m, m.length - 3);
                t[8] = 9;
                return t;
            }
            if (client == 6) { // element 4 gets bit 23 set: out of [0, 2^20)
                byte[] t = m.clone();
                t[9 + 4 * 3 + 2] |= (byte) 0x80;
                return t;
            }
            return m;
        };
    }

    /** The round under {@link #wrongLengthFrom3OutOfRangeFrom6()} summed the others exactly and said why 3 and 6 were out. */
    static void assertSumWithoutClients3And6(SecAggConfig c, long[][] x, SecAggResult r) {
        assertThat(r.sum()).containsExactly(plainSum(c, x, r.included()));
        assertThat(r.excluded().get(3)).contains("wrong vector length: 9 elements, the round's dimension is 10");
        assertThat(r.excluded().get(6)).contains("element 4 is out of range [0, 2^k)");
    }
}
