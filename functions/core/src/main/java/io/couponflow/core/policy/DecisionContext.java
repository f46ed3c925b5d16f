package io.couponflow.core.policy;

/** What the shop tells us about the moment of the decision. */
public record DecisionContext(String channel, double cartValue, String category) {
}
