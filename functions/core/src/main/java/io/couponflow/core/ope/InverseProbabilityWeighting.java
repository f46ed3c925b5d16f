package io.couponflow.core.ope;

import java.util.List;

/**
 * IPS: V̂ = (1/n) Σ wᵢ rᵢ with wᵢ = π(aᵢ|xᵢ)/π₀(aᵢ|xᵢ). Unbiased when π₀ > 0 wherever π > 0; high
 * variance when weights are large. Horvitz and Thompson (1952); Precup et al. (2000).
 */
public final class InverseProbabilityWeighting implements OffPolicyEstimator {
    @Override
    public String id() {
        return "ips";
    }

    @Override
    public double value(List<LoggedRound> rounds) {
        double s = 0;
        for (LoggedRound r : rounds) {
            s += r.weight() * r.reward();
        }
        return s / rounds.size();
    }
}
