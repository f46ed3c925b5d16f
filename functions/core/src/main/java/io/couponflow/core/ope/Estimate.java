package io.couponflow.core.ope;

/** A policy value estimate with a bootstrap confidence interval. */
public record Estimate(String estimator, double value, double lower, double upper, double confidence, int rounds) {
}
