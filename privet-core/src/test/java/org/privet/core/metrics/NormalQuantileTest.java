package org.privet.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NormalQuantileTest {
    @Test
    void knownQuantiles() {
        // reference values: R qnorm()
        assertThat(NormalQuantile.of(0.5)).isCloseTo(0.0, within(1e-12));
        assertThat(NormalQuantile.of(0.975)).isCloseTo(1.959963984540054, within(1e-8));
        assertThat(NormalQuantile.of(0.01)).isCloseTo(-2.326347874040841, within(1e-8));
        assertThat(NormalQuantile.of(1e-10)).isCloseTo(-6.361340902404056, within(1e-7));
        assertThat(NormalQuantile.of(0.999)).isCloseTo(3.090232306167813, within(1e-8));
        assertThatThrownBy(() -> NormalQuantile.of(1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
    }
}
