package org.privet.core.data.split;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.privet.core.data.Dataset;
import org.privet.core.rng.Rng;

/**
 * Seeded, stratified splits. The same data set, arguments and {@link Rng} seed give the same split.
 * Each method draws from a named child of the given generator, so a split does not depend on what
 * else was drawn from it first. Stateless and thread safe (the Rng argument is not).
 */
public final class Splits {
    private Splits() {
    }

    /**
     * A stratified train/test split: {@code round(testFraction * n)} test examples whose class
     * counts are proportional to the data set's (largest remainder rounding, so each class is within
     * one example of its exact share), chosen uniformly at random within each class.
     *
     * @param testFraction in (0, 1)
     */
    public static TrainTestSplit trainTest(Dataset data, double testFraction, Rng rng) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("testFraction must be in (0, 1). Provided value: " + testFraction);
        }
        int n = data.size();
        int nTest = (int) Math.round(testFraction * n);
        if (nTest == 0 || nTest == n) {
            throw new IllegalArgumentException("testFraction " + testFraction + " of " + n
                    + " examples leaves an empty train or test split");
        }
        int[][] byClass = shuffledByClass(data, rng.child("train-test"));
        int[] counts = data.classCounts();
        int[] quota = Allocation.allocate(nTest, counts, counts);
        int[] test = new int[nTest];
        int[] train = new int[n - nTest];
        int t = 0;
        int r = 0;
        for (int c = 0; c < byClass.length; c++) {
            for (int i = 0; i < byClass[c].length; i++) {
                if (i < quota[c]) {
                    test[t++] = byClass[c][i];
                } else {
                    train[r++] = byClass[c][i];
                }
            }
        }
        Arrays.sort(test);
        Arrays.sort(train);
        return new TrainTestSplit(data, train, test);
    }

    /**
     * Stratified k-fold: within each class the examples are shuffled and dealt to the folds in turn,
     * the dealing of each class continuing where the previous class stopped, so fold sizes differ by
     * at most one and each fold's class counts are within one of the exact share.
     *
     * @param k number of folds, in [2, n]
     */
    public static List<Fold> kFold(Dataset data, int k, Rng rng) {
        int n = data.size();
        if (k < 2 || k > n) {
            throw new IllegalArgumentException("k must be in [2, " + n + "]. Provided value: " + k);
        }
        int[][] byClass = shuffledByClass(data, rng.child("k-fold"));
        int[] foldOf = new int[n];
        int next = 0;
        for (int[] members : byClass) {
            for (int idx : members) {
                foldOf[idx] = next;
                next = (next + 1) % k;
            }
        }
        int[] size = new int[k];
        for (int f : foldOf) {
            size[f]++;
        }
        List<Fold> folds = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            int[] test = new int[size[f]];
            int[] train = new int[n - size[f]];
            int t = 0;
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (foldOf[i] == f) {
                    test[t++] = i;
                } else {
                    train[r++] = i;
                }
            }
            folds.add(new Fold(f, train, test));
        }
        return List.copyOf(folds);
    }

    /** Example indices grouped by class, each group in a random order drawn from {@code rng}. */
    static int[][] shuffledByClass(Dataset data, Rng rng) {
        int[] counts = data.classCounts();
        int[][] byClass = new int[counts.length][];
        for (int c = 0; c < counts.length; c++) {
            byClass[c] = new int[counts[c]];
        }
        int[] fill = new int[counts.length];
        for (int i = 0; i < data.size(); i++) {
            int c = data.label(i);
            byClass[c][fill[c]++] = i;
        }
        for (int[] g : byClass) {
            rng.shuffle(g);
        }
        return byClass;
    }
}
