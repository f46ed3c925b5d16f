package io.couponflow.core.policy;

/**
 * One action of a decision as the policy sees it: its id ({@code none} or a coupon id), its features
 * φ(a) and the coupon's expected cost at this cart (0 for none).
 */
public record Candidate(String actionId, double[] phi, double cost) {
}
