package org.privet.core.data.synthetic;

import java.util.ArrayList;
import java.util.List;
import org.privet.core.data.Column;
import org.privet.core.data.Dataset;
import org.privet.core.data.Schema;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;

/**
 * Purchase-100-like data, built the way Shokri et al. (2017, "Membership Inference Attacks Against
 * Machine Learning Models", section V.A) built Purchase-100 from shopping histories: each record is
 * a binary vector over {@code features} products (1 = the customer bought it), and the class is the
 * record's cluster under k-means with {@code classes} clusters. There is no ground-truth class
 * beyond the clustering, exactly as in the original.
 *
 * <p>The shopping histories are generated (the Kaggle "Acquire Valued Shoppers" data is not
 * redistributable): product popularity follows a Zipf law (exponent 0.8) scaled so a customer buys
 * about {@code 3%} of products by chance; {@code archetypes} shopper types each favour a random
 * tenth of the products with an affinity drawn uniformly from [0.3, 0.9]; each customer follows one
 * archetype, and with probability 1/2 also a second one at half strength. Product {@code j} is bought
 * independently with probability {@code 1 - (1 - pop_j)(1 - a_j)(1 - b_j / 2)}. The result is sparse
 * (about 10% ones) and clusterable, as the real data is. The generator then clusters the vectors
 * with {@link KMeans} (k-means++, at most 50 Lloyd iterations) to assign labels
 * {@code c0 .. c(classes-1)}.
 *
 * <p>Features: {@code [records, features]} in {0, 1}, columns {@code item0 ..}. Deterministic for
 * a given {@link Rng} seed. Stateless and thread safe (the Rng is not).
 */
public final class PurchaseLike {
    private PurchaseLike() {
    }

    /**
     * Generates with {@code 2 * classes} archetypes (at least 4).
     *
     * @param records  number of records, >= classes
     * @param features number of products, >= 10
     * @param classes  number of k-means clusters, >= 2
     */
    public static Dataset generate(int records, int features, int classes, Rng rng) {
        return generate(records, features, classes, Math.max(4, 2 * classes), rng);
    }

    /** As {@link #generate(int, int, int, Rng)} with an explicit number of shopper archetypes (>= 1). */
    public static Dataset generate(int records, int features, int classes, int archetypes, Rng rng) {
        if (features < 10) {
            throw new IllegalArgumentException("features must be >= 10. Provided value: " + features);
        }
        if (classes < 2 || records < classes) {
            throw new IllegalArgumentException("need classes >= 2 and records >= classes. Provided value: classes="
                    + classes + ", records=" + records);
        }
        if (archetypes < 1) {
            throw new IllegalArgumentException("archetypes must be >= 1. Provided value: " + archetypes);
        }
        Rng gen = rng.child("purchase-histories");
        double[] pop = new double[features];
        double zsum = 0;
        for (int j = 0; j < features; j++) {
            pop[j] = Math.pow(j + 1, -0.8);
            zsum += pop[j];
        }
        int[] order = gen.permutation(features); // which product gets which popularity rank
        double[] base = new double[features];
        for (int j = 0; j < features; j++) {
            base[order[j]] = Math.min(0.5, pop[j] / zsum * features * 0.03);
        }
        int fav = Math.max(1, features / 10);
        double[][] affinity = new double[archetypes][features];
        for (int a = 0; a < archetypes; a++) {
            int[] p = gen.permutation(features);
            for (int t = 0; t < fav; t++) {
                affinity[a][p[t]] = 0.3 + 0.6 * gen.nextDouble();
            }
        }
        float[] x = new float[records * features];
        for (int i = 0; i < records; i++) {
            double[] a = affinity[gen.nextInt(archetypes)];
            double[] b = gen.nextBoolean() ? affinity[gen.nextInt(archetypes)] : null;
            for (int j = 0; j < features; j++) {
                double notBuy = (1 - base[j]) * (1 - a[j]) * (b == null ? 1 : 1 - 0.5 * b[j]);
                if (gen.nextDouble() >= notBuy) {
                    x[i * features + j] = 1f;
                }
            }
        }
        KMeans.Result km = KMeans.fit(x, records, features, classes, 50, rng.child("purchase-kmeans"));
        List<Column> cols = new ArrayList<>(features + 1);
        for (int j = 0; j < features; j++) {
            cols.add(Column.numeric("item" + j));
        }
        List<String> names = new ArrayList<>(classes);
        for (int c = 0; c < classes; c++) {
            names.add("c" + c);
        }
        cols.add(Column.label("cluster", names));
        return new Dataset("purchase" + classes, Tensor.wrap(x, records, features), km.assignment(),
                Schema.tabular(cols));
    }
}
