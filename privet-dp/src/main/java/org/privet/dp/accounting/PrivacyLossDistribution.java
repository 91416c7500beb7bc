package org.privet.dp.accounting;

import org.privet.dp.noise.NormalDistribution;
import org.privet.dp.noise.PrivacyBudget;

/**
 * A discretised privacy loss distribution (PLD) on the grid {@code k h}, in the style of Koskela,
 * Jalko and Honkela (2020) and Google's dp_accounting, for the privacy loss {@code L = ln(P(o)/Q(o))},
 * {@code o ~ P}. Losses between grid points are moved onto the grid pessimistically: by
 * {@link Discretization#CONNECT_THE_DOTS} (default; splits each bucket between its end points
 * preserving {@code E[e^-L]}, a mean-preserving spread of the likelihood ratio) or
 * {@link Discretization#ROUND_UP}. Mass whose loss is beyond the upper truncation point is put at
 * {@code +infinity} (counted in full in every delta). Both moves give a pair of distributions that
 * Blackwell-dominates the true one (the true pair is a garbling of it), so every hockey-stick
 * divergence {@code delta(eps) = P(L = inf) + sum_k w_k (1 - e^(eps - k h))_+} is an upper bound,
 * also after composition (Meiser and Mohammadi 2018; Doroshenko et al. 2022). Composition is convolution, done by FFT and repeated squaring; after
 * each convolution the lower tail below {@code tailMass} is moved up onto the first kept bucket
 * (pessimistic), the upper tail to infinity (buckets at the ends below the FFT noise floor
 * 1e-15 are treated as tail too), and any mass the floating-point FFT lost is added to infinity. Immutable and thread-safe.
 *
 * <p>Discretisation error: with ROUND_UP each composition rounds up by less than {@code h}, so after
 * {@code T} steps epsilon can be over-estimated by about {@code T h / 2}; CONNECT_THE_DOTS has no such
 * drift (its spread adds variance of order {@code h^2} per step). The split is computed in floating
 * point from two CDF differences per bucket (relative error about 1e-11 at {@code h = 1e-4}).
 */
public final class PrivacyLossDistribution {

    /** Default grid step of the loss (Google dp_accounting's default). */
    public static final double DEFAULT_VALUE_DISCRETIZATION = 1e-4;
    /** Default tail mass truncated at each end (moved pessimistically). */
    public static final double DEFAULT_TAIL_MASS = 1e-20;

    /**
     * Tail buckets below this mass are also moved (pessimistically) during truncation: the FFT's
     * rounding noise is of this order, so smaller values carry no information, and without this the
     * support would double with every squaring.
     */
    static final double NOISE_FLOOR = 1e-15;

    private final double h;
    private final double tailMass;
    private final long offset; // loss of probs[i] is (offset + i) * h
    private final double[] probs;
    private final double infinityMass;

    private PrivacyLossDistribution(double h, double tailMass, long offset, double[] probs, double infinityMass) {
        this.h = h;
        this.tailMass = tailMass;
        this.offset = offset;
        this.probs = probs;
        this.infinityMass = infinityMass;
    }

    /** How losses between grid points are moved onto the grid; both are pessimistic. */
    public enum Discretization {
        /**
         * Each bucket's mass is split between its two end points so that {@code E[e^-L]} is preserved:
         * a mean-preserving spread of the likelihood ratio, hence a Blackwell-dominating pair
         * (Doroshenko, Ghazi, Kamath, Kumar and Manurangsi 2022, "Connect the dots"). No systematic
         * upward drift under composition. The default.
         */
        CONNECT_THE_DOTS,
        /** Every loss rounded up to the grid (Meiser-Mohammadi 2018): drifts up by up to h per composition. */
        ROUND_UP
    }

    /** The adjacency direction of a subsampled-Gaussian PLD. */
    public enum Direction {
        /** P = (1-q) N(0, s^2) + q N(1, s^2), Q = N(0, s^2): the record is removed from P's dataset. */
        REMOVE,
        /** P = N(0, s^2), Q = (1-q) N(0, s^2) + q N(1, s^2): the record is added. */
        ADD
    }

