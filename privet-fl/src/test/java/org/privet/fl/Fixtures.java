package org.privet.fl;

import org.privet.core.data.Dataset;
import org.privet.core.data.synthetic.SyntheticImages;
import org.privet.core.nn.Networks;
import org.privet.core.rng.Rng;

/** Small seeded federations for the runtime tests. */
final class Fixtures {
    /** 8x8 synthetic shapes, 6 classes, little noise: an MLP learns them in a few FedAvg rounds. */
    static final Dataset ALL = SyntheticImages.generate(2400, 6, 8, 0.15, 1, Rng.of(11));
    static final Dataset TRAIN = ALL.subset(range(0, 2000));
    static final Dataset TEST = ALL.subset(range(2000, 2400));

    private Fixtures() {
    }

    static FlModel mlp(long seed) {
        return new FlModel(() -> Networks.mlp(Rng.of(seed), 64, new int[] {32}, 6));
    }

    static int[] range(int from, int to) {
        int[] r = new int[to - from];
        for (int i = 0; i < r.length; i++) {
            r[i] = from + i;
        }
        return r;
    }
}
