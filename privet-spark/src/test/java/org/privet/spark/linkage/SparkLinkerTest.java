package org.privet.spark.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.ClkBlocking;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.spark.FaultInjection;
import org.privet.spark.TestSpark;

/**
 * Linkage on Spark equals the local {@link Linker} on the same inputs: matches (indices, ids, scores in order),
 * comparison and candidate counts. Deterministic (seeded data), no tolerance. The data are chosen so that the
 * blocking leaves some true pairs unblocked and blocks contain non-matches: not a trivial case.
 */
class SparkLinkerTest {
    private final JavaSparkContext spark = TestSpark.context();
    // 700 x 700 records of 512 bits, 400 noisy copies (5% of bits flipped): pairs around Dice 0.85-0.95
    private final ClkSet[] ab = SyntheticClks.pair(700, 400, 512, 0.3, 0.05, 11);

    private void assertSame(LinkOptions o, FaultInjection faults) {
        Linker.LinkResult local = Linker.run(ab[0], ab[1], o);
        Linker.LinkResult onSpark = SparkLinker.run(spark, ab[0], ab[1], o, faults);
        assertThat(local.matches()).isNotEmpty();
        assertThat(onSpark.matches()).containsExactlyElementsOf(local.matches());
        assertThat(onSpark.comparisons()).isEqualTo(local.comparisons());
        assertThat(onSpark.candidates()).isEqualTo(local.candidates());
    }

    @Test
    void hammingLshBlockingGivesTheLocalMatchesAndCounts() {
        // 16-bit keys in 6 tables: blocks hold unrelated records too, and a record shares several keys with its copy
        LinkOptions o = LinkOptions.builder().threshold(0.7).blocking(new HammingLsh(16, 6, 3)).threads(1).build();
        Linker.LinkResult local = Linker.run(ab[0], ab[1], o);
        assertThat(local.comparisons()).isGreaterThan(400).isLessThan(700L * 700 / 4);
        assertSame(o, FaultInjection.NONE);
    }

    @Test
    void blockingWithTopKAndAllPairsOutputMatchLocally() {
        assertSame(LinkOptions.builder().threshold(0.5).topK(2).oneToOne(false).blocking(new HammingLsh(12, 8, 5))
                .threads(1).build(), FaultInjection.NONE);
    }

    @Test
    void noBlockingRunsTheLocalKernelPerChunkAndMatchesLocally() {
        assertSame(LinkOptions.builder().threshold(0.6).threads(1).build(), FaultInjection.NONE);
        assertSame(LinkOptions.builder().threshold(0.3).topK(3).threads(1).build(), FaultInjection.NONE);
    }

    @Test
    void precomputedBlockKeysAreJoinedLikeLocally() {
        // keys: record index mod 7 and mod 11 (two keys each, overlapping blocks)
        long[][] ka = new long[ab[0].size()][];
        long[][] kb = new long[ab[1].size()][];
        for (int i = 0; i < ka.length; i++) {
            ka[i] = new long[] {i % 7, 100 + i % 11};
            kb[i] = new long[] {i % 7, 100 + i % 11, 100 + i % 11};
        }
        assertSame(LinkOptions.builder().threshold(0.4).blockKeys(BlockKeys.of(ka), BlockKeys.of(kb)).threads(1)
                .build(), FaultInjection.NONE);
    }

    @Test
    void tasksThatFailOnceAreRetriedWithoutChangingTheResult() {
        assertSame(LinkOptions.builder().threshold(0.7).blocking(new HammingLsh(16, 6, 3)).threads(1).build(),
                FaultInjection.failFirstAttempt());
        assertSame(LinkOptions.builder().threshold(0.7).threads(1).build(), FaultInjection.failFirstAttempt());
    }

    @Test
    void anotherBlockingSchemeOrMismatchedBitsAreRefused() {
        ClkBlocking custom = new ClkBlocking() {
            @Override
            public BlockKeys keys(ClkSet set) {
                return BlockKeys.of(new long[set.size()][0]);
            }

            @Override
            public String describe() {
                return "custom";
            }
        };
        assertThatThrownBy(() -> SparkLinker.run(spark, ab[0], ab[1], LinkOptions.builder().blocking(custom).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'custom' cannot run on Spark");
        ClkSet small = SyntheticClks.pair(3, 0, 128, 0.3, 0, 1)[0];
        assertThatThrownBy(() -> SparkLinker.run(spark, ab[0], small, LinkOptions.threshold(0.8)))
                .hasMessageContaining("same bit length: 512 != 128");
        assertThat(List.of(ab[0].size(), ab[1].size())).containsExactly(700, 700);
    }
}
