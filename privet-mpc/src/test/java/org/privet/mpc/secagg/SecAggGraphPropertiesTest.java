package org.privet.mpc.secagg;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The SecAgg+ graph: k-regular, symmetric, connected, the same from the same seed. */
class SecAggGraphPropertiesTest {
    @Property(tries = 50, seed = "20201104") // fixed seed: reproducible runs
    void hararyGraphIsKRegularSymmetricAndConnected(@ForAll @IntRange(min = 4, max = 160) int n,
                                                    @ForAll @IntRange(min = 1, max = 79) int halfDegree,
                                                    @ForAll long seed) {
        int k = 2 * Math.min(halfDegree, (n - 2) / 2);
        byte[] s = new byte[32];
        new Random(seed).nextBytes(s);
        SecAggGraph g = SecAggGraph.harary(n, k, s);
        int[] visitedOrder = new int[n + 1];
        for (int u = 1; u <= n; u++) {
            int[] nb = g.neighbours(u);
            assertThat(nb).hasSize(k).doesNotContain(u).isSorted().doesNotHaveDuplicates();
            for (int v : nb) {
                if (v < 1 || v > n || !g.adjacent(v, u)) {
                    throw new AssertionError("neighbour " + v + " of " + u + " out of range or not symmetric");
                }
            }
            assertThat(g.neighboursAndSelf(u)).hasSize(k + 1).contains(u).isSorted();
        }
        int edges = 0;
        for (int u = 1; u <= n; u++) {
            for (int v = 1; v <= n; v++) {
                if (g.adjacent(u, v)) {
                    edges++;
                }
            }
        }
        assertThat(edges).isEqualTo(n * k); // each edge counted twice: n k / 2 edges
        // connected: breadth-first search from client 1 reaches everybody
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        queue.add(1);
        visitedOrder[1] = 1;
        int seen = 1;
        while (!queue.isEmpty()) {
            for (int v : g.neighbours(queue.poll())) {
                if (visitedOrder[v] == 0) {
                    visitedOrder[v] = 1;
                    seen++;
                    queue.add(v);
                }
            }
        }
        assertThat(seen).isEqualTo(n);
        // the same seed gives the same graph; the labelling depends on the seed
        SecAggGraph again = SecAggGraph.harary(n, k, s.clone());
        for (int u = 1; u <= n; u++) {
            if (!java.util.Arrays.equals(again.neighbours(u), g.neighbours(u))) {
                throw new AssertionError("the same seed gave another graph at client " + u);
            }
        }
    }

    @Test
    void differentSeedsGiveDifferentLabellingsAndBadArgumentsAreRefused() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        b[0] = 1;
        // two random labellings of 200 clients agree on client 1's 10 neighbours with negligible probability
        assertThat(SecAggGraph.harary(200, 10, a).neighbours(1)).isNotEqualTo(SecAggGraph.harary(200, 10, b).neighbours(1));
        assertThatThrownBy(() -> SecAggGraph.harary(10, 3, a)).hasMessageContaining("degree must be even and in [2, 8]");
        assertThatThrownBy(() -> SecAggGraph.harary(10, 9, a)).hasMessageContaining("Provided value: 9");
        assertThatThrownBy(() -> SecAggGraph.harary(10, 4, new byte[16])).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecAggGraph.harary(10, 4, a).neighbours(11)).hasMessageContaining("client id must be in [1, 10]");
        SecAggGraph full = SecAggGraph.complete(5);
        assertThat(full.neighbours(3)).containsExactly(1, 2, 4, 5);
        assertThat(full.isComplete()).isTrue();
    }
}
