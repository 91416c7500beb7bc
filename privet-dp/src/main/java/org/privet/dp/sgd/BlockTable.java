package org.privet.dp.sgd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The tables of the fast discrete Gaussian sampler ({@link DiscreteGaussianNoise}). Proposal: the half-line
 * {@code [0, 16 sigma)} cut into {@code J = 1024} blocks of width {@code w = sigma / 64}; block j gets
 * probability {@code p_j = e_j / sum_i e_i} with {@code e_j = exp(-(j w)^2 / (2 sigma^2)) = exp(-j^2 / 8192)}
 * (independent of sigma), stored as 128-bit cumulative fractions (rounded down; the last block takes the
 * remainder; built once with {@link BigDecimal} at 60 significant digits), with a direct table on the top 12
 * bits and a guide table for the rest. Acceptance: certified 32-bit thresholds per sub-interval of a block.
 * Immutable and thread-safe.
 */
final class BlockTable {
    /**
     * log2 of blocks per sigma: 6 (blocks of sigma/64; 99.4% of proposals accepted). The drawing loop's rejections
     * are branch mispredictions; with 5 (98.8% accepted) the noise of a DP-SGD step took 5% longer.
     */
    static final int LOG2_BLOCKS_PER_SIGMA = 6;
    /** Blocks: 16 sigma (the mass beyond, e^-128 &lt; 2^-184, is far below the table's 2^-128 resolution). */
    static final int BLOCKS = 16 << LOG2_BLOCKS_PER_SIGMA;
    private static final int GUIDE_BITS = 10;

    /** Cumulative probabilities, 128-bit fractions: hi (unsigned) and lo words; the last is 2^128 (stored as all ones). */
    static final long[] CUM_HI = new long[BLOCKS];
    static final long[] CUM_LO = new long[BLOCKS];
    /** GUIDE[t] = the first block whose cumulative high word is >= t 2^54. */
    static final int[] GUIDE = new int[(1 << GUIDE_BITS) + 1];
    /** The top 32 bits of each cumulative fraction (unsigned, in a long). */
    static final long[] CUM_TOP32 = new long[BLOCKS];
    static final int DIRECT_BITS = 12;
    /**
     * DIRECT[t] = the block of every 32-bit prefix in cell t (prefixes {@code t 2^20 .. (t+1) 2^20 - 1}) when
     * no boundary's top 32 bits fall in the cell (then {@link #block32} gives that block for all of them and
     * is never undecided), else -1.
     */
    static final short[] DIRECT = new short[1 << DIRECT_BITS];

    static {
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal[] e = new BigDecimal[BLOCKS];
        BigDecimal total = BigDecimal.ZERO;
        for (int j = 0; j < BLOCKS; j++) {
            e[j] = expMinus(BigDecimal.valueOf((long) j * j).divide(BigDecimal.valueOf(2L << (2 * LOG2_BLOCKS_PER_SIGMA)), mc), mc);
            total = total.add(e[j], mc);
        }
        BigDecimal two128 = new BigDecimal(BigInteger.ONE.shiftLeft(128));
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BigDecimal cum = BigDecimal.ZERO;
        for (int j = 0; j < BLOCKS; j++) {
            cum = cum.add(e[j], mc);
            BigInteger c = j == BLOCKS - 1 ? max
                    : cum.divide(total, mc).multiply(two128).setScale(0, RoundingMode.FLOOR).toBigInteger().min(max);
            CUM_HI[j] = c.shiftRight(64).longValue();
            CUM_LO[j] = c.longValue();
            CUM_TOP32[j] = CUM_HI[j] >>> 32;
        }
        int j = 0;
        for (int t = 0; t <= 1 << GUIDE_BITS; t++) {
            long bound = t == 1 << GUIDE_BITS ? -1L : (long) t << (64 - GUIDE_BITS);
            while (j < BLOCKS - 1 && Long.compareUnsigned(CUM_HI[j], bound) < 0) {
                j++;
            }
            GUIDE[t] = j;
        }
    }

