package org.privet.he.ring;

import java.util.Arrays;

/**
 * A polynomial of {@code Z[X]/(X^N + 1)} in residue-number-system form: one row of {@code N} residues per
 * modulus of its basis ({@code coeffs[i][j]} is coefficient {@code j} modulo {@code basis[i]}, in
 * {@code [0, q_i)}). Whether the rows hold coefficients or NTT evaluations is tracked by {@link #isNtt()}.
 *
 * <p>Mutable and not thread safe; operations named {@code ...InPlace} overwrite {@code this}. Rows are
 * {@code long[]} so that each limb is one contiguous array.
 */
public final class RnsPoly {
    final Modulus[] basis;
    final long[][] coeffs;
    boolean ntt;

    /** A zero polynomial over {@code basis} (in coefficient form). */
    public RnsPoly(Modulus[] basis) {
        this(basis, new long[basis.length][basis[0].n], false);
    }

    /** Wraps the given rows (not copied); each row must have length N and entries in {@code [0, q_i)}. */
    public RnsPoly(Modulus[] basis, long[][] coeffs, boolean ntt) {
        if (basis.length == 0 || basis.length != coeffs.length) {
            throw new IllegalArgumentException("basis has " + basis.length + " moduli but " + coeffs.length + " rows");
        }
        for (long[] row : coeffs) {
            if (row.length != basis[0].n) {
                throw new IllegalArgumentException("row length must be N=" + basis[0].n + ". Provided value: " + row.length);
            }
        }
        this.basis = basis;
        this.coeffs = coeffs;
        this.ntt = ntt;
    }

    /** Ring degree N. */
    public int n() {
        return basis[0].n;
    }

    /** Number of limbs (moduli). */
    public int limbs() {
        return basis.length;
    }

    /** The moduli (shared, do not modify). */
    public Modulus[] basis() {
        return basis;
    }

    /** Row {@code i} (live view). */
    public long[] row(int i) {
        return coeffs[i];
    }

    /** True when rows hold NTT evaluations rather than coefficients. */
    public boolean isNtt() {
        return ntt;
    }

    /** Deep copy. */
    public RnsPoly copy() {
        long[][] c = new long[coeffs.length][];
        for (int i = 0; i < c.length; i++) {
            c[i] = coeffs[i].clone();
        }
        return new RnsPoly(basis, c, ntt);
    }

    /** Deep copy of the first {@code limbs} rows, over the first {@code limbs} moduli. */
    public RnsPoly copyPrefix(int limbs) {
        long[][] c = new long[limbs][];
        for (int i = 0; i < limbs; i++) {
            c[i] = coeffs[i].clone();
        }
        return new RnsPoly(Arrays.copyOf(basis, limbs), c, ntt);
    }

    /** Forward NTT of every limb; the polynomial must be in coefficient form. */
    public RnsPoly nttInPlace() {
        if (ntt) {
            throw new IllegalStateException("polynomial is already in NTT form");
        }
        Parallel.forEach(basis.length, i -> basis[i].forward(coeffs[i]));
        ntt = true;
        return this;
    }

    /** Inverse NTT of every limb; the polynomial must be in NTT form. */
    public RnsPoly inttInPlace() {
        if (!ntt) {
            throw new IllegalStateException("polynomial is already in coefficient form");
        }
        Parallel.forEach(basis.length, i -> basis[i].inverse(coeffs[i]));
        ntt = false;
        return this;
    }

    private void check(RnsPoly o) {
        if (o.basis.length < basis.length || o.ntt != ntt) {
            throw new IllegalArgumentException("operand mismatch: " + basis.length + " limbs (ntt=" + ntt + ") vs "
                    + o.basis.length + " limbs (ntt=" + o.ntt + ")");
        }
    }

    /** {@code this += o} limb by limb over this polynomial's limbs ({@code o} may have more). */
    public RnsPoly addInPlace(RnsPoly o) {
        check(o);
        for (int i = 0; i < basis.length; i++) {
            long q = basis[i].q;
            long[] a = coeffs[i];
            long[] b = o.coeffs[i];
            for (int j = 0; j < a.length; j++) {
                long s = a[j] + b[j];
                a[j] = s >= q ? s - q : s;
            }
        }
        return this;
    }

    /** {@code this -= o}. */
    public RnsPoly subInPlace(RnsPoly o) {
        check(o);
        for (int i = 0; i < basis.length; i++) {
            long q = basis[i].q;
            long[] a = coeffs[i];
            long[] b = o.coeffs[i];
            for (int j = 0; j < a.length; j++) {
                long s = a[j] - b[j];
                a[j] = s < 0 ? s + q : s;
            }
        }
        return this;
    }

