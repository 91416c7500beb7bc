package org.privet.dp.sgd;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The proposal table of the fast discrete Gaussian sampler ({@link DiscreteGaussianNoise}): the half-line
 * {@code [0, 40 sigma)} cut into {@code J = 320} blocks of width {@code w = sigma / 8}; block j gets
 * probability {@code p_j = e_j / sum_i e_i} with {@code e_j = exp(-(j w)^2 / (2 sigma^2)) = exp(-j^2 / 128)}
 * (independent of sigma), stored as 128-bit cumulative fractions (rounded down; the last block takes the
 * remainder), plus a guide table on the top 10 bits for a constant-time search. Built once with
 * {@link BigDecimal} at 60 significant digits; immutable and thread-safe.
 */
final class BlockTable {
    /** log2 of blocks per sigma. */
    static final int LOG2_BLOCKS_PER_SIGMA = 3;
    /** Blocks: 40 sigma. */
    static final int BLOCKS = 40 << LOG2_BLOCKS_PER_SIGMA;
    private static final int GUIDE_BITS = 10;

    /** Cumulative probabilities, 128-bit fractions: hi (unsigned) and lo words; the last is 2^128 (stored as all ones). */
    static final long[] CUM_HI = new long[BLOCKS];
    static final long[] CUM_LO = new long[BLOCKS];
    /** GUIDE[t] = the first block whose cumulative high word is >= t 2^54. */
    static final int[] GUIDE = new int[(1 << GUIDE_BITS) + 1];

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
