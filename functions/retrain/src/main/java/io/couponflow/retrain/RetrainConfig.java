package io.couponflow.retrain;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Retraining settings; defaults documented in the README's learning section. */
@ConfigMapping(prefix = "couponflow.retrain")
public interface RetrainConfig {
    @WithDefault("14")
    int lookbackDays();

    /** Must equal ingest's attribution window: after it, a decision without a sale has reward 0. */
    @WithDefault("PT24H")
    Duration attributionWindow();

    /** The same user's next decision within this is s'; later or none: terminal. */
    @WithDefault("P7D")
    Duration horizon();

    /** Discount; 0 makes the learner a contextual bandit. */
    @WithDefault("0.5")
    double gamma();

    /** L2 penalty on the head's weights. */
    @WithDefault("0.01")
    double l2();

    /** Exploration rate the new policy serves with. */
    @WithDefault("0.05")
    double epsilon();

    /** Bootstrap heads trained beside the point head; their spread of uplift makes serving pessimistic (0: none). */
    @WithDefault("8")
    int ensembleSize();

    /** κ: standard deviations of a coupon's uplift (across the bootstrap heads) subtracted from its score. */
    @WithDefault("1.0")
    double pessimism();

    @WithDefault("200")
    int minTransitions();

    /** Fewer held-out decisions than this: the gate reports its estimates but promotes nothing. */
    @WithDefault("100")
    int minHeldOut();

    /** Training stops this long after the invocation started (keep it under the Lambda timeout). */
    @WithDefault("PT8M")
    Duration timeBudget();

    @WithDefault("7")
    long seed();

    @WithDefault("default")
    String policy();
}