    /** Blocks covered by the acceptance threshold table: |x| &lt; 8 sigma (mass outside: about 1e-15). */
    static final int ACCEPT_BLOCKS = 8 << LOG2_BLOCKS_PER_SIGMA;
    /** log2 of sub-intervals per block in the acceptance threshold table. */
    static final int SUB_BITS = 3;
    /**
     * Certified 32-bit acceptance thresholds, two per (block j, sub-interval s), at index
     * {@code 2 (j 2^SUB_BITS + s)}: {@code LOW <= 2^32 p((s+1)/32)} and {@code HIGH_MINUS_ONE + 1 >= 2^32 p(s/32)},
     * where {@code p(t) = exp(-t (t + 2j) / 128)} is the acceptance probability of the point at fraction t of
     * block j (decreasing in t). Unsigned ints. Computed with {@link StrictMath#exp} (specified to return
     * fdlibm's results bit for bit, within 1 ulp) and a margin of 2^-40; every entry is certified against
     * exact rational bounds ({@link ExpComparison}) by {@code FastSamplerTest}.
     */
    static final int[] ACCEPT = new int[2 * ACCEPT_BLOCKS << SUB_BITS];

    static {
        int subs = 1 << SUB_BITS;
        for (int j = 0; j < ACCEPT_BLOCKS; j++) {
            long[] lower = new long[subs + 1];
            long[] upper = new long[subs + 1];
            for (long t = 0; t <= subs; t++) {
                // fraction f = t / 2^S of block j (width sigma / 2^L): gamma = f (f + 2j) / 2^(2L+1)
                // = t (t + 2j 2^S) / 2^(2S+2L+1): exact in a double
                double gamma = Math.scalb((double) (t * (t + ((long) 2 * j << SUB_BITS))),
                        -(2 * SUB_BITS + 2 * LOG2_BLOCKS_PER_SIGMA + 1));
                double p = StrictMath.exp(-gamma);
                lower[(int) t] = Math.max(0L, (long) Math.floor(Math.scalb(p - 0x1p-40, 32)));
                upper[(int) t] = Math.min(1L << 32, (long) Math.ceil(Math.scalb(p + 0x1p-40, 32)));
            }
            for (int t = 0; t < subs; t++) {
                ACCEPT[2 * (j * subs + t)] = (int) lower[t + 1];
                ACCEPT[2 * (j * subs + t) + 1] = (int) (upper[t] - 1);
            }
        }
    }

    static {
        int k = 0;
        for (int t = 0; t < 1 << DIRECT_BITS; t++) {
            long lo = (long) t << (32 - DIRECT_BITS);
            long hi = lo + (1L << (32 - DIRECT_BITS)) - 1;
            while (k < BLOCKS && CUM_TOP32[k] < lo) {
                k++;
            }
            // k = first block with TOP32 >= lo; clean iff TOP32[k] > hi (so no boundary in [lo, hi])
            DIRECT[t] = (short) (k < BLOCKS && CUM_TOP32[k] > hi ? k : -1);
        }
    }

    /**
     * Bits of the word's top that index {@link #FAST_BLOCK}: 16 (a 64 KB table) leaves 0.38% of proposals in cells
     * with a boundary (14 bits: 1.5%); the noise was 8-10% faster with 16 than with 14, and no faster with 17
     * (docs/dp.md).
     */
    static final int FAST_BITS = PrefixCells.BITS;
    /**
     * The row of the fast tables that stands for "block not decided" (the largest value of a byte): its thresholds,
     * and those of every row above it, never decide. Block 255 begins at 3.98 sigma (mass beyond: 7e-5).
     */
    static final int UNDECIDED = 255;
    /** The blocks' boundaries by 16-bit cell. */
    private static final PrefixCells CELLS = new PrefixCells(CUM_TOP32);
    /**
     * FAST_BLOCK[t] (unsigned) = the block j of every 32-bit prefix whose top 16 bits are t, when no boundary's
     * top 32 bits fall in that cell (as {@link #DIRECT}, finer) and {@code j < UNDECIDED}; else {@code UNDECIDED}
     * (blocks from 255 on, beyond 3.98 sigma, are never decided by a cell, so the row is free).
     */
    static final byte[] FAST_BLOCK = new byte[1 << FAST_BITS];

