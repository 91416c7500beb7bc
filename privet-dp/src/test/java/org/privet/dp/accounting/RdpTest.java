package org.privet.dp.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RdpTest {

    @Test
    void opacusKnownAnswer() {
        // Opacus tests/accountants_test.py: sigma=1.5, q=0.04, 2250 steps, delta=1e-5 -> 7.3291 (RDP accountant)
        Rdp.Epsilon e = Rdp.epsilon(0.04, 1.5, 2250, 1e-5);
        assertThat(e.epsilon()).isCloseTo(7.3291, within(5e-5));
    }

    @Test
    void printSome() {
        double[] orders = {1.5, 2, 2.5, 3, 10, 10.5, 32};
        double[] r = Rdp.subsampledGaussian(0.04, 1.5, 1, orders);
        for (int i = 0; i < r.length; i++) {
            System.out.println(orders[i] + " " + r[i]);
        }
        System.out.println(Rdp.epsilon(0.04, 1.5, 2250, 1e-5));
    }
}