    /**
     * The PLD of one step of the Poisson-subsampled Gaussian mechanism (sensitivity 1, noise
     * standard deviation {@code sigma}, sampling rate {@code q}).
     *
     * @param sigma {@code > 0}
     * @param q in {@code (0, 1]}
     * @param h grid step of the loss, {@code > 0}
     * @param tailMass truncated mass per tail, in {@code (0, 1e-3]}
     */
    public static PrivacyLossDistribution subsampledGaussian(double sigma, double q, Direction direction, double h,
            double tailMass) {
        return subsampledGaussian(sigma, q, direction, h, tailMass, Discretization.CONNECT_THE_DOTS);
    }

    /**
     * As {@link #subsampledGaussian(double, double, Direction, double, double)} with a choice of
     * discretisation.
     */
    public static PrivacyLossDistribution subsampledGaussian(double sigma, double q, Direction direction, double h,
            double tailMass, Discretization discretization) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma must be > 0 and finite. Provided value: " + sigma);
        }
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate q must be in (0, 1]. Provided value: " + q);
        }
        if (!(h > 0 && h <= 1)) {
            throw new IllegalArgumentException("value discretization must be in (0, 1]. Provided value: " + h);
        }
        if (!(tailMass > 0 && tailMass <= 1e-3)) {
            throw new IllegalArgumentException("tail mass must be in (0, 1e-3]. Provided value: " + tailMass);
        }
        double z = -NormalDistribution.quantile(tailMass / 2); // P(|N(0,1)| > z) <= tailMass
        SubsampledGaussianLoss loss = new SubsampledGaussianLoss(sigma, q, direction);
        // loss range over o in [-z sigma, 1 + z sigma]; both directions are monotone in o
        double l1 = loss.loss(-z * sigma);
        double l2 = loss.loss(1 + z * sigma);
        double lMin = Math.min(l1, l2);
        double lMax = Math.max(l1, l2);
        long kLo = (long) Math.ceil(lMin / h);
        long kHi = (long) Math.ceil(lMax / h);
        if (direction == Direction.ADD && q < 1) {
            kHi = Math.min(kHi, (long) Math.ceil(loss.supremum() / h));
        }
        if (direction == Direction.REMOVE && q < 1) {
            kLo = Math.max(kLo, (long) Math.floor(loss.infimum() / h) + 1);
        }
        if (kHi - kLo > 50_000_000L) {
            throw new IllegalArgumentException("PLD grid too fine: " + (kHi - kLo) + " buckets; raise the value discretization");
        }
        int n = (int) (kHi - kLo + 1);
        double[] w = new double[n];
        // bucket kLo: every loss <= kLo h; bucket k: loss in ((k-1) h, k h]; above kHi h: infinity
        w[0] = loss.massLossAtMost(kLo * h);
        double expMinusH = Math.exp(-h);
        double oneMinusExpMinusH = -Math.expm1(-h);
        for (int i = 1; i < n; i++) {
            double a = (kLo + i - 1) * h;
            double pm = loss.massLossBetween(a, a + h);
            if (discretization == Discretization.ROUND_UP) {
                w[i] += Math.max(0, pm);
                continue;
            }
            // connect the dots: split the bucket's P-mass between its two end points so that the
            // Q-mass (E_P[e^-L] over the bucket) is preserved: w_lo e^-a + w_hi e^-(a+h) = qm
            double qm = loss.qMassLossBetween(a, a + h);
            double lo = (qm * Math.exp(a) - pm * expMinusH) / oneMinusExpMinusH;
            lo = Math.min(Math.max(lo, 0), Math.max(pm, 0));
            w[i - 1] += lo;
            w[i] += Math.max(0, pm) - lo;
        }
        double inf = loss.massLossAbove(kHi * h);
        double sum = inf;
        for (double v : w) {
            sum += v;
        }
        // any deficit from floating-point rounding goes to infinity (pessimistic)
        inf += Math.max(0, 1 - sum);
        return new PrivacyLossDistribution(h, tailMass, kLo, w, Math.min(1, inf)).truncated();
    }

    /** {@link #subsampledGaussian(double, double, Direction, double, double)} with the default grid and tail. */
    public static PrivacyLossDistribution subsampledGaussian(double sigma, double q, Direction direction) {
        return subsampledGaussian(sigma, q, direction, DEFAULT_VALUE_DISCRETIZATION, DEFAULT_TAIL_MASS);
    }

    /** The PLD of running this mechanism and then {@code other} (grids must agree). */
    public PrivacyLossDistribution compose(PrivacyLossDistribution other) {
        if (other.h != h) {
            throw new IllegalArgumentException("PLD composition needs equal value discretizations: " + h + " != " + other.h);
        }
        double[] c = Fft.convolve(probs, other.probs);
        double massA = 0;
        double massB = 0;
        for (double v : probs) {
            massA += v;
        }
        for (double v : other.probs) {
            massB += v;
        }
        double expected = massA * massB;
        double got = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] < 0) {
                c[i] = 0;
            }
            got += c[i];
        }
        double inf = 1 - (1 - infinityMass) * (1 - other.infinityMass) + Math.max(0, expected - got);
        return new PrivacyLossDistribution(h, Math.max(tailMass, other.tailMass), offset + other.offset, c, Math.min(1, inf))
                .truncated();
    }

    /** The {@code n}-fold self-composition, by repeated squaring. */
    public PrivacyLossDistribution selfCompose(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("number of compositions must be >= 1. Provided value: " + n);
        }
        PrivacyLossDistribution result = null;
        PrivacyLossDistribution power = this;
        long k = n;
        while (true) {
            if ((k & 1) == 1) {
                result = result == null ? power : result.compose(power);
            }
            k >>= 1;
            if (k == 0) {
                return result;
            }
            power = power.compose(power);
        }
    }

    private PrivacyLossDistribution truncated() {
        int lo = 0;
        double acc = 0;
        while (lo < probs.length - 1 && (acc + probs[lo] <= tailMass || probs[lo] < NOISE_FLOOR)) {
            acc += probs[lo];
            lo++;
        }
        int hi = probs.length - 1;
        double accHi = 0;
        while (hi > lo && (accHi + probs[hi] <= tailMass || probs[hi] < NOISE_FLOOR)) {
            accHi += probs[hi];
            hi--;
        }
        if (lo == 0 && hi == probs.length - 1) {
            return this;
        }
        double[] kept = new double[hi - lo + 1];
        System.arraycopy(probs, lo, kept, 0, kept.length);
        kept[0] += acc; // lower tail rounded up onto the first kept loss
        return new PrivacyLossDistribution(h, tailMass, offset + lo, kept, Math.min(1, infinityMass + accHi));
    }

    /** The hockey-stick divergence {@code delta(epsilon)} bounded by this PLD. */
    public double delta(double epsilon) {
        if (Double.isNaN(epsilon)) {
            throw new IllegalArgumentException("epsilon must not be NaN");
        }
        double d = infinityMass;
        for (int i = probs.length - 1; i >= 0; i--) {
            double l = (offset + i) * h;
            if (l <= epsilon) {
                break;
            }
            d += probs[i] * -Math.expm1(epsilon - l);
        }
        return Math.min(1, d);
    }

    /**
     * The smallest epsilon {@code >= 0} with {@code delta(epsilon) <= delta} (bisection, rounded up);
     * infinity when the mass at infinity alone exceeds delta.
     */
    public double epsilon(double delta) {
        PrivacyBudget.checkPositiveDelta(delta);
        if (infinityMass > delta) {
            return Double.POSITIVE_INFINITY;
        }
        if (delta(0) <= delta) {
            return 0;
        }
        double lo = 0;
        double hi = Math.max(h, (offset + probs.length) * h);
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (delta(mid) > delta) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return hi;
    }

    /** The mass at infinite loss. */
    public double infinityMass() {
        return infinityMass;
    }

    /** The number of finite grid points held. */
    public int size() {
        return probs.length;
    }

    /** The grid step of the loss. */
    public double valueDiscretization() {
        return h;
    }

    /** {@code E[e^-L]} over finite losses, {@code <= 1} for a valid PLD (a consistency check). */
    public double expectedExpMinusLoss() {
        double s = 0;
        for (int i = 0; i < probs.length; i++) {
            s += probs[i] * Math.exp(-(offset + i) * h);
        }
        return s;
    }

    /** The privacy loss of the subsampled Gaussian as a function of the output o, with P-masses. */
    private static final class SubsampledGaussianLoss {
        private final double sigma;
        private final double q;
        private final Direction dir;

        SubsampledGaussianLoss(double sigma, double q, Direction dir) {
            this.sigma = sigma;
            this.q = q;
            this.dir = dir;
        }

        /** ln((1-q) + q exp((2o-1)/(2 sigma^2))), computed stably. */
        private double mixtureLogRatio(double o) {
            double x = (2 * o - 1) / (2 * sigma * sigma);
            if (q == 1) {
                return x;
            }
            double a = Math.log1p(-q);
            double b = Math.log(q) + x;
            double hi = Math.max(a, b);
            return hi + Math.log1p(Math.exp(Math.min(a, b) - hi));
        }

        double loss(double o) {
            double r = mixtureLogRatio(o);
            return dir == Direction.REMOVE ? r : -r;
        }

        /** inf of the REMOVE loss: ln(1-q). */
        double infimum() {
            return Math.log1p(-q);
        }

        /** sup of the ADD loss: -ln(1-q). */
        double supremum() {
            return -Math.log1p(-q);
        }

        /** The o at which mixtureLogRatio(o) = r (r > ln(1-q)); -inf below. */
        private double inverseRatio(double r) {
            if (q == 1) {
                return sigma * sigma * r + 0.5;
            }
            double lq = Math.log1p(-q);
            if (r <= lq) {
                return Double.NEGATIVE_INFINITY;
            }
            // e^r - (1-q) = (1-q) (e^(r - ln(1-q)) - 1)
            double logNum = lq + Math.log(Math.expm1(r - lq));
            return sigma * sigma * (logNum - Math.log(q)) + 0.5;
        }

        /** Q-mass of o in (a, b], a <= b. */
        private double qMass(double a, double b) {
            if (dir == Direction.REMOVE) {
                return normalMass(a / sigma, b / sigma);
            }
            return (1 - q) * normalMass(a / sigma, b / sigma) + q * normalMass((a - 1) / sigma, (b - 1) / sigma);
        }

        /** Q(a < L <= b) = E_P[e^-L; a < L <= b]. */
        double qMassLossBetween(double a, double b) {
            if (dir == Direction.REMOVE) {
                return qMass(inverseRatio(a), inverseRatio(b));
            }
            return qMass(inverseRatio(-b), inverseRatio(-a));
        }

        /** P-mass of o in (a, b], a <= b. */
        private double pMass(double a, double b) {
            if (dir == Direction.ADD) {
                return normalMass(a / sigma, b / sigma);
            }
            return (1 - q) * normalMass(a / sigma, b / sigma) + q * normalMass((a - 1) / sigma, (b - 1) / sigma);
        }

        /** P(L <= l). */
        double massLossAtMost(double l) {
            if (dir == Direction.REMOVE) {
                return pMass(Double.NEGATIVE_INFINITY, inverseRatio(l)); // L increasing in o
            }
            return pMass(inverseRatio(-l), Double.POSITIVE_INFINITY); // L = -ratio, decreasing in o
        }

        double massLossAbove(double l) {
            if (dir == Direction.REMOVE) {
                return pMass(inverseRatio(l), Double.POSITIVE_INFINITY);
            }
            return pMass(Double.NEGATIVE_INFINITY, inverseRatio(-l));
        }

        /** P(a < L <= b), computed directly from the o-interval (no cancellation of CDFs). */
        double massLossBetween(double a, double b) {
            if (dir == Direction.REMOVE) {
                return pMass(inverseRatio(a), inverseRatio(b));
            }
            return pMass(inverseRatio(-b), inverseRatio(-a));
        }
    }

    /** Phi(y) - Phi(x) for x <= y, using the upper tail where that avoids cancellation. */
    static double normalMass(double x, double y) {
        if (!(x < y)) {
            return 0;
        }
        if (x >= 0) {
            return NormalDistribution.cdf(-x) - NormalDistribution.cdf(-y);
        }
        if (y <= 0) {
            return NormalDistribution.cdf(y) - NormalDistribution.cdf(x);
        }
        return 1 - NormalDistribution.cdf(x) - NormalDistribution.cdf(-y);
    }
}
