package org.privet.dp.sgd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DpSgdConfigTest {

    private static DpSgdConfig.Builder ok() {
        return DpSgdConfig.builder().noiseMultiplier(1).expectedBatchSize(64).epochs(1);
    }

    @Test
    void defaultsAreSecureAndValid() {
        DpSgdConfig c = ok().build();
        assertThat(c.insecureTestSeed()).isEmpty();
        assertThat(c.clipping()).isEqualTo(ClippingMode.GHOST);
        assertThat(c.delta()).isEqualTo(1e-5);
        assertThat(c.sampleRate(6400)).isEqualTo(0.01);
    }

    @Test
    void errorsSayTheRuleAndTheValue() {
        assertThatThrownBy(() -> ok().noiseMultiplier(-1).build())
                .hasMessage("DP-SGD: noise multiplier must be >= 0 and finite. Provided value: -1.0");
        assertThatThrownBy(() -> ok().targetEpsilon(0).build())
                .hasMessage("DP-SGD: target epsilon must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> ok().delta(1).build())
                .hasMessage("DP-SGD: delta must be in (0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> ok().clipNorm(Float.NaN).build())
                .hasMessage("DP-SGD: clip norm must be > 0 and finite. Provided value: NaN");
        assertThatThrownBy(() -> ok().sampleRate(0).build())
                .hasMessage("DP-SGD: sample rate must be in (0, 1]. Provided value: 0.0");
        assertThatThrownBy(() -> ok().expectedBatchSize(-3).build())
                .hasMessage("DP-SGD: expected batch size must be >= 1. Provided value: -3");
        assertThatThrownBy(() -> ok().epochs(-2).build())
                .hasMessage("DP-SGD: epochs must be >= 1. Provided value: -2");
        assertThatThrownBy(() -> ok().steps(-5).build())
                .hasMessage("DP-SGD: steps must be >= 1. Provided value: -5");
        assertThatThrownBy(() -> ok().learningRate(0).build())
                .hasMessage("DP-SGD: learning rate must be > 0 and finite. Provided value: 0.0");
        assertThatThrownBy(() -> ok().sgd(1f).build())
                .hasMessage("DP-SGD: momentum must be in [0, 1). Provided value: 1.0");
        assertThatThrownBy(() -> ok().accountant(null).build())
                .hasMessage("DP-SGD: accountant must be RDP or PLD. Provided value: null");
        assertThatThrownBy(() -> new AdaptiveClipping(1.5, 0.2, 1, 1f))
                .hasMessage("adaptive clipping: target quantile must be in (0, 1). Provided value: 1.5");
        assertThatThrownBy(() -> ok().build().sampleRate(10))
                .hasMessage("DP-SGD: expected batch size must be <= the number of records 10. Provided value: 64");
    }

    @Test
    void exactlyOneOfEachAlternativeMustBeGiven() {
        assertThatThrownBy(() -> DpSgdConfig.builder().expectedBatchSize(8).epochs(1).build())
                .hasMessage("DP-SGD: give exactly one of noise multiplier and target epsilon. Provided:"
                        + " noiseMultiplier=NaN, targetEpsilon=NaN");
        assertThatThrownBy(() -> DpSgdConfig.builder().noiseMultiplier(1).epochs(1).build())
                .hasMessage("DP-SGD: give exactly one of sample rate and expected batch size. Provided:"
                        + " sampleRate=NaN, expectedBatchSize=0");
        assertThatThrownBy(() -> DpSgdConfig.builder().noiseMultiplier(1).sampleRate(0.1).build())
                .hasMessage("DP-SGD: give exactly one of epochs and steps. Provided: epochs=0, steps=0");
    }
}
