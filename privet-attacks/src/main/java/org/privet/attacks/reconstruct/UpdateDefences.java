package org.privet.attacks.reconstruct;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.privet.core.tensor.Tensor;

/**
 * Client-side transformations of an update, to measure how well each defence stops reconstruction.
 *
 * <ul>
 *   <li>{@link #prune}: gradient pruning (Zhu et al. 2019, Sec. 5): the smallest-magnitude fraction of each
 *       tensor's entries is set to zero;</li>
 *   <li>{@link #clipAndNoise}: the Gaussian mechanism of DP-FedAvg/DP-SGD applied to one update: scale to L2
 *       norm at most {@code C}, add {@code N(0, (sigma C)^2)} to every entry;</li>
 *   <li>{@link #aggregate}: what the server sees under secure aggregation: the sum of several clients'
 *       updates, never one of them.</li>
 * </ul>
 *
 * <p>These exist to evaluate attacks. The noise is {@link SecureRandom#nextGaussian()} in double precision:
 * fine for measuring an attack, but a deployed DP guarantee should come from privet-dp's mechanisms (which
 * guard against floating-point attacks on the noise). Inputs are never modified; results are new tensors.
 * Stateless and thread safe (a shared {@link Random} must itself be thread safe).
 */
public final class UpdateDefences {
    private UpdateDefences() {
    }

    /**
     * Zeroes the {@code fraction} of entries of smallest magnitude in every tensor (ties at the threshold are
     * zeroed too).
     *
     * @param fraction in [0, 1]
     */
    public static List<Tensor> prune(List<Tensor> update, double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be in [0, 1]. Provided value: " + fraction);
        }
        List<Tensor> out = new ArrayList<>(update.size());
        for (Tensor t : update) {
            float[] d = t.data();
            int drop = (int) Math.floor(fraction * d.length);
            float[] r = d.clone();
            if (drop > 0) {
                float[] mags = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    mags[i] = Math.abs(d[i]);
                }
                Arrays.sort(mags);
                float thr = mags[drop - 1];
                for (int i = 0; i < r.length; i++) {
                    if (Math.abs(r[i]) <= thr) {
                        r[i] = 0f;
                    }
                }
            }
            out.add(Tensor.wrap(r, t.shape()));
        }
        return out;
    }

    /** {@link #clipAndNoise(List, double, double, Random)} with a fresh {@link SecureRandom}. */
    public static List<Tensor> clipAndNoise(List<Tensor> update, double clipNorm, double noiseMultiplier) {
        return clipAndNoise(update, clipNorm, noiseMultiplier, new SecureRandom());
    }

    /**
     * Clips the whole update to L2 norm {@code clipNorm} and adds Gaussian noise of standard deviation
     * {@code noiseMultiplier * clipNorm} to every entry.
     *
     * @param clipNorm        C > 0 and finite
     * @param noiseMultiplier sigma >= 0 and finite (0: clipping only)
     * @param random          noise source; pass a seeded one only in tests
     */
    public static List<Tensor> clipAndNoise(List<Tensor> update, double clipNorm, double noiseMultiplier,
            Random random) {
        if (!(clipNorm > 0) || !Double.isFinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be > 0 and finite. Provided value: " + clipNorm);
        }
        if (!(noiseMultiplier >= 0) || !Double.isFinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be >= 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        double sq = 0;
        for (Tensor t : update) {
            for (float v : t.data()) {
                sq += (double) v * v;
            }
        }
        double scale = Math.min(1.0, clipNorm / Math.max(Math.sqrt(sq), Double.MIN_NORMAL));
        double std = noiseMultiplier * clipNorm;
        List<Tensor> out = new ArrayList<>(update.size());
        for (Tensor t : update) {
            float[] d = t.data();
            float[] r = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                r[i] = (float) (d[i] * scale + (std > 0 ? std * random.nextGaussian() : 0));
            }
            out.add(Tensor.wrap(r, t.shape()));
        }
        return out;
    }

    /**
     * The sum of several clients' updates (what secure aggregation reveals).
     *
     * @param updates at least one update; all with the same tensor shapes
     */
    public static List<Tensor> aggregate(List<List<Tensor>> updates) {
        if (updates.isEmpty()) {
            throw new IllegalArgumentException("aggregate needs at least one update");
        }
        List<Tensor> first = updates.get(0);
        List<Tensor> sum = new ArrayList<>(first.size());
        for (Tensor t : first) {
            sum.add(t.copy());
        }
        for (int c = 1; c < updates.size(); c++) {
            List<Tensor> u = updates.get(c);
            if (u.size() != sum.size()) {
                throw new IllegalArgumentException("update " + c + " has " + u.size() + " tensors, update 0 has "
                        + sum.size());
            }
            for (int i = 0; i < sum.size(); i++) {
                if (!u.get(i).sameShape(sum.get(i))) {
                    throw new IllegalArgumentException("update " + c + " tensor " + i + " has shape "
                            + u.get(i).shapeString() + ", update 0 has " + sum.get(i).shapeString());
                }
                sum.get(i).addInPlace(u.get(i));
            }
        }
        return sum;
    }
}
