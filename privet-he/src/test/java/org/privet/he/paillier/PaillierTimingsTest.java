package org.privet.he.paillier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class PaillierTimingsTest {
    @Test
    void measuresEveryOperation() {
        PaillierTimings.Result r = PaillierTimings.measure(512, 2, new SecureRandom());
        assertThat(r.bits()).isEqualTo(512);
        for (double v : new double[] {r.keyGenMillis(), r.encryptPublic(), r.encryptCrt(), r.encryptDjn(), r.encryptPooled(),
                r.decrypt(), r.add(), r.addPlain(), r.multiplyPlain()}) {
            assertThat(v).isPositive().isFinite();
        }
        assertThatThrownBy(() -> PaillierTimings.measure(256, 1, new SecureRandom())).hasMessageContaining("512");
    }
}
