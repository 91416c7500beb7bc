package org.privet.dp.sgd;

import java.security.SecureRandom;
import org.privet.core.tensor.Parallel;

/**
 * Discrete Gaussian noise on a fine grid for vectors: the Gaussian mechanism of DP-SGD without
 * floating-point sampling (Mironov 2012).
 *
 * <p><b>What is released.</b> For a vector {@code v} of dimension {@code d} with L2 sensitivity
 * {@code Delta} and a requested noise multiplier {@code z}, the noise has {@code sigma = 2^m} granules for
 * an integer {@code m in [20, 30]} chosen so that {@code z sqrt(d) <= 2^(m-10)}, and the grid has {@code r}
 * granules per unit, {@code r <= (2^m / z - sqrt(d)) / Delta} a double with at most 29 significant bits
 * ({@link #grid}: the bound is proven despite rounding, and {@code r} lies within a factor {@code 1 - 2^-27} of
 * it). Each float coordinate is clamped to {@code +-B} ({@code B r <= 2^50}; a contraction; NaN counts as 0) and
 * rounded to the nearest granule: {@code k = rint(r v)}, where the product of a float and {@code r} is exact in
 * double precision, so rounding moves each coordinate by at most half a granule, exactly. An integer sample of the
 * discrete Gaussian {@code N_Z(0, 2^(2m))} is added. The rounded query's sensitivity in granules is at most
 * {@code r Delta + sqrt(d) <= 2^m / z}: the integer release has noise multiplier at least {@code z} with respect
 * to it. The returned floats {@code (k + Z) / r} are a post-processing of that integer vector. The real-unit
 * standard deviation is {@code 2^m / r}, at most a factor {@code (1 + 2^-9)(1 + 2^-26)} above {@code z Delta}.
 *
 * <p><b>Sampler</b> (about 3.3 ns per coordinate per thread on a busy 2-core VM for the word sampler described
 * here and about 2.7 ns for the pair sampler below, including AES and the rounding, against 9 ns for an earlier version,
 * 21 ns for the block sampler with CKS Bernoulli trials, about 90 ns for the CKS sampler below and 900 ns for
 * {@code ExactSamplers.discreteGaussian}; figures in docs/dp.md). A proposal table ({@link BlockTable}) cuts {@code [0, 16 sigma)}
 * into 1024 blocks of width {@code sigma/64} with probabilities proportional to the density's maximum on each
 * block, stored as 128-bit dyadic fractions; a point is drawn uniformly in the chosen block and accepted with
 * probability {@code p = exp(-(x^2 - x_0^2)/(2 sigma^2))} (x_0 the block's left end; about 99.4% of
 * proposals), then a random sign (negative zero redrawn). The acceptance {@code U < p} is decided exactly and
 * lazily: U's first bits against certified 32-bit bounds of p on the point's sub-interval (checked against
 * exact rational arithmetic by the tests), then against the point's own bounds ({@code Sampler#pointDecision}), then,
 * for ~0.01% of proposals, against {@link StrictMath#exp} with a margin
 * 2^10 times its specified error, and, with probability about 2^-31, with exact rational bounds on
 * {@code exp} ({@link ExpComparison}): every branch compares U with numbers proven to lie on one side of p.
 * One 64-bit word of AES-CTR output feeds a whole proposal (block prefix, offset, sign and U's first bits
 * in disjoint bit fields): 1.01 words per draw.
 *
 * <p><b>Fast path</b> (about 99.3% of proposals at {@code m = 20}: 98.8% accepted, 0.5% rejected). The vector is
 * processed in batches of 1024 coordinates: the samples of a batch are drawn first ({@code Sampler#fill}), then one
 * vector pass rounds the batch's coordinates to the grid, adds the samples and scales ({@link GridRounding}: the same IEEE
 * operations as the scalar formula, so the result is bit-for-bit that of a scalar loop). The drawing loop
 * decides a proposal with two table reads and one comparison: the word's top 16 bits give the block when no
 * block boundary's top 32 bits fall in that cell ({@code BlockTable.FAST_BLOCK}: then every 32-bit prefix of
 * the cell lies strictly between the same two boundaries, so the block is the one the full lookup gives), and
 * U's first bits are compared with the certified lower threshold of the point's sub-interval, pre-shifted
 * for {@code m} ({@code BlockTable.fast}): {@code u 2^(wb+1) < floor(LOW / 2^(32-ub)) 2^(wb+1)} iff
 * {@code (u + 1) 2^-ub <= LOW 2^-32 <= p}, so the proposal is accepted only when U's known bits already prove
 * {@code U < p}. Block cells with a boundary, the sub-interval holding x = 0 (negative zero) and every
 * proposal not proven accepted leave the loop; next to it, the block comes from the 32-bit lookup, U's first
 * bits are compared with both certified thresholds (accepted, unless x = 0 with a minus sign; or rejected), and
 * only what that leaves (U between the thresholds, a tie with a boundary, |x| beyond 3.9 sigma) goes to the
 * general path above, from the same word. Every
 * shortcut takes a decision only where the general path takes the same one from the same bits, so the output
 * is the same as the general path's ({@code FastPathTest} checks it on words aimed at every threshold), and the
 * exactness argument above is unchanged. The output is the discrete Gaussian conditioned on
 * {@code |x| < 16 sigma} (mass outside: below {@code e^-128}) up to the table's rounding of each block
 * probability to 2^-128: in total variation within {@code eta = 2^-110} of {@code N_Z(0, sigma^2)} per draw
 * (at most {@code 2 * 1024 * 2^-128} for the table, amplified by at most {@code 1/0.99} by the rejection).
 *
 * <p><b>Pair sampler</b> (vectors and integer noise with {@code 11 <= m <= 21}, which covers DP-SGD on up to about
 * 4 million parameters at noise multiplier 1). The same proposal, cut ziggurat-style ({@link WedgeTable}): block j
 * becomes a rectangle under the block's minimum {@code g_(j+1)} (every point accepted, no acceptance bits) and a
 * wedge, the strip between {@code g_(j+1)} and {@code g_j}, whose uniform point is accepted with probability
 * {@code q = (exp(-gamma) - c_j) / (1 - c_j)}, {@code c_j = g_(j+1) / g_j}; per point the accepted mass is again
 * {@code g_j exp(-gamma)}, so the distribution is the same (the table's rounding: {@code 2 * 2048 * 2^-128}, the
 * acceptance again 99.4%: within the same {@code eta}). A proposal then needs only the region's first 16 bits, the
 * offset and the sign: 32 bits for {@code m <= 21}, so each AES word holds two, and 98.4% of them are decided by one
 * byte-table read ({@link WedgeTable#CELL}) with no comparison of U. The rest (wedges 1.24%, cells with a region
 * boundary, |x| beyond 3.98 sigma, x = 0) are decided by {@code Sampler#half} with one further word: the region from
 * 32 bits of the fraction (or 128), U against certified bounds of q per 1/32 of a block, then {@link StrictMath} with a
 * 2^-40 margin, then exact rationals ({@link ExpComparison#uniformBelowWedge}). The noise of a 407,050-coordinate
 * step took 1.18-1.29 ms instead of 1.36-1.49 ms inside interleaved DP-SGD calls (docs/benchmarks.md, "Session 8").
 * Random bits come from AES-256-CTR keyed with 32 bytes of the given {@link SecureRandom} per call;
 * coordinates are cut into chunks, one counter stream per chunk, drawn in parallel ({@link Parallel}, one
 * re-keyed generator per thread, keyed once per task and wiped at its end); the output does not depend on the
 * thread count. The exact CKS sampler
 * (Algorithms 1-3 with proposal scale {@code t = sigma = 2^m}, every Bernoulli parameter dyadic) is kept as
 * {@code Sampler.discreteGaussian}, the reference in the tests.
 *
 * <p><b>Cost in delta.</b> Replacing each of the {@code D} noise draws of a run by one within total
 * variation {@code eta} changes the probability of any event by at most {@code D eta}, so an
 * {@code (epsilon, delta)} guarantee of the ideal mechanism becomes {@code (epsilon, delta + (1 + e^epsilon)
 * D eta)}: for {@code D = 10^15} draws (10^9 parameters, 10^6 steps) and epsilon 10 that is below 10^-13.
 * {@link #samplerDelta} computes it; {@link DpSgd} adds it to the delta it reports ({@link DpTrainResult}).
 *
 * <p><b>Privacy argument.</b> CKS 2020 (Theorem 14) show that the multivariate discrete Gaussian is
 * {@code (Delta^2/(2 sigma^2) + tau)}-zCDP with {@code tau <= 10 d exp(-2 pi^2 sigma^2 / 2)}, which for
 * {@code sigma >= 2^20} granules is far below double precision; the DP-SGD accountants here (RDP, PLD)
 * analyse the Poisson-subsampled <i>continuous</i> Gaussian, and applying them to the discrete Gaussian
 * with {@code sigma >= 2^20} granules is an argument by this closeness, not a machine-checked bound
 * (the same caveat as {@code GaussianMechanism}). Stateless apart from the key source; thread-safe if
 * the key source is.
 */
