package io.couponflow.core.ope;

import java.util.List;

/** The estimators couponflow reports, in table order. */
public final class Estimators {
    private Estimators() {
    }

    public static List<OffPolicyEstimator> all() {
        return List.of(new InverseProbabilityWeighting(), new SelfNormalizedIpw(), new DirectMethod(),
                new DoublyRobust(), new SelfNormalizedDoublyRobust());
    }
}
