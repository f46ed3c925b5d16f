package io.couponflow.bench;

import java.util.Arrays;

/** Medians and percentiles of measured durations or rates; means and their standard errors. */
public final class Stats {
    private Stats() {
    }

    public static double percentile(double[] values, double p) {
        double[] s = values.clone();
        Arrays.sort(s);
        double pos = p * (s.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(s.length - 1, lo + 1);
        return s[lo] + (pos - lo) * (s[hi] - s[lo]);
    }

    public static double median(double[] values) {
        return percentile(values, 0.5);
    }

    public static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** The standard error of the mean: the sample standard deviation over √n (0 for a single value). */
    public static double standardError(double[] values) {
        if (values.length < 2) {
            return 0;
        }
        double m = mean(values);
        double ss = Arrays.stream(values).map(v -> (v - m) * (v - m)).sum();
        return Math.sqrt(ss / (values.length - 1) / values.length);
    }

    static double[] micros(long[] nanos) {
        return Arrays.stream(nanos).mapToDouble(n -> n / 1_000.0).toArray();
    }

    static String latency(String what, long[] nanos) {
        double[] us = micros(nanos);
        return String.format("%-44s n=%6d  p50 %9.1f us  p99 %9.1f us", what, nanos.length, percentile(us, 0.5), percentile(us, 0.99));
    }
}
