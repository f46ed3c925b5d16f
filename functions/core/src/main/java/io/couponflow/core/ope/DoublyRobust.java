package io.couponflow.core.ope;

import java.util.List;

/**
 * DR: V̂ = (1/n) Σ [ Σₐ π(a|xᵢ) q̂(xᵢ, a) + wᵢ (rᵢ − q̂(xᵢ, aᵢ)) ]. Unbiased if either the propensities
 * or the reward model are right. Dudík, Langford and Li (2011), "Doubly Robust Policy Evaluation and
 * Learning".
 */
public final class DoublyRobust implements OffPolicyEstimator {
    @Override
    public String id() {
        return "dr";
    }

    @Override
    public double value(List<LoggedRound> rounds) {
        double s = 0;
        for (LoggedRound r : rounds) {
            s += r.modelValue() + r.weight() * (r.reward() - r.rewardHat()[r.chosen()]);
        }
        return s / rounds.size();
    }
}
