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

    /** The coverage its intervals aim at (0.9: 90% intervals). */
    public double confidence() {
        return confidence;
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

    /**
     * Interval of statistic(a) − statistic(b) for two independent samples (e.g. two groups of an A/B
     * test): each resample draws from {@code a} and from {@code b} separately, so both keep their sizes.
     */
    public <T> double[] differenceInterval(List<T> a, List<T> b, ToDoubleFunction<List<T>> statistic) {
        if (a.isEmpty() || b.isEmpty()) {
            throw new IllegalArgumentException("both samples need at least one round");
        }
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[resamples];
        List<T> sampleA = new ArrayList<>(a.size());
        List<T> sampleB = new ArrayList<>(b.size());
        for (int r = 0; r < resamples; r++) {
            draw(a, rnd, sampleA);
            draw(b, rnd, sampleB);
            values[r] = statistic.applyAsDouble(sampleA) - statistic.applyAsDouble(sampleB);
        }
        return percentiles(values);
    }

    private <T> double[] resampled(List<T> rounds, ToDoubleFunction<List<T>> statistic) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] values = new double[resamples];
        List<T> sample = new ArrayList<>(rounds.size());
        for (int b = 0; b < resamples; b++) {
            draw(rounds, rnd, sample);
            values[b] = statistic.applyAsDouble(sample);
        }
        return values;
    }

    /** Fills {@code into} with rounds.size() rounds drawn with replacement. */
    private static <T> void draw(List<T> rounds, SplittableRandom rnd, List<T> into) {
        into.clear();
        int n = rounds.size();
        for (int i = 0; i < n; i++) {
            into.add(rounds.get(rnd.nextInt(n)));
        }
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