public final class DiscreteGaussianNoise {
    /**
     * The sampler's total-variation distance from the exact discrete Gaussian, per draw: {@code eta = 2^-110}
     * (see the class comment: at most {@code 2 * 1024 * 2^-128 / 0.99 < 2^-116} for the table's rounding and the
     * rejection, plus the mass beyond 16 sigma, below {@code 2^-184}).
     */
    public static final double TV_PER_DRAW = 0x1p-110;

    /**
     * The delta a run must add to its accountant's delta for using this sampler instead of the exact discrete
     * Gaussian: {@code (1 + e^epsilon) D eta} for {@code D} draws (see the class comment), rounded up.
     *
     * @param epsilon the epsilon the guarantee is stated at, {@code >= 0} ({@code +Infinity} allowed: then the
     *                result is {@code +Infinity} unless {@code draws == 0})
     * @param draws   {@code D >= 0}, the number of noise draws of the whole run
     */
    public static double samplerDelta(double epsilon, long draws) {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be >= 0. Provided value: " + epsilon);
        }
        if (draws < 0) {
            throw new IllegalArgumentException("draws must be >= 0. Provided value: " + draws);
        }
        if (draws == 0) {
            return 0.0;
        }
        double d = (1.0 + Math.exp(epsilon)) * (double) draws * TV_PER_DRAW;
        // exp within 1 ulp, each product within half an ulp: the factor (1 + 2^-50) and nextUp round up
        return Math.nextUp(d * (1.0 + 0x1p-50));
    }

    /** Coordinates per AES-CTR stream (and per parallel task). */
    static final int CHUNK = 16384;
    private static final int MIN_LOG2_SIGMA = 20;
    private static final int MAX_LOG2_SIGMA = 30;

    private final SecureRandom keySource;

    /** Noise keyed from {@code keySource}: {@code NoiseRandom.secure()} in production. */
    public DiscreteGaussianNoise(SecureRandom keySource) {
        if (keySource == null) {
            throw new IllegalArgumentException("keySource must not be null");
        }
        this.keySource = keySource;
    }

    /**
     * The grid chosen for a vector: {@code sigma = 2^log2Sigma} granules of size {@code granularity}, that is
     * {@code inverseGranularity} granules per unit ({@code granularity} is the double nearest to
     * {@code 1 / inverseGranularity}, which is the exact size); {@code stdDev} is the noise standard deviation in
     * real units.
     */
    public record Grid(int log2Sigma, double granularity, double stdDev, double inverseGranularity) {
    }

    /** Significant bits of the inverse granularity: 29, so that a float times it is exact in double precision. */
    static final int INVERSE_GRANULARITY_BITS = 29;

    /**
     * The grid for {@code dimension} coordinates at noise multiplier {@code z} and sensitivity {@code delta}:
     * the smallest {@code m} with {@code 2^m >= 1024 z sqrt(d)}, and {@code r} granules per unit, the largest
     * double with at most 29 significant bits that the computation below proves to satisfy
     * {@code r Delta + sqrt(d) <= 2^m / z} (each rounded operation is pushed to the safe side by one ulp, then
     * a relative margin of 2^-40 is taken and {@code r} truncated).
     *
     * @throws IllegalArgumentException if {@code z sqrt(d) > 2^20} (no grid keeps the rounding cost small), or if
     *                                  the granularity falls outside [2^-800, 2^800]
     */
    public static Grid grid(long dimension, double noiseMultiplier, double l2Sensitivity) {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be >= 1. Provided value: " + dimension);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noise multiplier must be > 0 and finite. Provided value: "
                    + noiseMultiplier);
        }
        if (!(l2Sensitivity > 0) || Double.isInfinite(l2Sensitivity)) {
            throw new IllegalArgumentException("L2 sensitivity must be > 0 and finite. Provided value: "
                    + l2Sensitivity);
        }
        double rootD = Math.sqrt((double) dimension);
        double need = noiseMultiplier * rootD * 1024.0;
        int m = MIN_LOG2_SIGMA;
        while (Math.scalb(1.0, m) < need) {
            m++;
            if (m > MAX_LOG2_SIGMA) {
                throw new IllegalArgumentException("noise multiplier * sqrt(dimension) must be <= 2^20 for the grid"
                        + " Gaussian. Provided: " + noiseMultiplier + " * sqrt(" + dimension + ")");
            }
        }
        double sigmaG = Math.scalb(1.0, m);
        // a lower bound of (2^m / z - sqrt(d)) / Delta: each correctly rounded step moved one ulp to the safe side;
        // 2^m / z >= 1024 sqrt(d) (up to rounding), so the difference loses no relative precision
        double cap = Math.nextDown(sigmaG / noiseMultiplier);
        double room = Math.nextDown(cap - Math.nextUp(rootD));
        double r = Math.nextDown(room / l2Sensitivity) * (1 - 0x1p-40);
        r = Double.longBitsToDouble(Double.doubleToRawLongBits(r) & -(1L << (52 - (INVERSE_GRANULARITY_BITS - 1))));
        if (!(r >= 0x1p-800 && r <= 0x1p800)) {
            throw new IllegalArgumentException("the grid's granularity " + l2Sensitivity + " / " + room
                    + " is outside [2^-800, 2^800]: L2 sensitivity and noise multiplier out of range. Provided: "
                    + l2Sensitivity + ", " + noiseMultiplier);
        }
        return new Grid(m, 1.0 / r, sigmaG / r, r);
    }

    /**
     * Replaces each {@code values[i]} by its noisy release (in place) and returns the grid used.
     *
     * @param noiseMultiplier {@code z > 0}: noise standard deviation over sensitivity
     * @param l2Sensitivity   {@code Delta > 0}: the L2 sensitivity of the whole vector
     */
    public Grid addNoise(float[] values, double noiseMultiplier, double l2Sensitivity) {
        return addNoise(java.util.List.of(values), noiseMultiplier, l2Sensitivity, 1.0);
    }

    /**
     * Treats the arrays of {@code parts} as one vector (their concatenation, dimension = the sum of their
     * lengths, the dimension the grid is chosen for) and replaces each coordinate {@code v} by
     * {@code scale * release(v)} in place: the noisy release times a public factor (post-processing; DP-SGD
     * passes {@code 1 / (q n)} here, so the clipped sum is noised and averaged in one pass, without
     * copies). Coordinate i of the concatenation uses the same random bits as in
     * {@link #addNoise(float[], double, double)} on the concatenated array.
     *
     * @param scale a finite public factor applied after the release
     */
    public Grid addNoise(java.util.List<float[]> parts, double noiseMultiplier, double l2Sensitivity, double scale) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be finite. Provided value: " + scale);
        }
        int count = parts.size();
        long[] starts = new long[count + 1];
        for (int p = 0; p < count; p++) {
            starts[p + 1] = starts[p] + parts.get(p).length;
        }
        long total = starts[count];
        Grid grid = grid(Math.max(1, total), noiseMultiplier, l2Sensitivity);
        byte[] key = new byte[32];
        keySource.nextBytes(key);
        long chunks = (total + CHUNK - 1) / CHUNK;
        if (chunks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("at most 2^31 - 1 chunks of " + CHUNK + " coordinates. Provided dimension: "
                    + total);
        }
        int m = grid.log2Sigma();
        double r = grid.inverseGranularity();
        float bound = GridRounding.bound(r);
        double out = scale / r;
        try {
            forEachChunk((int) chunks, total * 100, key, (s, c) -> {
                long from = (long) c * CHUNK;
                long to = Math.min(total, from + CHUNK);
                int p = partOf(starts, from);
                while (from < to) {
                    float[] v = parts.get(p);
                    int i = (int) (from - starts[p]);
                    int end = (int) (Math.min(to, starts[p + 1]) - starts[p]);
                    s.release(v, i, end, r, bound, out, m);
                    from += end - i;
                    p++;
                }
            });
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
        return grid;
    }

    /** Smallest {@code log2Sigma} accepted by {@link #sampleInto} and {@link #addInto}. */
    public static final int MIN_INTEGER_LOG2_SIGMA = 1;
    /** Largest {@code log2Sigma} accepted by {@link #sampleInto} and {@link #addInto}. */
    public static final int MAX_INTEGER_LOG2_SIGMA = MAX_LOG2_SIGMA;

    /**
     * Overwrites {@code out} with independent integer samples of the discrete Gaussian
     * {@code N_Z(0, sigma^2)}, {@code sigma = 2^log2Sigma}: for callers that do their own fixed-point
     * encoding (distributed DP, where each client adds integer noise before secure aggregation). For
     * {@code log2Sigma >= 6} the samples come from the block sampler above, in its pair form for
     * {@code 11 <= log2Sigma <= 21} (within total variation
     * {@code 2^-110} of {@code N_Z(0, sigma^2)} per draw, conditioned on {@code |x| < 16 sigma}); below, from the
     * exact CKS sampler (Algorithm 3, every Bernoulli parameter dyadic; exact). Random bits: AES-256-CTR keyed
     * with 32 bytes of the key source per call, one counter stream per {@value #CHUNK} coordinates, drawn in
     * parallel; the output does not depend on the thread count. Each sample has {@code |Z| < 16 sigma <= 2^34}
     * for {@code log2Sigma >= 6}, {@code |Z| < 2^61} below.
     *
     * @param out       the array to fill (any length, 0 included)
     * @param log2Sigma in [{@value #MIN_INTEGER_LOG2_SIGMA}, {@value #MAX_INTEGER_LOG2_SIGMA}]
     */
    public void sampleInto(long[] out, int log2Sigma) {
        integerNoise(out, log2Sigma, false);
    }

    /**
     * {@code values[i] += Z_i} for independent {@code Z_i ~ N_Z(0, 2^(2 log2Sigma))}, in two's complement
     * (wrapping modulo 2^64, so a caller reducing modulo {@code 2^bits} afterwards gets the exact modular sum).
     * The same samples as {@link #sampleInto} from the same key source state; otherwise as there.
     *
     * @param values    the array to add noise to, in place
     * @param log2Sigma in [{@value #MIN_INTEGER_LOG2_SIGMA}, {@value #MAX_INTEGER_LOG2_SIGMA}]
     */
    public void addInto(long[] values, int log2Sigma) {
        integerNoise(values, log2Sigma, true);
    }

    private void integerNoise(long[] values, int log2Sigma, boolean add) {
        if (values == null) {
            throw new IllegalArgumentException("values must not be null");
        }
        if (log2Sigma < MIN_INTEGER_LOG2_SIGMA || log2Sigma > MAX_INTEGER_LOG2_SIGMA) {
            throw new IllegalArgumentException("log2Sigma must be in [" + MIN_INTEGER_LOG2_SIGMA + ", "
                    + MAX_INTEGER_LOG2_SIGMA + "]. Provided value: " + log2Sigma);
        }
        int total = values.length;
        if (total == 0) {
            return;
        }
        byte[] key = new byte[32];
        keySource.nextBytes(key);
        int chunks = (total + CHUNK - 1) / CHUNK;
        try {
            forEachChunk(chunks, total * 100L, key, (s, c) -> {
                int from = c * CHUNK;
                s.integers(values, from, Math.min(total, from + CHUNK), log2Sigma, add);
            });
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /**
     * A fast cryptographically secure generator for the bulk randomness that goes with integer noise (e.g.
     * the randomized rounding a fixed-point encoder does before {@link #addInto}): AES-256-CTR keyed with 32
     * fresh bytes of {@code keySource}, the bit source the samplers here use (about 1 ns per 64-bit word, against
     * ~100 ns per draw from a platform {@code SecureRandom}). Every {@code SecureRandom} draw method is served from
     * its {@code nextLong()}; at most 2^64 AES blocks per generator. Not thread-safe: one per thread and task;
     * {@code setSeed} has no effect.
     *
     * @param keySource {@code NoiseRandom.secure()} in production
     */
    public static SecureRandom keystreamRandom(SecureRandom keySource) {
        if (keySource == null) {
            throw new IllegalArgumentException("keySource must not be null");
        }
        byte[] key = new byte[32];
        keySource.nextBytes(key);
        try {
            return new AesCtrRandom(key, 0);
        } finally {
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** The work on one chunk, with the calling thread's sampler already keyed on the chunk's stream. */
    private interface ChunkBody {
        void accept(Sampler s, int chunk);
    }

    /**
     * Runs {@code body} on every chunk in [0, chunks), each with its own AES-CTR stream ({@code key}, stream index =
     * chunk): the chunks are split into at most {@link Parallel#threads()} contiguous runs, one task each; a task
     * keys its thread's sampler once per chunk (the same key: the cipher keeps its key schedule, only the counter
     * moves) and wipes it once at its end, so the thread-local sampler keeps neither the key nor noise bits after
     * the call. The output does not depend on how the chunks are split.
     */
    private static void forEachChunk(int chunks, long work, byte[] key, ChunkBody body) {
        int tasks = Math.max(1, Math.min(chunks, Parallel.threads()));
        Parallel.forEach(tasks, work, t -> {
            int lo = (int) ((long) chunks * t / tasks);
            int hi = (int) ((long) chunks * (t + 1) / tasks);
            Sampler s = SAMPLERS.get();
            try {
                for (int c = lo; c < hi; c++) {
                    s.rekey(key, c);
                    body.accept(s, c);
                }
            } finally {
                s.wipe(); // the thread-local sampler must not keep this step's key or noise bits
            }
        });
    }

    /** One sampler (and AES-CTR generator) per thread, re-keyed for every chunk. */
    private static final ThreadLocal<Sampler> SAMPLERS =
            ThreadLocal.withInitial(() -> new Sampler(new AesCtrRandom(new byte[32], 0)));

    /** The part holding global coordinate {@code index} (parts may be empty). */
    private static int partOf(long[] starts, long index) {
        int lo = 0;
        int hi = starts.length - 2;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= index) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        while (starts[lo + 1] <= index) {
            lo++; // skip empty parts
        }
        return lo;
    }

    /**
     * As {@link #addNoise(float[], double, double)} for a single value; returns the release. The sample is the first
     * draw of the block sampler on AES-256-CTR keyed with 32 fresh bytes of the key source (as a vector's noise is),
     * not on the key source itself: a sampler's stock holds 1,024 words, and filling it from the platform
     * {@code SecureRandom} took about 80 us per call (DP-SGD's adaptive clipping makes one call per step).
     */
    public double addNoise(double value, double noiseMultiplier, double l2Sensitivity) {
        Grid grid = grid(1, noiseMultiplier, l2Sensitivity);
        double r = grid.inverseGranularity();
        double k = 0; // NaN: as GridRounding
        if (value == value) {
            // the nearest integer to value * r, ties to even, from the exact product; then clamped to 2^50
            java.math.BigDecimal y = new java.math.BigDecimal(Math.max(-Double.MAX_VALUE, Math.min(Double.MAX_VALUE, value)))
                    .multiply(new java.math.BigDecimal(r));
            k = Math.max(-GridRounding.MAX_GRANULES, Math.min(GridRounding.MAX_GRANULES,
                    y.setScale(0, java.math.RoundingMode.HALF_EVEN).doubleValue()));
        }
        byte[] key = new byte[32];
        keySource.nextBytes(key);
        Sampler s = SAMPLERS.get();
        try {
            s.rekey(key, 0);
            return (k + s.blockGaussian(grid.log2Sigma())) / r;
        } finally {
            s.wipe(); // the thread-local sampler must not keep this call's key or noise bits
            java.util.Arrays.fill(key, (byte) 0);
        }
    }

    /** Exact samplers with dyadic parameters on a bit buffer. Not thread-safe. */
    static final class Sampler {
        private static final int WORDS = 1024;
        private final SecureRandom rnd;
        private final AesCtrRandom aes;
        private final java.util.function.LongSupplier words;
        private static final java.lang.invoke.VarHandle LONGS =
                java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
        /** Keystream bytes, read as little-endian words (AES-CTR writes straight into it: no copy). */
        private static final int STOCK_BYTES = 8 * WORDS;
        private final byte[] stock = new byte[STOCK_BYTES];
        private int next = STOCK_BYTES;
        private long buf;
        private int avail;
        /** The second half of a word whose first half ended a {@link #fillPairs} call: its next proposal. */
        private long pendingHalf;
        private boolean pending;

        Sampler(SecureRandom rnd) {
            this.rnd = rnd;
            this.aes = rnd instanceof AesCtrRandom a ? a : null;
            this.words = this::word;
        }

        /** Restarts on another AES-CTR key and stream (only for a sampler built on an {@link AesCtrRandom}). */
        void rekey(byte[] key, long stream) {
            aes.rekey(key, stream);
            next = STOCK_BYTES;
            avail = 0;
            pending = false;
            pendingHalf = 0;
        }

        /**
         * Forgets the key and the buffered bits: zeroes the stock and the sample batch, re-keys the cipher with an
         * all-zero key.
         */
        void wipe() {
            java.util.Arrays.fill(stock, (byte) 0);
            java.util.Arrays.fill(batch, 0L);
            next = STOCK_BYTES;
            buf = 0;
            avail = 0;
            pending = false;
            pendingHalf = 0;
            if (aes != null) {
                aes.rekey(ZERO_KEY, 0);
            }
        }

        private static final byte[] ZERO_KEY = new byte[32];

        /** The next 64 random bits (served from a stock refilled in bulk). */
        long word() {
            if (next == STOCK_BYTES) {
                refill();
            }
            long w = (long) LONGS.get(stock, next);
            next += 8;
            return w;
        }

        private void refill() {
            if (aes != null) {
                aes.keystream(stock);
            } else {
                for (int i = 0; i < WORDS; i++) {
                    LONGS.set(stock, 8 * i, rnd.nextLong());
                }
            }
            next = 0;
        }

        /** k fresh uniform bits, 1 <= k <= 62. */
        long bits(int k) {
            if (avail < k) {
                buf = word();
                avail = 64;
            }
            long r = buf & ((1L << k) - 1);
            buf >>>= k;
            avail -= k;
            return r;
        }

        /** Uniform in [0, bound), 1 <= bound <= 2^62, by rejection. */
        long uniform(long bound) {
            if (bound == 1) {
                return 0;
            }
            int n = 64 - Long.numberOfLeadingZeros(bound - 1);
            while (true) {
                long r = bits(n);
                if (r < bound) {
                    return r;
                }
            }
        }

        /** Bernoulli(exp(-frac / 2^shift)) for 0 <= frac < 2^shift, shift in [1, 61] (CKS Algorithm 1). */
        boolean bernoulliExpMinusFraction(long frac, int shift) {
            long k = 1;
            // A ~ Bernoulli(gamma / k) = [uniform(k) == 0 and bits(shift) < frac]
            while ((k == 1 || uniform(k) == 0) && bits(shift) < frac) {
                k++;
            }
            return (k & 1) == 1;
        }

        /** Bernoulli(exp(-1)) (CKS Algorithm 1 with gamma = 1). */
        boolean bernoulliExpMinusOne() {
            long k = 2; // A ~ Bernoulli(1/1) is always 1
            while (uniform(k) == 0) {
                k++;
            }
            return (k & 1) == 1;
        }

        /** Bernoulli(exp(-(intPart + frac / 2^shift))). */
        boolean bernoulliExpMinus(long intPart, long frac, int shift) {
            for (long i = 0; i < intPart; i++) {
                if (!bernoulliExpMinusOne()) {
                    return false;
                }
            }
            return bernoulliExpMinusFraction(frac, shift);
        }

        /** Discrete Laplace, P(x) ~ exp(-|x| / 2^m) (CKS Algorithm 2 with t = 2^m, s = 1). */
        long discreteLaplace(int m) {
            long limit = 1L << (61 - m);
            while (true) {
                long u = bits(m);
                if (!bernoulliExpMinusFraction(u, m)) {
                    continue;
                }
                long v = 0;
                while (bernoulliExpMinusOne()) {
                    v++;
                }
                if (v >= limit) {
                    continue; // |x| >= 2^61: probability below exp(-2^30); redrawn to stay in range
                }
                long x = u + (v << m);
                boolean negative = bits(1) == 1;
                if (negative && x == 0) {
                    continue;
                }
                return negative ? -x : x;
            }
        }

        /**
         * N_Z(0, 2^(2m)) conditioned on |x| &lt; 16 2^m, 6 &lt;= m &lt;= 30, from the block table: block j of
         * width w = 2^(m-6) with probability ~ exp(-j^2/8192) ({@link BlockTable}, 128-bit fractions), a uniform
         * point x = j w + off in it, accepted with probability p = exp(-(x^2 - (j w)^2) / 2^(2m+1)) (decided
         * exactly, below), then a sign (a negative zero is redrawn). Per accepted draw the output probability
         * is proportional to exp(-x^2 / 2^(2m+1)) up to the table's rounding.
         *
         * <p>One 64-bit word per proposal, cut into disjoint (hence independent) fields: bits 32..63 are the
         * first 32 bits of the block's uniform fraction ({@link BlockTable#block32}; more bits only on a tie
         * with a boundary), bit 0 the sign (1: negative), bits 1..wb the offset ({@code wb = m - 6}), bits
         * wb+1..31 the first {@code 31 - wb} bits of the acceptance uniform U. The acceptance is decided lazily:
         * U's known bits against certified 32-bit thresholds for the point's sub-interval
         * ({@link BlockTable#ACCEPT}); if they straddle one, U is extended to 32 bits from a fresh word and compared again, then against
         * {@link StrictMath#exp} with a 2^-40 margin, then with exact rational bounds ({@link #acceptPoint}).
         * Every branch compares U with numbers proven to lie on one side of p: the decision is U &lt; p.
         */
        long blockGaussian(int m) {
            while (true) {
                long x = propose(word(), m);
                if (x != REJECTED) {
                    return x;
                }
            }
        }

        /**
         * Whether U's first {@code ub = 31 - wb = 37 - m} bits {@code u} alone decide the proposal of point
         * {@code x} (block {@code j = x >> wb}, offset {@code off = x mod 2^wb}, {@code wb = m - 6}), from the point's
         * own bounds on its acceptance probability {@code p = exp(-y)}, {@code y = (x^2 - (j 2^wb)^2) / 2^(2m+1) = off (2x - off) /
         * 2^(2m+1)}: {@code 1 - y <= p <= 1 - y + y^2/2} ({@code y >= 0}). Returns 1 when
         * {@code (u + 1) 2^-ub <= 1 - y} (then {@code U < p}: accepted), -1 when {@code u 2^-ub >= 1 - y + y^2/2}
         * (then {@code U >= p}: rejected), 0 otherwise (about 7% of the proposals that reach it at {@code m = 20})
         * and for {@code m <} {@link #LINEAR_MIN_M}. Exact integer arithmetic in units of {@code 2^-(2m+1)}:
         * {@code y} is the integer {@code off (2x - off) < 2^(2m)} for {@code x < 1024 2^wb}, and
         * {@code y^2 / 2^(2m+2)} is rounded up from
         * the 128-bit square. The sub-interval thresholds ({@link BlockTable#ACCEPT}) bound p over a whole
         * sub-interval, 1/8 of a block; these bounds are for the point itself, so they decide the proposals whose
         * U falls between a sub-interval's thresholds (about 0.16% of all at {@code m = 20}) without a further word
         * or an {@code exp}.
         */
        static int pointDecision(long x, long u, int m) {
            if (m < LINEAR_MIN_M) {
                return 0;
            }
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            long off = x & ((1L << wb) - 1);
            long y = off * (x + x - off);
            long uLo = u << (3 * m - 30 - BlockTable.LOG2_BLOCKS_PER_SIGMA);
            long one = 1L << (2 * m + 1);
            if (uLo + (1L << (3 * m - 30 - BlockTable.LOG2_BLOCKS_PER_SIGMA)) + y <= one) {
                return 1;
            }
            int s = 2 * m + 2;
            long q = ((Math.multiplyHigh(y, y) << (64 - s)) | ((y * y) >>> s)) + 1; // >= y^2 / 2^(2m+2)
            return uLo + y >= one + q ? -1 : 0;
        }

        /** Smallest {@code m} for which {@link #pointDecision} decides anything ({@code 2m + 1 - ub = 3m - 36 >= 1}). */
        static final int LINEAR_MIN_M = (31 + BlockTable.LOG2_BLOCKS_PER_SIGMA + 2) / 3;

        /** What {@link #propose} returns for a rejected proposal (never a sample: |x| &lt; 2^40). */
        static final long REJECTED = Long.MIN_VALUE;

        /** One proposal of {@link #blockGaussian} from its first word {@code w}: the sample, or {@link #REJECTED}. */
        long propose(long w, int m) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int ub = 31 - wb;                     // known bits of U in the word, >= 6
            int up = 32 - ub;                     // scale to 32 bits
            int subShift = wb - BlockTable.SUB_BITS;
            long off = (w >>> 1) & ((1L << wb) - 1);
            long u = (w >>> (wb + 1)) & ((1L << ub) - 1);
            int d = BlockTable.DIRECT[(int) (w >>> (64 - BlockTable.DIRECT_BITS))];
            if (subShift >= 0 && d >= 0 && d < BlockTable.ACCEPT_BLOCKS
                    && u << up > (BlockTable.ACCEPT[((d << BlockTable.SUB_BITS) | (int) (off >>> subShift)) * 2 + 1]
                    & 0xFFFF_FFFFL)) {
                // early exit, the same decision as below (block32 gives d; no word drawn): rejected by U's first bits.
                // Also keeps this method above the JIT's inlining size (325 bytes), so that fill's loop stays lean.
                return REJECTED;
            }
            int j = BlockTable.block32(w >>> 32);
            if (j < 0) {
                j = BlockTable.block((w & 0xFFFF_FFFF_0000_0000L) | (word() >>> 32), words);
            }
            boolean ok;
            if (subShift >= 0 && j < BlockTable.ACCEPT_BLOCKS) {
                int idx = ((j << BlockTable.SUB_BITS) | (int) (off >>> subShift)) << 1;
                long low = BlockTable.ACCEPT[idx] & 0xFFFF_FFFFL;
                long highMinusOne = BlockTable.ACCEPT[idx + 1] & 0xFFFF_FFFFL;
                int decision;
                if ((u + 1) << up <= low) {
                    ok = true;            // U < (u+1) 2^-ub <= LOW 2^-32 <= p
                } else if (u << up > highMinusOne) {
                    ok = false;           // U >= u 2^-ub >= HIGH 2^-32 >= p
                } else if ((decision = pointDecision(((long) j << wb) + off, u, m)) != 0) {
                    ok = decision > 0;          // the point's own bounds on p (fill's loop takes the same decision)
                } else {
                    long u32 = (u << up) | (word() >>> (32 + ub));
                    if (u32 < low) {
                        ok = true;
                    } else if (u32 > highMinusOne) {
                        ok = false;
                    } else {
                        ok = acceptPoint(u32, off, j, m);
                    }
                }
            } else {
                ok = acceptPoint((u << up) | (word() >>> (32 + ub)), off, j, m);
            }
            if (!ok) {
                return REJECTED;
            }
            long x = ((long) j << wb) + off;
            long sign = -(w & 1); // bit 0: 0 or -1, applied without a branch
            if ((x | ~sign) == 0) {
                return REJECTED; // negative zero
            }
            return (x ^ sign) - sign;
        }

        /**
         * The batch encoding of a sample z: {@code 2 |z| + (z < 0 ? 1 : 0)} (so a proposal's point x and sign bit b
         * encode as {@code (x << 1) | b}); {@code |z| < 2^62}.
         */
        static long encode(long z) {
            return (Math.abs(z) << 1) | (z >>> 63);
        }

        /** The sample of an {@link #encode}d value. */
        static long decode(long t) {
            long sign = -(t & 1);
            return ((t >>> 1) ^ sign) - sign;
        }

        /** Samples per batch of {@link #release}: the noise of one batch is drawn, then added in one vector pass. */
        static final int BATCH = 1024;
        private final long[] batch = new long[BATCH];

        /**
         * {@code v[i] = (rint(r clamp(v[i])) + Z_i) * out} for {@code from <= i < to}, {@code Z_i} the
         * successive draws of {@link #fill} on this stream ({@link #pairGaussian} for {@code PAIR_MIN_M <= m <=
         * PAIR_MAX_M}, {@link #blockGaussian} otherwise): round to the grid, add the
         * noise, scale ({@code out = scale / r}; {@link GridRounding}). Draws a batch of samples with
         * {@link #fill}, then decodes, rounds and adds them back in one vector pass.
         */
        void release(float[] v, int from, int to, double r, float bound, double out, int m) {
            long[] z = batch;
            for (int i = from; i < to; i += BATCH) {
                int n = Math.min(BATCH, to - i);
                fill(z, 0, n, m);
                GridRounding.addBack(v, i, z, n, r, bound, out);
            }
        }

        /**
         * {@code v[i] = Z_i} (or {@code v[i] += Z_i} when {@code add}) for {@code from <= i < to}: for
         * {@code m >= 6} the successive draws of {@link #fill} on this stream (as {@link #release}), for
         * {@code 1 <= m <= 5} the exact CKS sampler {@link #discreteGaussian}{@code (m)}.
         */
        void integers(long[] v, int from, int to, int m, boolean add) {
            if (m < BlockTable.LOG2_BLOCKS_PER_SIGMA) {
                for (int i = from; i < to; i++) {
                    long z = discreteGaussian(m);
                    v[i] = add ? v[i] + z : z;
                }
                return;
            }
            if (!add) {
                fill(v, from, to - from, m);
                for (int i = from; i < to; i++) {
                    v[i] = decode(v[i]);
                }
                return;
            }
            long[] z = batch;
            for (int i = from; i < to; i += BATCH) {
                int n = Math.min(BATCH, to - i);
                fill(z, 0, n, m);
                for (int k = 0; k < n; k++) {
                    v[i + k] += decode(z[k]);
                }
            }
        }

        /**
         * {@code z[at + k] = } {@link #encode}{@code (}the next {@code n} draws{@code )}, {@code m >= 6}: the pair
         * sampler ({@link #fillPairs}) for {@code PAIR_MIN_M <= m <= PAIR_MAX_M}, the word sampler ({@link #fillWords})
         * otherwise. Both are exact samplers of the same distribution; they read the stream differently.
         */
        void fill(long[] z, int at, int n, int m) {
            if (m >= PAIR_MIN_M && m <= PAIR_MAX_M) {
                fillPairs(z, at, n, m);
            } else {
                fillWords(z, at, n, m);
            }
        }

        private static final int CB = WedgeTable.CELL_BITS;
        private static final int CELL_MASK = (1 << CB) - 1;
        /** Smallest m of the pair sampler ({@link #fillPairs}). */
        static final int PAIR_MIN_M = BlockTable.LOG2_BLOCKS_PER_SIGMA + WedgeTable.SUB_BITS;
        /** Largest m of the pair sampler: a 16-bit cell, {@code m - 6} offset bits and a sign fill 32 bits. */
        static final int PAIR_MAX_M = 32 - CB - 1 + BlockTable.LOG2_BLOCKS_PER_SIGMA;

        /**
         * The pair sampler, for {@code PAIR_MIN_M <= m <= PAIR_MAX_M}: {@code z[at + k] = } {@link #encode}{@code (}the
         * next {@code n} draws{@code )}, where each 64-bit word holds two proposals (its high half, then its low half;
         * a half left over at the end of a call is the first proposal of the next), decided by {@link #half}. Most
         * proposals fall in a cell of {@link WedgeTable#CELL} that names a rectangle {@code R_j} and are accepted
         * without acceptance bits; the loop ({@link #scanPairs}) writes those and hands a word with any other half to
         * {@link #half}, which decides both halves exactly (drawing further words for a cell that does not decide its
         * region, and for a wedge's acceptance). Same output as {@link #half} applied to the halves in order.
         */
        void fillPairs(long[] z, int at, int n, int m) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int end = at + n;
            int k = at;
            if (pending && k < end) {
                pending = false;
                long t = half(pendingHalf, m);
                if (t >= 0) {
                    z[k++] = t;
                }
            }
            int shift = wb + 1;
            long pointMask = (1L << shift) - 1;
            long limit = ((long) WedgeTable.UNDECIDED << shift) - 2 + Long.MIN_VALUE;
            byte[] s = stock;
            int p = next;
            while (end - k >= 2) {
                if (p == STOCK_BYTES) {
                    refill();
                    p = 0;
                }
                int stop = p + 8 * Math.min((end - k) >>> 1, (STOCK_BYTES - p) >>> 3);
                long r = scanPairs(s, p, stop, z, k, shift, pointMask, limit);
                k = (int) r & 0x7FFF_FFFF;
                p = (int) (r >>> 32) & 0x7FFF_FFFF;
                if (r < 0) {
                    long w = (long) LONGS.get(s, p - 8);
                    next = p;
                    long t = half(w >>> 32, m);
                    if (t >= 0) {
                        z[k++] = t;
                    }
                    t = half(w & 0xFFFF_FFFFL, m);
                    if (t >= 0) {
                        z[k++] = t;
                    }
                    p = next;
                }
            }
            next = p;
            while (k < end) {
                long w = word();
                long t = half(w >>> 32, m);
                if (t >= 0) {
                    z[k++] = t;
                }
                if (k == end) {
                    pendingHalf = w & 0xFFFF_FFFFL;
                    pending = true;
                    break;
                }
                t = half(w & 0xFFFF_FFFFL, m);
                if (t >= 0) {
                    z[k++] = t;
                }
            }
        }

        /**
         * One draw of the pair sampler ({@code PAIR_MIN_M <= m <= PAIR_MAX_M}): {@link #half} on the next halves of
         * the stream (a pending half first) until one is accepted; {@link #fillPairs} draws the same samples. The
         * reference the tests hold the loop to.
         */
        long pairGaussian(int m) {
            while (true) {
                long h;
                if (pending) {
                    pending = false;
                    h = pendingHalf;
                } else {
                    long w = word();
                    h = w >>> 32;
                    pendingHalf = w & 0xFFFF_FFFFL;
                    pending = true;
                }
                long t = half(h, m);
                if (t >= 0) {
                    return decode(t);
                }
            }
        }

        /**
         * {@link #fillPairs}'s loop: from byte {@code p} to {@code stop} of the stock, writes the two encoded samples
         * of each word whose halves both fall in cells naming a rectangle (and neither is x = 0: a possible negative
         * zero), and stops after any other word. Returns {@code (p' << 32) | k'}, the sign bit set when it stopped on
         * a word it did not decide.
         */
        private static long scanPairs(byte[] s, int p, int stop, long[] z, int k, int shift, long pointMask,
                long limit) {
            byte[] cells = WedgeTable.CELL;
            while (p < stop) {
                long w = (long) LONGS.get(s, p);
                p += 8;
                long t1 = ((long) (cells[(int) (w >>> (64 - CB))] & 0xFF) << shift) | ((w >>> 32) & pointMask);
                long t2 = ((long) (cells[(int) (w >>> (32 - CB)) & CELL_MASK] & 0xFF) << shift) | (w & pointMask);
                // t - 2 unsigned below UNDECIDED << shift - 2: a rectangle's cell, and x != 0
                if (t1 - 2 + Long.MIN_VALUE >= limit || t2 - 2 + Long.MIN_VALUE >= limit) {
                    return Long.MIN_VALUE | ((long) p << 32) | k;
                }
                z[k] = t1;
                z[k + 1] = t2;
                k += 2;
            }
            return ((long) p << 32) | k;
        }

        /**
         * One proposal of the pair sampler from a 32-bit half {@code h}: bits 16..31 are the first 16 bits of the
         * region's uniform fraction ({@link WedgeTable}; more bits from a fresh word when the cell does not decide),
         * bit 0 the sign (1: negative), bits 1..wb the offset ({@code wb = m - 6}). A rectangle's point is accepted; a
         * wedge's with probability q ({@link #acceptWedge}); a negative zero is rejected. Returns the encoded sample,
         * or -1 when rejected.
         */
        long half(long h, int m) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int c = (int) (h >>> (32 - CB));
            long point = h & ((2L << wb) - 1);
            int j = WedgeTable.CELL[c] & 0xFF;
            if (j == WedgeTable.UNDECIDED) {
                // one fresh word: its top 16 bits extend the region's fraction, its low 32 bits are U's first bits
                long f = word();
                int r = WedgeTable.region32(((long) c << (32 - CB)) | (f >>> (32 + CB)));
                if (r < 0) {
                    long g = word();
                    r = WedgeTable.region(((long) c << (64 - CB)) | ((f >>> (32 + CB)) << 32) | (g >>> 32),
                            () -> (g << 32) | (word() >>> 32));
                }
                j = r >>> 1;
                if ((r & 1) != 0 && !acceptWedge(f & 0xFFFF_FFFFL, point >>> 1, j, m)) {
                    return -1;
                }
            }
            long t = ((long) j << (wb + 1)) | point;
            return t == 1 ? -1 : t;
        }

        /**
         * Whether the point at offset {@code off} of block j's wedge is accepted: {@code U < q}, for the uniform U
         * whose first 32 bits are {@code u} (further bits drawn only when needed), decided against the certified
         * sub-interval bounds of {@link WedgeTable#Q}, then against {@link WedgeTable#wedge} with a margin of
         * 2^-40 (its error is below 2^-48), then exactly ({@link ExpComparison#uniformBelowWedge}).
         */
        boolean acceptWedge(long u, long off, int j, int m) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            if (j < WedgeTable.Q_BLOCKS && wb >= WedgeTable.SUB_BITS) {
                long q = WedgeTable.Q[(j << WedgeTable.SUB_BITS) | (int) (off >>> (wb - WedgeTable.SUB_BITS))];
                if (u + 1 <= (q & 0xFFFF_FFFFL)) {
                    return true;   // U < (u + 1) 2^-32 <= QLOW 2^-32 <= q
                }
                if (u > q >>> 32) {
                    return false;  // U >= u 2^-32 >= (QHIGH_MINUS_ONE + 1) 2^-32 >= q
                }
            }
            long b = off + ((long) j << (wb + 1)); // 2 j w + off < 2^(wb+11): off b < 2^41, exact in a double
            double gamma = (double) off * (double) b * Math.scalb(1.0, -(2 * m + 1));
            double q = Math.scalb(WedgeTable.wedge(gamma, j), 32);
            if ((double) (u + 1) <= q - 0x1p-8) {
                return true;
            }
            if ((double) u >= q + 0x1p-8) {
                return false;
            }
            return ExpComparison.uniformBelowWedge(u, 32, java.math.BigInteger.valueOf(off).multiply(
                    java.math.BigInteger.valueOf(b)), 2 * m + 1, j, words);
        }

        /**
         * The word sampler ({@link #fill} for m outside the pair sampler's range):
         * {@code z[at + k] = } {@link #encode}{@code (}the next {@code n} draws of {@link #blockGaussian}{@code (m)}
         * on this stream{@code )}, {@code m >= 6}. The common case (the block decided by the word's top 16 bits,
         * the point accepted by U's first bits against the certified lower threshold, x not in the first
         * sub-interval of block 0: about 98.8% of proposals at {@code m = 20}) is decided in {@link #scan} through
         * {@link BlockTable#fast}, where the block shifted into place ORed with the word's low bits is the encoded
         * sample {@code (x << 1) | sign}. The other words go to {@link #open}: rejected by the certified upper
         * threshold (0.54%); in a cell with a boundary (0.38%), the block from {@link BlockTable#blockInCell} and
         * both thresholds; in the sub-interval of x = 0 (0.16%), its real thresholds (a negative zero redrawn);
         * between the thresholds (0.16%), the point's own bounds ({@link #pointDecision}). Only the rest (about 0.01%:
         * U within about 2^-17 of p, a tie, |x| beyond 3.9 sigma) goes to {@link #propose} with the same word, which
         * decides it exactly as {@code blockGaussian} would (so the output is the same), drawing further words only
         * when needed. Every shortcut decides only where {@code propose} decides the same from the same bits.
         */
        void fillWords(long[] z, int at, int n, int m) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int end = at + n;
            if (wb < BlockTable.SUB_BITS || wb > 25) {
                for (int k = at; k < end; k++) {
                    z[k] = encode(blockGaussian(m));
                }
                return;
            }
            BlockTable.Fast tables = BlockTable.fast(m);
            long[] low = tables.low();
            long[] high = tables.high();
            int shift = wb + 1;
            int idxShift = wb + 1 - BlockTable.SUB_BITS;
            long pointMask = (1L << (wb + 1)) - 1;             // sign and offset
            long uField = ((1L << (31 - wb)) - 1) << (wb + 1); // U's first bits, in place
            byte[] s = stock;
            int k = at;
            int p = next;
            while (k < end) {
                if (p == STOCK_BYTES) {
                    refill();
                    p = 0;
                }
                // as many words as there are samples left to draw (each word gives at most one) and in the stock
                int stop = p + 8 * Math.min(end - k, (STOCK_BYTES - p) >>> 3);
                long r = scan(s, p, stop, z, k, low, shift, idxShift, pointMask);
                k = (int) r & 0x7FFF_FFFF;
                p = (int) (r >>> 32) & 0x7FFF_FFFF;
                if (r < 0) {
                    // the word at p - 8 was not accepted by the loop's one comparison (about 1.2% of words)
                    long w = (long) LONGS.get(s, p - 8);
                    long t = open(w, low, high, tables.low0(), tables.high0(), shift, idxShift, pointMask, uField, m);
                    if (t >= 0) {
                        z[k++] = t;
                    } else if (t == OPEN) {
                        // not decided by the first bits either (about 0.01% of words): the general path, from the
                        // same word, drawing further words only when it needs them
                        next = p;
                        long x = propose(w, m);
                        p = next;
                        if (x != REJECTED) {
                            z[k++] = encode(x);
                        }
                    }
                }
            }
            next = p;
        }

        /**
         * {@link #fill}'s inline loop, a small method with few live values (C2 inlines it into {@code fill} once hot;
         * keeping it apart measured 2-3% slower): from byte {@code p} to {@code stop} of the stock, writes the encoded
         * sample of each word whose block its cell decides and whose U's first bits are below the certified lower
         * threshold (about 98.8% of words at {@code m = 20}: one lookup of the block, one of the threshold, one
         * comparison), and stops after any other word, which {@link #open} then decides. Returns {@code (p' << 32) | k'} (p' the byte after the last
         * word read, k' the next free index of z), with the sign bit set when it stopped on a word it did not accept.
         */
        private static long scan(byte[] s, int p, int stop, long[] z, int k, long[] low, int shift, int idxShift,
                long pointMask) {
            byte[] blocks = BlockTable.FAST_BLOCK;
            while (p < stop) {
                long w = (long) LONGS.get(s, p);
                p += 8;
                long t = ((long) (blocks[(int) (w >>> (64 - BlockTable.FAST_BITS))] & 0xFF) << shift) | (w & pointMask);
                // U's first bits with the point's bits below them: the same comparison as with U's field alone, since
                // low[i] is a multiple of 2^shift (BlockTable.Fast)
                if ((w & 0xFFFF_FFFFL) >= low[(int) (t >>> idxShift)]) {
                    return Long.MIN_VALUE | ((long) p << 32) | k;
                }
                z[k++] = t;
            }
            return ((long) p << 32) | k;
        }

        /** What {@link #open} returns for a proposal its first bits reject. */
        static final long SHUT = -1;
        /** What {@link #open} returns for a proposal its first bits do not decide. */
        static final long OPEN = -2;

        /**
         * Decides from its first bits, as {@link #propose} would, a word that {@link #scan} did not accept: rejected
         * by the certified upper threshold (about 0.5% of words); in a cell with a block boundary (0.38%), the block
         * from {@link BlockTable#blockInCell} and its thresholds; in the sub-interval of x = 0 (0.16%), its real
         * thresholds (a negative zero is redrawn); between a sub-interval's thresholds (0.16%), the point's own bounds
         * ({@link #pointDecision}). Returns the encoded sample, {@link #SHUT}, or {@link #OPEN} (U within about
         * 2^-17 of p, a tie with a boundary, a block beyond 3.9 sigma; about 0.01% of words).
         */
        private static long open(long w, long[] low, long[] high, long low0, long high0, int shift, int idxShift,
                long pointMask, long uField, int m) {
            long t = ((long) (BlockTable.FAST_BLOCK[(int) (w >>> (64 - BlockTable.FAST_BITS))] & 0xFF) << shift)
                    | (w & pointMask);
            int i = (int) (t >>> idxShift);
            long f = w & uField;
            if (f > high[i]) {
                return SHUT; // rejected by U's first bits
            }
            if (i >= BlockTable.UNDECIDED << BlockTable.SUB_BITS) {
                int j = BlockTable.blockInCell(w >>> 32);
                if (j < 0 || j >= BlockTable.UNDECIDED) {
                    return OPEN; // a tie, or beyond 3.9 sigma
                }
                t = ((long) j << shift) | (w & pointMask);
                i = (int) (t >>> idxShift);
                if (i != 0) {
                    if (f < low[i]) {
                        return t;
                    }
                    if (f > high[i]) {
                        return SHUT;
                    }
                }
            }
            if (i == 0) {
                if (f < low0) {
                    return t != 1 ? t : SHUT; // t = 1: x = 0 with a minus sign, redrawn
                }
                if (f > high0) {
                    return SHUT;
                }
            }
            // U's first bits between the sub-interval's thresholds: against the point's own bounds
            int d = pointDecision(t >>> 1, f >>> shift, m);
            if (d > 0) {
                return t != 1 ? t : SHUT;
            }
            return d < 0 ? SHUT : OPEN;
        }

        /**
         * Exactly whether {@code U < exp(-gamma)}, {@code gamma = off (2 j w + off) / 2^(2m+1)}, for the uniform
         * U whose first 32 bits are {@code u} (further bits drawn only when needed). Tier 2: {@link
         * StrictMath#exp} on gamma rounded to a double; its error is at most 1 ulp (the method's contract) and
         * the rounding of gamma (&lt; 6) moves exp by at most 6 2^-53, so the true value lies within
         * 2^-40 of the double, and the decision is taken only when the 32-bit interval of U is more than 2^-40
         * away from it. Otherwise (probability about 2^-31) tier 3: exact rational bounds
         * ({@link ExpComparison#uniformBelowExp}).
         */
        boolean acceptPoint(long u, long off, int j, int m) {
            return acceptPoint(u, off, j, m, words);
        }

        /** {@link #acceptPoint(long, long, int, int)} with U's further bits from {@code more}. */
        boolean acceptPoint(long u, long off, int j, int m, java.util.function.LongSupplier more) {
            int wb = m - BlockTable.LOG2_BLOCKS_PER_SIGMA;
            int shift = 2 * m + 1;
            long b = off + ((long) j << (wb + 1)); // < 2^(m+7) <= 2^37: exact in a double
            double gamma = (double) off * (double) b * Math.scalb(1.0, -shift);
            double scaled = Math.scalb(StrictMath.exp(-gamma), 32);
            if ((double) (u + 1) <= scaled - 0x1p-8) {
                return true;
            }
            if ((double) u >= scaled + 0x1p-8) {
                return false;
            }
            java.math.BigInteger num = java.math.BigInteger.valueOf(off).multiply(java.math.BigInteger.valueOf(b));
            return ExpComparison.uniformBelowExp(u, 32, num, shift, more);
        }

        /** Discrete Gaussian N_Z(0, 2^(2m)), 1 <= m <= 30 (CKS Algorithm 3 with t = sigma = 2^m). */
        long discreteGaussian(int m) {
            int shift = 2 * m + 1;
            long mask = (1L << shift) - 1;
            while (true) {
                long y = discreteLaplace(m);
                long d = Math.abs(y) - (1L << m);
                // gamma = d^2 / 2^(2m+1), split into integer part and dyadic fraction (128-bit square)
                long hi = Math.multiplyHigh(d, d);
                long lo = d * d;
                long intPart = (hi >>> shift) != 0 ? Long.MAX_VALUE : (hi << (64 - shift)) | (lo >>> shift);
                if (intPart < 0) {
                    intPart = Long.MAX_VALUE;
                }
                if (bernoulliExpMinus(intPart, lo & mask, shift)) {
                    return y;
                }
            }
        }
    }
}
