package io.couponflow.core.ope;

import java.util.List;

/**
 * DM: V̂ = (1/n) Σ Σₐ π(a|xᵢ) q̂(xᵢ, a). Low variance; biased exactly as much as the reward model is
 * wrong. Beygelzimer and Langford (2009).
 */
public final class DirectMethod implements OffPolicyEstimator {
    @Override
    public String id() {
        return "dm";
    }

    @Override
    public double value(List<LoggedRound> rounds) {
        double s = 0;
        for (LoggedRound r : rounds) {
            s += r.modelValue();
        }
        return s / rounds.size();
    }
}