    static {
        for (int t = 0; t < 1 << FAST_BITS; t++) {
            int j = CELLS.inside(t);
            FAST_BLOCK[t] = (byte) (j >= 0 && j < UNDECIDED ? j : UNDECIDED);
        }
    }

    /**
     * {@link #block32}{@code (p)} for a 32-bit prefix {@code p}, by a scan from the first block that reaches its
     * cell (one or two steps in the cells with a boundary, where the sampler needs it): the same result, -1 included,
     * since the blocks skipped all end below {@code p}.
     */
    static int blockInCell(long p) {
        return CELLS.lookup32(p);
    }

    /**
     * The acceptance thresholds of the sampler's inline fast path for one {@code m = log2 sigma} in [9, 30]
     * (block width {@code 2^wb} granules, {@code wb = m - 6}), read with a proposal word {@code w} laid out as in
     * {@code DiscreteGaussianNoise.Sampler#blockGaussian} (bit 0 the sign, bits 1..wb the offset, bits wb+1..31
     * U's first {@code ub = 31 - wb} bits, bits 32..63 the block fraction). With {@code j = FAST_BLOCK[w >>> 50]},
     * {@code t = (j << (wb + 1)) | (w & (2^(wb+1) - 1)) = (x << 1) | sign} (x the proposed point when the block is
     * decided), and {@code i = t >>> (wb + 1 - SUB_BITS) = j 2^SUB_BITS + s} (s the point's sub-interval):
     * <ul>
     * <li>{@code low[i] = floor(LOW / 2^(32 - ub)) << (wb + 1)}, LOW the certified lower threshold of
     * {@link #ACCEPT}: the masked field {@code w & ((2^ub - 1) << (wb + 1)) = u 2^(wb+1)} is below it iff
     * {@code u + 1 <= floor(LOW 2^-(32-ub))} iff {@code (u + 1) 2^-ub <= LOW 2^-32}, i.e. iff U's first bits
     * alone prove {@code U < p}: accepted.</li>
     * <li>{@code high[i] = floor((HIGH - 1) / 2^(32 - ub)) << (wb + 1)}: the field is above it iff
     * {@code u 2^(32-ub) > HIGH - 1} iff {@code u 2^-ub >= HIGH 2^-32}, i.e. iff U's first bits alone prove
     * {@code U >= p}: rejected.</li>
     * </ul>
     * Entry 0 (the first sub-interval of block 0, the only one that holds x = 0, so a possible negative zero) and
     * the row {@link #UNDECIDED} decide nothing ({@code low = 0}, {@code high = Long.MAX_VALUE}); {@code low0} and
     * {@code high0} are entry 0's real thresholds, for a check that excludes the negative zero. A word these
     * tables do not decide goes to the general path, which decides it from the same word with the same result:
     * the fast path only short-cuts the cases where the decision is already proven.
     */
    record Fast(long[] low, long[] high, long low0, long high0) {
    }

    private static final java.util.concurrent.atomic.AtomicReferenceArray<Fast> FAST =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(31);

    /** The fast-path tables for {@code m} in [9, 30] (built once per m, then shared; thread-safe). */
    static Fast fast(int m) {
        Fast f = FAST.get(m);
        if (f == null) {
            f = buildFast(m);
            FAST.compareAndSet(m, null, f);
        }
        return f;
    }

