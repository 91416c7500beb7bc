package org.privet.core.data.split;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

class SplitProperties {
    static Dataset data(int n, int classes, long seed) {
        Rng r = Rng.of(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            // skewed class frequencies: class c drawn with weight c + 1
            int u = r.nextInt(classes * (classes + 1) / 2);
            int c = 0;
            while (u >= c + 1) {
                u -= c + 1;
                c++;
            }
            y[i] = c;
        }
        List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        return new Dataset("p", Tensor.zeros(n, 1), y, Schema.numeric(1, names));
    }

    @Property(tries = 100, seed = "7")
    void attackPoolsAreDisjointAndExactlySized(@ForAll @IntRange(min = 3, max = 300) int n,
            @ForAll @IntRange(min = 1, max = 6) int classes, @ForAll @IntRange(min = 1, max = 100) int a,
            @ForAll @IntRange(min = 1, max = 100) int b, @ForAll @IntRange(min = 0, max = 100) int c,
            @ForAll long seed) {
        Dataset d = data(n, classes, seed);
        if (a + b + c > n) {
            return; // covered by the size check in SplitsTest
        }
        AttackSplits s = AttackSplits.create(d, a, b, c, Rng.of(seed));
        assertThat(s.memberIndices()).hasSize(a);
        assertThat(s.nonMemberIndices()).hasSize(b);
        assertThat(s.referenceIndices()).hasSize(c);
        BitSet seen = new BitSet(n);
        for (int[] pool : List.of(s.memberIndices(), s.nonMemberIndices(), s.referenceIndices())) {
            for (int i : pool) {
                assertThat(i).isBetween(0, n - 1);
                assertThat(seen.get(i)).isFalse();
                seen.set(i);
            }
        }
        // the first pool never runs short, so each of its classes is within one of its exact share
        int[] all = d.classCounts();
        int[] got = new int[classes];
        for (int i : s.memberIndices()) {
            got[d.label(i)]++;
        }
        for (int k = 0; k < classes; k++) {
            assertThat(Math.abs(got[k] - (double) a * all[k] / n)).isLessThan(1.0);
        }
    }
}
