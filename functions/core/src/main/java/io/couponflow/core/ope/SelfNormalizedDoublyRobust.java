package io.couponflow.core.ope;

import java.util.List;

/**
 * SNDR: the DR correction term self-normalised, V̂ = (1/n) Σ Σₐ π q̂ + Σ wᵢ (rᵢ − q̂ᵢ) / Σ wᵢ. Tames
 * DR's variance when a few weights are large. Kallus and Uehara (2019); as in Open Bandit Pipeline.
 */
public final class SelfNormalizedDoublyRobust implements OffPolicyEstimator {
    @Override
    public String id() {
        return "sndr";
    }

    @Override
    public double value(List<LoggedRound> rounds) {
        double dm = 0;
        double num = 0;
        double den = 0;
        for (LoggedRound r : rounds) {
            dm += r.modelValue();
            num += r.weight() * (r.reward() - r.rewardHat()[r.chosen()]);
            den += r.weight();
        }
        return dm / rounds.size() + (den == 0 ? 0 : num / den);
    }
}
