package io.couponflow.core.ope;

/**
 * A policy value estimate with a bootstrap confidence interval, and an interval for one day's mean.
 *
 * <p>[lower, upper] is about the policy's mean value per decision over the population the rounds were
 * drawn from. What a policy earns on one day is that mean plus the spread of one day's states: a day of
 * a few hundred decisions is a sample too. [dayLower, dayUpper] widens each side of the bootstrap
 * interval from its standard error {@code se} to √(se² + σ²/n), σ² the variance of the policy's modelled
 * value across the rounds' states and n the decisions of a day (a prediction interval); it equals the
 * confidence interval until {@link #forDay} is applied.
 *
 * @param standardError the bootstrap standard deviation of the estimate
 */
public record Estimate(String estimator, double value, double lower, double upper, double confidence, int rounds,
                       double standardError, double dayLower, double dayUpper) {

    public Estimate(String estimator, double value, double lower, double upper, double confidence, int rounds,
                    double standardError) {
        this(estimator, value, lower, upper, confidence, rounds, standardError, lower, upper);
    }

    /**
     * This estimate with the interval for the mean of one day of {@code decisionsPerDay} decisions whose
     * values vary across states with variance {@code stateVariance}.
     */
    public Estimate forDay(double stateVariance, double decisionsPerDay) {
        if (!(standardError > 0) || !(decisionsPerDay > 0) || !(stateVariance >= 0)) {
            return this;
        }
        double widen = Math.sqrt(1 + stateVariance / decisionsPerDay / (standardError * standardError));
        return new Estimate(estimator, value, lower, upper, confidence, rounds, standardError,
                value - (value - lower) * widen, value + (upper - value) * widen);
    }
}
