package org.privet.dp.sgd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The tables of the pair sampler ({@code DiscreteGaussianNoise.Sampler#fill} for {@code 11 <= m <= 21}): the block
 * proposal of {@link BlockTable} cut, ziggurat-style, into a rectangle and a wedge per block, so that most
 * proposals need no acceptance bits and one 64-bit word carries two of them.
 *
 * <p>Block j (width {@code w = sigma / 64}, points {@code x = j w + off}, {@code 0 <= off < w}) has density
 * {@code exp(-x^2 / (2 sigma^2)) = g_j exp(-gamma(x))}, {@code g_j = exp(-j^2 / 8192)} and {@code gamma(x) =
 * (x^2 - (j w)^2) / (2 sigma^2) < (2j + 1) / 8192 = gamma_c}, so the density lies above {@code g_(j+1) = g_j c_j},
 * {@code c_j = exp(-gamma_c)}, on the whole block. Region {@code R_j = 2j} (the rectangle under {@code g_(j+1)})
 * has mass {@code w g_(j+1)}: its points are uniform and always accepted. Region {@code E_j = 2j + 1} (the strip
 * between {@code g_(j+1)} and {@code g_j}) has mass {@code w (g_j - g_(j+1))}: a uniform point there is accepted
 * with probability {@code q(x) = (exp(-gamma(x)) - c_j) / (1 - c_j)} in (0, 1]. Per point the accepted mass is
 * {@code g_(j+1) + (g_j - g_(j+1)) q(x) = g_j exp(-gamma(x))}, the density: the output is the same distribution
 * as {@link BlockTable}'s. The 2048 region probabilities are stored as 128-bit cumulative fractions (rounded down;
 * the last region takes the remainder; {@link BigDecimal} at 60 significant digits), so the table is within
 * {@code 2 * 2048 * 2^-128} of the exact proposal in total variation.
 *
 * <p>{@link #CELL} decides the region of a proposal from the first 16 bits of its uniform fraction when the whole
 * cell lies in one rectangle {@code R_j} with {@code j < 255} (about 98% of proposals); {@link #QLOW} and
 * {@link #QHIGH} bound {@code q} on 32 sub-intervals of each block for the wedges. Immutable and thread-safe.
 */
final class WedgeTable {
    /** Blocks, as {@link BlockTable}: 1024 of width sigma/64, up to 16 sigma. */
    static final int BLOCKS = BlockTable.BLOCKS;
    /** Regions: {@code R_j = 2j}, {@code E_j = 2j + 1}. */
    static final int REGIONS = 2 * BLOCKS;

    /** Cumulative probabilities, 128-bit fractions: hi (unsigned) and lo words; the last is 2^128 (all ones). */
    static final long[] CUM_HI = new long[REGIONS];
    static final long[] CUM_LO = new long[REGIONS];
    /** The top 32 bits of each cumulative fraction (unsigned, in a long). */
    static final long[] CUM_TOP32 = new long[REGIONS];

    static {
        MathContext mc = new MathContext(60, RoundingMode.HALF_EVEN);
        BigDecimal[] g = new BigDecimal[BLOCKS + 1];
        for (int j = 0; j <= BLOCKS; j++) {
            g[j] = BlockTable.expMinus(BigDecimal.valueOf((long) j * j)
                    .divide(BigDecimal.valueOf(2L << (2 * BlockTable.LOG2_BLOCKS_PER_SIGMA)), mc), mc);
        }
        BigDecimal total = BigDecimal.ZERO;
        for (int j = 0; j < BLOCKS; j++) {
            total = total.add(g[j], mc);
        }
        BigDecimal two128 = new BigDecimal(BigInteger.ONE.shiftLeft(128));
        BigInteger max = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
        BigDecimal cum = BigDecimal.ZERO;
        for (int r = 0; r < REGIONS; r++) {
            int j = r >>> 1;
            cum = cum.add((r & 1) == 0 ? g[j + 1] : g[j].subtract(g[j + 1], mc), mc);
            BigInteger c = r == REGIONS - 1 ? max
                    : cum.divide(total, mc).multiply(two128).setScale(0, RoundingMode.FLOOR).toBigInteger().min(max);
            CUM_HI[r] = c.shiftRight(64).longValue();
            CUM_LO[r] = c.longValue();
            CUM_TOP32[r] = CUM_HI[r] >>> 32;
        }
    }

    /** Bits of a proposal's uniform fraction that index {@link #CELL}. */
    static final int CELL_BITS = PrefixCells.BITS;
    /** The {@link #CELL} value of a cell that does not decide (and the first block it never names). */
    static final int UNDECIDED = 255;
    /** The regions' boundaries by 16-bit cell. */
    private static final PrefixCells CELLS = new PrefixCells(CUM_TOP32);
    /**
     * CELL[t] (unsigned) = j when every 32-bit prefix whose top 16 bits are t lies in region {@code R_j} (no
     * boundary's top 32 bits fall in the cell, as {@link BlockTable#FAST_BLOCK}) and {@code j < UNDECIDED}; else
     * {@code UNDECIDED}.
     */
    static final byte[] CELL = new byte[1 << CELL_BITS];

    static {
        for (int t = 0; t < 1 << CELL_BITS; t++) {
            int r = CELLS.inside(t);
            CELL[t] = (byte) (r >= 0 && (r & 1) == 0 && (r >>> 1) < UNDECIDED ? r >>> 1 : UNDECIDED);
        }
    }

    /**
     * The region of the uniform fraction whose first 32 bits are {@code p}, or -1 when they do not decide it (a
     * boundary's top 32 bits equal {@code p}): region r is the first with {@code CUM[r] > U}.
     */
    static int region32(long p) {
        return CELLS.lookup32(p);
    }

    /** The region of the 128-bit uniform fraction (hi, lo); the low word is drawn only on a tie of the high words. */
    static int region(long hi, java.util.function.LongSupplier lo) {
        int r = CELLS.start((int) (hi >>> (64 - CELL_BITS)));
        while (r < REGIONS - 1) {
            int c = Long.compareUnsigned(hi, CUM_HI[r]);
            if (c < 0) {
                return r;
            }
            if (c == 0) {
                long l = lo.getAsLong();
                for (int s = r; s < REGIONS - 1; s++) {
                    int d = Long.compareUnsigned(hi, CUM_HI[s]);
                    if (d < 0 || (d == 0 && Long.compareUnsigned(l, CUM_LO[s]) < 0)) {
                        return s;
                    }
                }
                return REGIONS - 1;
            }
            r++;
        }
        return REGIONS - 1;
    }

    /** log2 of the sub-intervals per block of the wedge thresholds. */
    static final int SUB_BITS = 5;
    /** Blocks with wedge thresholds: those the cells can name. */
    static final int Q_BLOCKS = UNDECIDED;
    /**
     * Certified 32-bit bounds of the wedge acceptance {@code q(t) = (exp(-t (t + 2j) / 8192) - c_j) / (1 - c_j)} at
     * fraction t of block j (decreasing in t), for sub-interval s ({@code s/32 <= t < (s+1)/32}) at index
     * {@code 32 j + s}: the low 32 bits hold {@code QLOW <= 2^32 q((s+1)/32)} and the high 32 bits
     * {@code QHIGH_MINUS_ONE}, with {@code QHIGH_MINUS_ONE + 1 >= 2^32 q(s/32)} (both unsigned). Computed with
     * {@link StrictMath} and a margin of 2^-40 ({@link #wedge}); certified against exact rational bounds
     * ({@link ExpComparison}) by {@code PairSamplerTest}.
     */
    static final long[] Q = new long[Q_BLOCKS << SUB_BITS];

    static {
        int subs = 1 << SUB_BITS;
        for (int j = 0; j < Q_BLOCKS; j++) {
            double[] q = new double[subs + 1];
            for (int t = 0; t <= subs; t++) {
                // gamma at fraction t / 32 of block j: t (t + 64 j) / 2^23, exact in a double
                q[t] = wedge(Math.scalb((double) ((long) t * (t + 64L * j)), -(2 * SUB_BITS + 13)), j);
            }
            for (int t = 0; t < subs; t++) {
                long low = Math.max(0L, (long) Math.floor(Math.scalb(q[t + 1] - 0x1p-40, 32)));
                long high = Math.min(1L << 32, (long) Math.ceil(Math.scalb(q[t] + 0x1p-40, 32)));
                Q[(j << SUB_BITS) + t] = ((high - 1) << 32) | low;
            }
        }
    }

    /**
     * {@code q = (exp(-gamma) - c) / (1 - c)}, {@code c = exp(-(2j + 1) / 8192)}, for an exact double
     * {@code 0 <= gamma <= (2j + 1) / 8192}, within 2^-48 (computed as {@code c expm1(gamma_c - gamma) /
     * -expm1(-gamma_c)}: three {@link StrictMath} calls within 1 ulp each, one rounded subtraction, two rounded
     * operations: a relative error below 2^-49, and q &lt;= 1).
     */
    static double wedge(double gamma, int j) {
        double gc = Math.scalb((double) (2 * j + 1), -13);
        return StrictMath.exp(-gc) * StrictMath.expm1(gc - gamma) / -StrictMath.expm1(-gc);
    }

    private WedgeTable() {
    }
}
