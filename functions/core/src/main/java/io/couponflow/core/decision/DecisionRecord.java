package io.couponflow.core.decision;

import io.couponflow.core.policy.Candidate;

import java.util.List;

/**
 * One logged decision: everything off-policy evaluation and Q-learning need.
 *
 * @param encoderVersion the version of the state's features (encoder and feature maps, see Features)
 * @param state          z(s) the policy saw, or null when the encoder was unavailable
 * @param cartValue      the cart's value at the decision
 * @param candidates     every action that was eligible, with its features and expected cost
 * @param chosen         the action taken ({@code none} or a coupon id)
 * @param propensity     the exact probability with which {@code chosen} was drawn
 * @param probabilities  the whole distribution over {@code candidates} (same order)
 * @param reward         the observed outcome, null while the attribution window is open
 */
public record DecisionRecord(String decisionId, String userId, long ts, String encoderVersion, String policyVersion,
                             double[] state, double cartValue, List<Candidate> candidates, String chosen,
                             double propensity, double[] probabilities, double epsilon, double expectedUplift,
                             List<String> reasons, Reward reward) {

    public static final String NONE = "none";

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
                chosen, propensity, probabilities, epsilon, expectedUplift, reasons, r);
    }
}
