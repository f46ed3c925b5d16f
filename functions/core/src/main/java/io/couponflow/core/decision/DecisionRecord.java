package io.couponflow.core.decision;

import io.couponflow.core.policy.Candidate;

import java.util.List;

/**
 * One logged decision: everything off-policy evaluation and Q-learning need.
 *
 * @param encoderVersion the version of the state's features (encoder and feature maps, see PolicyFeatures)
 * @param state          z(s) the policy saw, or null when the encoder was unavailable
 * @param cartValue      the cart's value at the decision
 * @param candidates     every action that was eligible, with its features and expected cost
 * @param chosen         the action taken ({@code none} or a coupon id)
 * @param propensity     the exact probability with which {@code chosen} was drawn
 * @param probabilities  the whole distribution over {@code candidates} (same order)
 * @param reward         the observed outcome, null while the attribution window is open
 * @param baseline       the shop's own choice sent with the request ({@code none} or a coupon id), null
 *                       when the request had none
 * @param shadow         when the baseline was served (the user is outside the live share): what
 *                       couponflow would have chosen, with its probabilities; null when couponflow served
 */
public record DecisionRecord(String decisionId, String userId, long ts, String encoderVersion, String policyVersion,
                             double[] state, double cartValue, List<Candidate> candidates, String chosen,
                             double propensity, double[] probabilities, double epsilon, double expectedUplift,
                             List<String> reasons, Reward reward, String baseline, Shadow shadow) {

    public static final String NONE = "none";
    /** The policy version of a decision that served the shop's baseline (deterministic: propensity 1). */
    public static final String BASELINE_POLICY = "baseline";

    /** A decision without a baseline (the request sent none). */
    public DecisionRecord(String decisionId, String userId, long ts, String encoderVersion, String policyVersion,
                          double[] state, double cartValue, List<Candidate> candidates, String chosen,
                          double propensity, double[] probabilities, double epsilon, double expectedUplift,
                          List<String> reasons, Reward reward) {
        this(decisionId, userId, ts, encoderVersion, policyVersion, state, cartValue, candidates, chosen, propensity,
                probabilities, epsilon, expectedUplift, reasons, reward, null, null);
    }

    /**
     * What couponflow would have done at a decision it did not serve: its draw over the same candidates
     * and the probabilities it drew from (the served decision's own propensity is the baseline's, 1).
     *
     * @param chosen         the action couponflow drew ({@code none} or a coupon id)
     * @param propensity     its probability
     * @param probabilities  couponflow's distribution over the decision's candidates (same order)
     * @param policyVersion  the version (or cold start) that would have served
     * @param expectedUplift couponflow's estimate of its choice's uplift over none
     */
    public record Shadow(String chosen, double propensity, double[] probabilities, String policyVersion,
                         double epsilon, double expectedUplift) {
    }

    /**
     * @param value      order margin minus the coupon's cost if the shopper bought, else 0
     * @param orderValue the order's value (0 when no purchase)
     * @param ts         when the reward was fixed
     * @param source     the purchase event id, or "window-closed"
     */
    public record Reward(double value, double orderValue, long ts, String source) {
    }

    public int chosenIndex() {
        for (int i = 0; i < candidates.size(); i++) {
            if (candidates.get(i).actionId().equals(chosen)) {
                return i;
            }
        }
        throw new IllegalStateException("chosen action " + chosen + " is not among the candidates");
    }

    /** The reward, 0 while none is fixed (a window closed without a sale). */
    public double rewardValue() {
        return reward == null ? 0 : reward.value();
    }

    /** Whether a purchase was credited to this decision. */
    public boolean converted() {
        return reward != null && reward.orderValue() > 0;
    }

    public DecisionRecord withReward(Reward r) {
        return new DecisionRecord(decisionId, userId, ts, encoderVersion, policyVersion, state, cartValue, candidates,
                chosen, propensity, probabilities, epsilon, expectedUplift, reasons, r, baseline, shadow);
    }

    /**
     * Whether the shop's baseline was served: the action was not couponflow's, and it was chosen by a
     * deterministic rule couponflow cannot see, so the learner and the promotion gate leave it out.
     */
    public boolean servedByBaseline() {
        return shadow != null;
    }

    /** What couponflow chose here: the served action when it served, else its shadow choice. */
    public String couponflowChoice() {
        return shadow != null ? shadow.chosen() : chosen;
    }
}