    /** {@code this = -this}. */
    public RnsPoly negInPlace() {
        for (int i = 0; i < basis.length; i++) {
            long q = basis[i].q;
            long[] a = coeffs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = a[j] == 0 ? 0 : q - a[j];
            }
        }
        return this;
    }

    /** {@code this = this * o} coefficient-wise (NTT form: the ring product). */
    public RnsPoly mulInPlace(RnsPoly o) {
        check(o);
        for (int i = 0; i < basis.length; i++) {
            Modulus m = basis[i];
            long q = m.q;
            long qi = m.qNegInv;
            long r2 = m.r2;
            long[] a = coeffs[i];
            long[] b = o.coeffs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = ModArith.montMul(ModArith.montMul(a[j], b[j], q, qi), r2, q, qi);
            }
        }
        return this;
    }

    /** {@code this += a * bMont} coefficient-wise, where {@code bMont} is in Montgomery form ({@link #toMontgomeryInPlace}). */
    public RnsPoly mulAddMontgomeryInPlace(RnsPoly a, RnsPoly bMont) {
        check(a);
        check(bMont);
        for (int i = 0; i < basis.length; i++) {
            Modulus m = basis[i];
            long q = m.q;
            long qi = m.qNegInv;
            long[] c = coeffs[i];
            long[] x = a.coeffs[i];
            long[] y = bMont.coeffs[i];
            for (int j = 0; j < c.length; j++) {
                long s = c[j] + ModArith.montMul(x[j], y[j], q, qi);
                c[j] = s >= q ? s - q : s;
            }
        }
        return this;
    }

    /** Multiplies every residue by {@code 2^64 mod q_i} (Montgomery form). */
    public RnsPoly toMontgomeryInPlace() {
        for (int i = 0; i < basis.length; i++) {
            Modulus m = basis[i];
            long[] a = coeffs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = ModArith.montMul(a[j], m.r2, m.q, m.qNegInv);
            }
        }
        return this;
    }

    /** {@code this *= s_i} on limb {@code i}, for per-limb scalars {@code 0 <= s_i < q_i}. */
    public RnsPoly mulScalarInPlace(long[] perLimb) {
        for (int i = 0; i < basis.length; i++) {
            Modulus m = basis[i];
            long w = perLimb[i];
            long ws = ModArith.shoup(w, m.q);
            long[] a = coeffs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = ModArith.mulShoup(a[j], w, ws, m.q);
            }
        }
        return this;
    }

    /** Zeroes every residue. */
    public RnsPoly zeroInPlace() {
        for (long[] r : coeffs) {
            Arrays.fill(r, 0);
        }
        return this;
    }

    /**
     * {@code out = this(X^g)} for an odd Galois element {@code g} in {@code [1, 2N)}, in the current form (for NTT
     * form the permutation table {@code nttIndex} from {@link Ring#automorphismNttIndex(int)} is used).
     */
    public void automorphism(int g, int[] nttIndex, RnsPoly out) {
        if (out == this) {
            throw new IllegalArgumentException("automorphism cannot run in place");
        }
        int n = n();
        out.ntt = ntt;
        for (int i = 0; i < basis.length; i++) {
            long[] a = coeffs[i];
            long[] b = out.coeffs[i];
            if (ntt) {
                for (int j = 0; j < n; j++) {
                    b[j] = a[nttIndex[j]];
                }
            } else {
                long q = basis[i].q;
                int mask = 2 * n - 1;
                for (int j = 0; j < n; j++) {
                    int k = (int) (((long) j * g) & mask);
                    if (k < n) {
                        b[k] = a[j];
                    } else {
                        b[k - n] = a[j] == 0 ? 0 : q - a[j];
                    }
                }
            }
        }
    }

    /** Sets every limb from the small signed coefficients {@code c} (reduced mod each q_i); coefficient form. */
    public RnsPoly setSigned(long[] c) {
        for (int i = 0; i < basis.length; i++) {
            Modulus m = basis[i];
            long[] a = coeffs[i];
            for (int j = 0; j < a.length; j++) {
                a[j] = m.reduceSigned(c[j]);
            }
        }
        ntt = false;
        return this;
    }

    /** True when both have the same basis length, form and residues. */
    public boolean sameValue(RnsPoly o) {
        if (o.basis.length != basis.length || o.ntt != ntt) {
            return false;
        }
        for (int i = 0; i < basis.length; i++) {
            if (o.basis[i].q != basis[i].q || !Arrays.equals(coeffs[i], o.coeffs[i])) {
                return false;
            }
        }
        return true;
    }
}
