package org.privet.dp.accounting;

/** Iterative radix-2 complex FFT with exact per-size twiddle tables, and real convolution on top of it. */
final class Fft {

    private Fft() {
    }

    /** In-place transform of (re, im), length a power of two; inverse includes the 1/n scaling. */
    static void transform(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        if (Integer.bitCount(n) != 1 || im.length != n) {
            throw new AssertionError("internal invariant: FFT length must be a power of two: " + n);
        }
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double[] cos = new double[n / 2];
        double[] sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = inverse ? Math.sin(angle) : -Math.sin(angle);
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int i = 0; i < n; i += len) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sin[k * step];
                    int a = i + k;
                    int b = a + half;
                    double xr = re[b] * wr - im[b] * wi;
                    double xi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                }
            }
        }
        if (inverse) {
            double s = 1.0 / n;
            for (int i = 0; i < n; i++) {
                re[i] *= s;
                im[i] *= s;
            }
        }
    }

    /** Linear convolution of two non-negative real sequences (result length a.length + b.length - 1). */
    static double[] convolve(double[] a, double[] b) {
        int m = a.length + b.length - 1;
        int n = Integer.highestOneBit(Math.max(1, m - 1)) << 1;
        if (m == 1) {
            return new double[] {a[0] * b[0]};
        }
        // pack a into the real part and b into the imaginary part: one forward transform for both
        double[] re = new double[n];
        double[] im = new double[n];
        System.arraycopy(a, 0, re, 0, a.length);
        System.arraycopy(b, 0, im, 0, b.length);
        transform(re, im, false);
        double[] pr = new double[n];
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            int nk = (n - k) & (n - 1);
            // A_k = (Z_k + conj Z_{n-k}) / 2, B_k = (Z_k - conj Z_{n-k}) / (2i)
            double ar = 0.5 * (re[k] + re[nk]);
            double ai = 0.5 * (im[k] - im[nk]);
            double br = 0.5 * (im[k] + im[nk]);
            double bi = -0.5 * (re[k] - re[nk]);
            pr[k] = ar * br - ai * bi;
            pi[k] = ar * bi + ai * br;
        }
        transform(pr, pi, true);
        double[] out = new double[m];
        System.arraycopy(pr, 0, out, 0, m);
        return out;
    }
}
