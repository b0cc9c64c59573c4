package org.fl4j.privacy.accounting;

/**
 * An in-place iterative radix-2 complex FFT of one power-of-two size, with its twiddle factors computed
 * directly (not by recurrence) so that long convolutions keep full double precision.
 */
final class Fft {

    private final int n;
    private final double[] cos;
    private final double[] sin;

    Fft(int n) {
        if (n < 1 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two, found " + n);
        }
        this.n = n;
        int half = Math.max(1, n / 2);
        cos = new double[half];
        sin = new double[half];
        for (int k = 0; k < half; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    /** The smallest power of two >= {@code length}. */
    static int size(long length) {
        if (length > 1 << 30) {
            throw new IllegalArgumentException("FFT of " + length + " points is too large");
        }
        return length <= 1 ? 1 : Integer.highestOneBit((int) length - 1) << 1;
    }

    int size() {
        return n;
    }

    /** The forward transform (e^-2 pi i jk/n), or with {@code inverse} the inverse including the 1/n. */
    void transform(double[] re, double[] im, boolean inverse) {
        permute(re, im);
        double sign = inverse ? 1 : -1;
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int j = 0, k = 0; j < half; j++, k += step) {
                    double wr = cos[k];
                    double wi = sign * sin[k];
                    int a = start + j;
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
            double scale = 1.0 / n;
            for (int i = 0; i < n; i++) {
                re[i] *= scale;
                im[i] *= scale;
            }
        }
    }

    private void permute(double[] re, double[] im) {
        int shift = Integer.numberOfLeadingZeros(n) + 1;
        for (int i = 0; i < n; i++) {
            int j = n == 1 ? 0 : Integer.reverse(i) >>> shift;
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
    }
}
