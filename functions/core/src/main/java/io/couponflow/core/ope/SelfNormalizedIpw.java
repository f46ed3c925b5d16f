package io.couponflow.core.ope;

import java.util.List;

/**
 * SNIPS: V̂ = Σ wᵢ rᵢ / Σ wᵢ. Slightly biased, much lower variance than IPS, and always within the
 * range of observed rewards. Swaminathan and Joachims (2015), "The Self-Normalized Estimator for
 * Counterfactual Learning".
 */
public final class SelfNormalizedIpw implements OffPolicyEstimator {
    @Override
    public String id() {
        return "snips";
    }

    @Override
    public double value(List<LoggedRound> rounds) {
        double num = 0;
        double den = 0;
        for (LoggedRound r : rounds) {
            num += r.weight() * r.reward();
            den += r.weight();
        }
        return den == 0 ? 0 : num / den;
    }
}