    private static Fast buildFast(int m) {
        int wb = m - LOG2_BLOCKS_PER_SIGMA;
        if (wb < SUB_BITS || wb > 25) {
            throw new AssertionError("internal invariant: fast tables need 9 <= m <= 30, got " + m);
        }
        int up = 32 - (31 - wb);
        long[] low = new long[ACCEPT_BLOCKS << SUB_BITS];
        long[] high = new long[ACCEPT_BLOCKS << SUB_BITS];
        java.util.Arrays.fill(high, Long.MAX_VALUE);
        for (int i = 1; i < UNDECIDED << SUB_BITS; i++) {
            low[i] = ((ACCEPT[2 * i] & 0xFFFF_FFFFL) >>> up) << (wb + 1);
            high[i] = ((ACCEPT[2 * i + 1] & 0xFFFF_FFFFL) >>> up) << (wb + 1);
        }
        return new Fast(low, high, ((ACCEPT[0] & 0xFFFF_FFFFL) >>> up) << (wb + 1),
                ((ACCEPT[1] & 0xFFFF_FFFFL) >>> up) << (wb + 1));
    }

    private BlockTable() {
    }

    /** exp(-x) for 0 <= x <= 1000: halve to below 1, alternating series, square back. */
    static BigDecimal expMinus(BigDecimal x, MathContext mc) {
        MathContext wide = new MathContext(mc.getPrecision() + 20, RoundingMode.HALF_EVEN);
        int k = 0;
        BigDecimal y = x;
        while (y.compareTo(BigDecimal.ONE) > 0) {
            y = y.divide(BigDecimal.valueOf(2), wide);
            k++;
        }
        BigDecimal term = BigDecimal.ONE;
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal eps = BigDecimal.ONE.movePointLeft(wide.getPrecision() + 5);
        for (int n = 1; term.abs().compareTo(eps) > 0; n++) {
            term = term.multiply(y, wide).divide(BigDecimal.valueOf(-n), wide);
            sum = sum.add(term, wide);
        }
        for (int i = 0; i < k; i++) {
            sum = sum.multiply(sum, wide);
        }
        return sum.round(mc);
    }

    /**
     * The block whose cumulative interval holds the 128-bit uniform fraction (hi, lo); the low word is drawn
     * only when the high word ties with a boundary (probability about 2^-64 per draw).
     */
    static int block(long hi, java.util.function.LongSupplier lo) {
        int j = GUIDE[(int) (hi >>> (64 - GUIDE_BITS))];
        while (j < BLOCKS - 1) {
            int c = Long.compareUnsigned(hi, CUM_HI[j]);
            if (c < 0) {
                return j;
            }
            if (c == 0) {
                return blockFull(j, hi, lo.getAsLong());
            }
            j++;
        }
        return BLOCKS - 1;
    }

    /**
     * The block from the first 32 bits {@code p} of the uniform fraction, or -1 when they do not decide it
     * (a table boundary's top 32 bits equal {@code p}: probability below 2^-24; the caller then goes on with
     * {@link #block} on more bits). Block j is the first with {@code CUM[j] > U}: {@code TOP32[j] > p}
     * gives {@code CUM[j] >= (p + 1) 2^-32 > U}, and {@code TOP32[j-1] < p} gives {@code CUM[j-1] < p 2^-32 <= U}.
     */
    static int block32(long p) {
        int d = DIRECT[(int) (p >>> (32 - DIRECT_BITS))];
        if (d >= 0) {
            return d;
        }
        int j = GUIDE[(int) (p >>> (32 - GUIDE_BITS))];
        while (j < BLOCKS - 1 && CUM_TOP32[j] <= p) {
            j++;
        }
        if (CUM_TOP32[j] <= p || (j > 0 && CUM_TOP32[j - 1] == p)) {
            return -1;
        }
        return j;
    }

    private static int blockFull(int from, long hi, long lo) {
        for (int j = from; j < BLOCKS - 1; j++) {
            int c = Long.compareUnsigned(hi, CUM_HI[j]);
            if (c < 0 || (c == 0 && Long.compareUnsigned(lo, CUM_LO[j]) < 0)) {
                return j;
            }
        }
        return BLOCKS - 1;
    }
}
