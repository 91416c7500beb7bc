package org.privet.core.data.split;

/**
 * One fold of a k-fold split: the held-out {@code test} indices and the remaining {@code train}
 * indices, both ascending and disjoint, together covering the data set.
 *
 * @param index 0-based fold number
 * @param train training indices
 * @param test  held-out indices
 */
public record Fold(int index, int[] train, int[] test) {
    public Fold {
        train = train.clone();
        test = test.clone();
    }

    @Override
    public int[] train() {
        return train.clone();
    }

    @Override
    public int[] test() {
        return test.clone();
    }
}
