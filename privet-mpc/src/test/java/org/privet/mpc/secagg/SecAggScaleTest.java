package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.privet.mpc.secagg.InsecureRandom.insecureForTests;

import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Larger rounds (tens of seconds): run with -Pslow. */
@Tag("slow")
class SecAggScaleTest {
    @Test
    void twoHundredClientsWithThirtyPercentDroppingAfterShareKeys() {
        int n = 200;
        SecAggConfig c = SecAggConfig.withDefaultThreshold(n, 10_000, 32); // t = 134
        Random r = new Random(200);
        long[][] x = new long[n][c.dimension()];
        long[] expected = new long[c.dimension()];
        SecAggRound.Dropouts d = new SecAggRound.Dropouts();
        for (int id = 1; id <= n; id++) {
            for (int i = 0; i < c.dimension(); i++) {
                x[id - 1][i] = r.nextInt(1 << 16);
            }
            if (id % 10 < 3) { // 30% drop before sending their masked input: the server's worst case
                d.before(SecAggPhase.MASKED_INPUT_COLLECTION, id);
            } else {
                for (int i = 0; i < c.dimension(); i++) {
                    expected[i] += x[id - 1][i];
                }
            }
        }
        SecAggResult res = SecAggRound.run(c, x, insecureForTests(1), d);
        assertThat(res.included()).hasSize(140);
        assertThat(res.sum()).containsExactly(expected);
    }
}
