package org.privet.mpc.shamir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Shamir properties over random secrets, thresholds and share subsets. */
class ShamirPropertiesTest {
    @Property(tries = 60, seed = "20261128") // fixed seed: reproducible runs
    void anyThresholdSubsetReconstructsAndOneFewerIsRefused(@ForAll @Size(min = 1, max = 70) List<Byte> secretBytes,
                                                           @ForAll @IntRange(min = 1, max = 9) int threshold,
                                                           @ForAll @IntRange(min = 0, max = 5) int extra,
                                                           @ForAll long seed) {
        byte[] secret = new byte[secretBytes.size()];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = secretBytes.get(i);
        }
        Random r = new Random(seed);
        int n = threshold + extra;
        long[] xs = r.longs(n, 1, PrimeField61.P).distinct().toArray();
        if (xs.length < threshold) {
            return; // a collision among random x (probability ~ n^2 / 2^61): nothing to test
        }
        ShamirSharing s = new ShamirSharing(threshold);
        List<ShamirShare> shares = new ArrayList<>(List.of(s.splitInsecureForTests(secret, xs, r)));
        Collections.shuffle(shares, r);
        assertThat(s.reconstruct(shares.subList(0, threshold))).isEqualTo(secret);
        assertThat(s.reconstruct(shares)).isEqualTo(secret); // all of them: the extra ones are checked
        if (threshold > 1) {
            assertThatThrownBy(() -> s.reconstruct(shares.subList(0, threshold - 1)))
                    .hasMessageContaining("too few shares");
        }
    }
}
