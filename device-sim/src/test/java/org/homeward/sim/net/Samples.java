package org.homeward.sim.net;

import java.util.Arrays;
import java.util.Locale;

/**
 * Summary statistics of delays in milliseconds (test helper). {@code robustSd} = IQR / 1.349, which
 * equals σ for a normal distribution but ignores the tail that a loaded machine's scheduling stalls add.
 */
record Samples(int n, double mean, double sd, double p50, double robustSd, double p99) {
    static Samples of(long[] nanos, int count) {
        double[] ms = new double[count];
        double sum = 0;
        for (int i = 0; i < count; i++) {
            ms[i] = nanos[i] / 1e6;
            sum += ms[i];
        }
        double mean = sum / count;
        double sq = 0;
        for (double v : ms) {
            sq += (v - mean) * (v - mean);
        }
        Arrays.sort(ms);
        double iqr = ms[(int) (count * 0.75)] - ms[(int) (count * 0.25)];
        return new Samples(count, mean, Math.sqrt(sq / Math.max(1, count - 1)), ms[count / 2], iqr / 1.349,
                ms[(int) (count * 0.99)]);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "n=%d mean=%.2f ms sd=%.2f ms p50=%.2f ms robust-sd=%.2f ms p99=%.2f ms", n, mean, sd, p50, robustSd, p99);
    }
}
