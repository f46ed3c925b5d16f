package io.couponflow.core.ope;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

/** Percentile bootstrap intervals over rounds (resampled with replacement, seeded). */
public final class Bootstrap {
    private final int resamples;
    private final double confidence;
    private final long seed;

    /**
     * @param resamples  number of bootstrap resamples (default 200)
     * @param confidence interval coverage, e.g. 0.9 for a 90% interval
     * @param seed       makes the interval reproducible
     */
    public Bootstrap(int resamples, double confidence, long seed) {
        if (resamples < 10 || !(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("need at least 10 resamples and a confidence in (0, 1)");
        }
        this.resamples = resamples;
        this.confidence = confidence;
        this.seed = seed;
    }

    /** The same resampling with another seed. */
    public Bootstrap withSeed(long otherSeed) {
        return new Bootstrap(resamples, confidence, otherSeed);
    }

    public Estimate estimate(OffPolicyEstimator estimator, List<LoggedRound> rounds) {
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("no rounds to estimate from");
        }
        double[] values = resampled(rounds, estimator::value);
        double mean = 0;
        for (double v : values) {
            mean += v / values.length;
        }
        double var = 0;
        for (double v : values) {
            var += (v - mean) * (v - mean) / (values.length - 1);
        }
        double[] ci = percentiles(values);
        return new Estimate(estimator.id(), estimator.value(rounds), ci[0], ci[1], confidence, rounds.size(), Math.sqrt(var));
    }

    /** Interval of any statistic of the rounds (e.g. a paired difference of two policies' values). */
    public <T> double[] interval(List<T> rounds, ToDoubleFunction<List<T>> statistic) {
        return percentiles(resampled(rounds, statistic));
    }

    private <T> double[] resampled(List<T> rounds, ToDoubleFunction<List<T>> statistic) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[resamples];
        int n = rounds.size();
        List<T> sample = new ArrayList<>(n);
        for (int b = 0; b < resamples; b++) {
            sample.clear();
            for (int i = 0; i < n; i++) {
                sample.add(rounds.get(rnd.nextInt(n)));
            }
            values[b] = statistic.applyAsDouble(sample);
        }
        return values;
    }

    private double[] percentiles(double[] resampled) {
        double[] values = resampled.clone();
        Arrays.sort(values);
        double alpha = (1 - confidence) / 2;
        return new double[]{quantile(values, alpha), quantile(values, 1 - alpha)};
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }
}
