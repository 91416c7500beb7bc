package org.privet.spark.linkage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.privet.pprl.block.BlockKeys;
import org.privet.pprl.block.HammingLsh;
import org.privet.pprl.clk.ClkSet;
import org.privet.pprl.link.CandidatePairs;
import org.privet.pprl.link.LinkOptions;
import org.privet.pprl.link.Linker;
import org.privet.spark.FaultInjection;
import org.privet.spark.TestSpark;

/**
 * The blocked search gives the local counts and pairs whatever the number of reduce partitions: one (every key in
 * one task), a few (the smallest shared key often lives in another partition than a shared key), and more than
 * 64 (the per-partition scan instead of the bit mask), with several chunks per side. Deterministic (seeded data), no tolerance.
 */
class SparkLinkerPartitionsTest {
    private final JavaSparkContext spark = TestSpark.context();
    private final ClkSet[] ab = SyntheticClks.pair(500, 300, 512, 0.3, 0.05, 23);

    private void assertLocal(LinkOptions o, SparkLinker.KeySource ka, SparkLinker.KeySource kb, int parts) {
        Linker.LinkResult local = Linker.run(ab[0], ab[1], o);
        // small chunks (97 and 130 records): a reduce task concatenates several batches of each side
        SparkLinker.Partial p = SparkLinker.blocked(spark, SparkLinker.chunks(spark, ab[0], ka, 97),
                SparkLinker.chunks(spark, ab[1], kb, 130), 512, o.threshold(), parts, FaultInjection.NONE);
        assertThat(p.comparisons).as("comparisons, %d partitions", parts).isEqualTo(local.comparisons());
        assertThat(p.pairs.size()).as("candidates, %d partitions", parts).isEqualTo(local.candidates());
        CandidatePairs pairs = p.pairs;
        pairs.sortByScore();
        // all-pairs output (no one-to-one): the matches are the candidate pairs in score order
        assertThat(pairs.size()).isEqualTo(local.matches().size());
        for (int i = 0; i < pairs.size(); i++) {
            assertThat(pairs.a(i)).isEqualTo(local.matches().get(i).indexA());
            assertThat(pairs.b(i)).isEqualTo(local.matches().get(i).indexB());
            assertThat(pairs.score(i)).isEqualTo(local.matches().get(i).score());
        }
    }

    @Test
    void lshBlockingGivesTheLocalResultForAnyPartitionCount() {
        HammingLsh lsh = new HammingLsh(14, 6, 9);
        LinkOptions o = LinkOptions.builder().threshold(0.6).oneToOne(false).blocking(lsh).threads(1).build();
        assertThat(Linker.run(ab[0], ab[1], o).comparisons()).isGreaterThan(300);
        SparkLinker.KeySource k = SparkLinker.KeySource.lsh(lsh);
        for (int parts : new int[] {1, 3, 70}) {
            assertLocal(o, k, k, parts);
        }
    }

    @Test
    void precomputedKeysGiveTheLocalResultForAnyPartitionCount() {
        long[][] ka = new long[ab[0].size()][];
        long[][] kb = new long[ab[1].size()][];
        for (int i = 0; i < ka.length; i++) {
            ka[i] = new long[] {i % 5, 100 + i % 13, -7 - i % 3};
            kb[i] = new long[] {i % 5, 100 + i % 13};
        }
        BlockKeys bka = BlockKeys.of(ka);
        BlockKeys bkb = BlockKeys.of(kb);
        LinkOptions o = LinkOptions.builder().threshold(0.4).oneToOne(false).blockKeys(bka, bkb).threads(1).build();
        for (int parts : new int[] {1, 2, 65}) {
            assertLocal(o, SparkLinker.KeySource.given(bka), SparkLinker.KeySource.given(bkb), parts);
        }
    }

    @Test
    void blockedChunksAreAboutTwoPerUnitOfParallelismWithinBounds() {
        assertThat(SparkLinker.blockedChunk(700, 4)).isEqualTo(SparkLinker.DEFAULT_CHUNK);
        assertThat(SparkLinker.blockedChunk(200_000, 2)).isEqualTo(50_000);
        assertThat(SparkLinker.blockedChunk(1_000_000, 2)).isEqualTo(SparkLinker.MAX_BLOCKED_CHUNK);
        assertThat(SparkLinker.blockedChunk(1_000_000, 160)).isEqualTo(SparkLinker.DEFAULT_CHUNK);
    }

    @Test
    void partitionOfStaysInRangeAndZeroPartitionsAreRefused() {
        for (int parts : new int[] {1, 2, 7, 64, 1000}) {
            for (long k = -50; k < 50; k++) {
                assertThat(SparkLinker.partitionOf(k * 0x1234567L, parts)).isBetween(0, parts - 1);
            }
        }
        assertThat(SparkLinker.partitionOf(Long.MIN_VALUE, 3)).isBetween(0, 2);
        assertThatThrownBy(() -> SparkLinker.blocked(spark, null, null, 512, 0.5, 0, FaultInjection.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("partitions must be >= 1. "
                        + "Provided value: 0");
    }
}
