package org.privet.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.privet.core.rng.Rng;

class RngTest {
    @Test
    void childStreamsDoNotDependOnParentDraws() {
        Rng a = Rng.of(42);
        Rng b = Rng.of(42);
        for (int i = 0; i < 10; i++) {
            b.nextLong();
        }
        assertThat(a.child("shadow", 3).nextLong()).isEqualTo(b.child("shadow", 3).nextLong());
        assertThat(a.child("shadow", 3).nextLong()).isNotEqualTo(a.child("shadow", 4).nextLong());
        assertThat(a.child("x").nextLong()).isNotEqualTo(Rng.of(43).child("x").nextLong());
    }
}
