package org.privet.core.data.split;

import org.privet.core.data.Dataset;

/**
 * A split of a data set into disjoint train and test index sets (indices into {@code source},
 * ascending). Immutable: the accessors return copies.
 */
public final class TrainTestSplit {
    private final Dataset source;
    private final int[] train;
    private final int[] test;

    TrainTestSplit(Dataset source, int[] train, int[] test) {
        this.source = source;
        this.train = train;
        this.test = test;
    }

    public Dataset source() {
        return source;
    }

    /** Indices of the training examples in {@link #source()}, ascending. */
    public int[] trainIndices() {
        return train.clone();
    }

    /** Indices of the test examples in {@link #source()}, ascending. */
    public int[] testIndices() {
        return test.clone();
    }

    /** The training examples (copied). */
    public Dataset train() {
        return source.subset(train);
    }

    /** The test examples (copied). */
    public Dataset test() {
        return source.subset(test);
    }
}
