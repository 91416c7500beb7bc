package org.privet.fl;

import org.privet.core.data.Dataset;
import org.privet.core.nn.Sequential;
import org.privet.core.rng.Rng;
import org.privet.core.tensor.Tensor;
import org.privet.fl.aggregate.FlTrust;

/**
 * FLTrust's server update: the server trains from the current global model on its small clean root dataset
 * (Cao et al. use 100 examples) with the clients' local-training settings and returns {@code local - global}.
 * Shuffling is seeded per round. Holds one network: not thread-safe (the simulation aggregates on one thread).
 */
public final class RootDatasetUpdate implements FlTrust.ServerUpdate {
    private final Sequential net;
    private final Tensor x;
    private final int[] y;
    private final LocalTraining local;
    private final Rng rng;

    /**
     * @param model the federation's model
     * @param root  the server's clean examples (at least 1), shaped like the clients' data
     * @param local how the server trains on them (usually the clients' settings)
     * @param seed  seeds the server's shuffling
     */
    public RootDatasetUpdate(FlModel model, Dataset root, LocalTraining local, long seed) {
        this(model, root, local, seed, true);
    }

    /**
     * As {@link #RootDatasetUpdate(FlModel, Dataset, LocalTraining, long)}; with {@code flattenInputs} false the
     * examples keep their shape (a CNN's {@code [n, C, H, W]}).
     */
    public RootDatasetUpdate(FlModel model, Dataset root, LocalTraining local, long seed, boolean flattenInputs) {
        if (root == null || root.size() < 1) {
            throw new IllegalArgumentException("FLTrust root dataset must hold at least one example");
        }
        this.net = model.newNetwork();
        Tensor f = root.features();
        this.x = FederatedSimulation.input(f, flattenInputs);
        this.y = root.labels();
        this.local = local;
        this.rng = Rng.of(seed).child("fltrust-root");
    }

    @Override
    public float[] compute(float[] global, int round) {
        float[] delta = new float[global.length];
        local.run(net, global, x, y, rng.child("round", round), delta);
        return delta;
    }
}
