package org.privet.fl.aggregate;

/**
 * FLTrust (Cao, Fang, Liu, Gong, NDSS 2021, Algorithm 2). The server computes its own update {@code g0}
 * on a small clean root dataset from the current global model; each client update gets trust score
 * {@code TS_k = ReLU(cos(u_k, g0))}, is rescaled to {@code ||g0||}, and the result is {@code sum_k TS_k
 * (||g0|| / ||u_k||) u_k / sum_k TS_k} (the zero vector when every score is 0). Ignores weights.
 * Thread-safe if the {@link ServerUpdate} is.
 */
public final class FlTrust implements Aggregator {
    /** Computes the server's root-dataset update from the current global model. */
    @FunctionalInterface
    public interface ServerUpdate {
        /** The update {@code g0} (length {@code global.length}) for round {@code round}. */
        float[] compute(float[] global, int round);
    }

    private final ServerUpdate server;

    public FlTrust(ServerUpdate server) {
        if (server == null) {
            throw new IllegalArgumentException("FLTrust needs a server update (root dataset)");
        }
        this.server = server;
    }

    @Override
    public float[] aggregate(float[][] updates, double[] weights, AggregationContext ctx) {
        int d = Vectors.check(updates, null);
        float[] g0 = server.compute(ctx.global(), ctx.round());
        if (g0.length != d) {
            throw new IllegalArgumentException("FLTrust server update has length " + g0.length
                    + "; client updates have " + d);
        }
        return combine(updates, g0);
    }

    /** The FLTrust combination of {@code updates} with server update {@code g0} (package-visible for tests). */
    static float[] combine(float[][] updates, float[] g0) {
        int d = g0.length;
        double n0 = Vectors.norm(g0);
        double[] acc = new double[d];
        double tsSum = 0;
        for (float[] u : updates) {
            double nu = Vectors.norm(u);
            if (nu == 0 || n0 == 0) {
                continue;
            }
            double ts = Math.max(0, Vectors.dot(u, g0) / (nu * n0));
            if (ts == 0) {
                continue;
            }
            tsSum += ts;
            double c = ts * n0 / nu;
            for (int j = 0; j < d; j++) {
                acc[j] += c * u[j];
            }
        }
        float[] out = new float[d];
        if (tsSum > 0) {
            for (int j = 0; j < d; j++) {
                out[j] = (float) (acc[j] / tsSum);
            }
        }
        return out;
    }

    @Override
    public String name() {
        return "fltrust";
    }
}
