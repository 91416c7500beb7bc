package org.privet.attacks.reconstruct;

import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Dense;
import org.privet.core.nn.Flatten;
import org.privet.core.nn.ReLU;
import org.privet.core.nn.Sequential;
import org.privet.core.nn.Sigmoid;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/** Small models and images shared by the reconstruction tests. */
final class Fixtures {
    static final int SIZE = 16;
    static final int[] SHAPE = {1, SIZE, SIZE};

    private Fixtures() {
    }

    /** 16x16 synthetic images, 10 classes, seeded. */
    static Dataset images(int n, long seed) {
        return SyntheticImages.generate(n, 10, SIZE, 0.05, 2, Rng.of(seed));
    }

    /** flatten-dense(256, hidden)-relu-dense(hidden, 10). */
    static Sequential reluMlp(int hidden, long seed) {
        Rng rng = Rng.of(seed);
        return new Sequential(new Flatten(), new Dense(SIZE * SIZE, hidden, rng.child("l", 0)), new ReLU(),
                new Dense(hidden, 10, rng.child("l", 1)));
    }

    /** flatten-dense(256, hidden)-sigmoid-dense(hidden, 10): the smooth network of DLG's experiments. */
    static Sequential sigmoidMlp(int hidden, long seed) {
        Rng rng = Rng.of(seed);
        return new Sequential(new Flatten(), new Dense(SIZE * SIZE, hidden, rng.child("l", 0)), new Sigmoid(),
                new Dense(hidden, 10, rng.child("l", 1)));
    }

    static Tensor rows(Dataset d, int from, int to) {
        return d.features().sliceRows(from, to);
    }

    static int[] labels(Dataset d, int from, int to) {
        return java.util.Arrays.copyOfRange(d.labels(), from, to);
    }
}
