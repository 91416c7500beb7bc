package org.privet.dp.pate;

import java.util.Arrays;
import org.privet.dp.accounting.Rdp;

/**
 * RDP accounting of GNMax queries: the data-independent bound ({@code Q lambda / sigma^2} after {@code Q} queries,
 * the guarantee) and the data-dependent one (the sum of {@link GnMax#rdpDataDependent} over the queries' votes; an
 * analysis of this dataset that is not itself private, see there). Both convert to (epsilon, delta) with
 * {@link Rdp#epsilon(double[], double[], double)}. Orders: {@link Rdp#defaultOrders()} plus 80 to 1024 (large sigma
 * and few queries favour high orders). Not thread-safe.
 */
public final class PateAccountant {
    private static final double[] EXTRA_ORDERS = {80, 100, 128, 160, 200, 256, 384, 512, 768, 1024};

    private final double[] orders;
    private final double[] independent;
    private final double[] dependent;
    private long queries;

    /** An empty accountant. */
    public PateAccountant() {
        double[] base = Rdp.defaultOrders();
        orders = Arrays.copyOf(base, base.length + EXTRA_ORDERS.length);
        System.arraycopy(EXTRA_ORDERS, 0, orders, base.length, EXTRA_ORDERS.length);
        independent = new double[orders.length];
        dependent = new double[orders.length];
    }

    /**
     * Records one answered GNMax query.
     *
     * @param votes the vote histogram it was answered from
     * @param sigma the GNMax sigma used
     */
    public void record(int[] votes, double sigma) {
        double[] ind = GnMax.rdpDataIndependent(sigma, orders);
        double[] dep = GnMax.rdpDataDependent(GnMax.logQ(votes, sigma), sigma, orders);
        for (int i = 0; i < orders.length; i++) {
            independent[i] += ind[i];
            dependent[i] += dep[i];
        }
        queries++;
    }

    /** The number of queries recorded. */
    public long queries() {
        return queries;
    }

    /** The guarantee: (epsilon, delta) of all recorded queries from the data-independent bound. */
    public double epsilonDataIndependent(double delta) {
        return epsilon(independent, delta);
    }

    /**
     * The data-dependent epsilon of all recorded queries on this dataset; never above the data-independent one. Not
     * differentially private itself (it depends on the votes): report it as an analysis, not as the guarantee.
     */
    public double epsilonDataDependent(double delta) {
        return epsilon(dependent, delta);
    }

    private double epsilon(double[] rdp, double delta) {
        if (queries == 0) {
            return 0.0;
        }
        return Rdp.epsilon(orders, rdp, delta).epsilon();
    }
}
