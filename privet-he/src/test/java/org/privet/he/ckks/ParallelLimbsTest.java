package org.privet.he.ckks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.privet.he.ring.Parallel;

/** Limb-parallel execution gives bit-identical ciphertexts to the sequential one. */
class ParallelLimbsTest {
    @Test
    void twoThreadsGiveTheSameCiphertexts() {
        Fixture f = Fixture.small();
        double[] x = Fixture.randomValues(f.params.slots(), 51);
        Ciphertext a = f.encryptor.encrypt(x);
        Ciphertext b = f.encryptor.encrypt(x);
        Ciphertext seq = f.evaluator.rotate(f.evaluator.multiplyRelinRescale(a, b), 3);
        Ciphertext par;
        try {
            Parallel.setThreads(2);
            assertThat(Parallel.threads()).isEqualTo(2);
            par = f.evaluator.rotate(f.evaluator.multiplyRelinRescale(a, b), 3);
        } finally {
            Parallel.setThreads(1);
        }
        assertThat(par.degree()).isEqualTo(seq.degree());
        for (int i = 0; i <= seq.degree(); i++) {
            assertThat(par.component(i).sameValue(seq.component(i))).as("component %d", i).isTrue();
        }
        assertThatThrownBy(() -> Parallel.setThreads(0)).hasMessageContaining("Provided value: 0");
    }
}
