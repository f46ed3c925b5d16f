package io.couponflow.retrain;

import io.couponflow.core.learn.PolicyLearner;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.policy.Policy;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Retraining settings. Every learning setting defaults to core's {@link RetrainJob.Settings#defaults()}
 * (the same the offline loop starts from); a key here overrides it. README "Learning" documents them.
 */
@ConfigMapping(prefix = "couponflow.retrain")
public interface RetrainConfig {
    /** Days of decisions read. */
    Optional<Integer> lookbackDays();

    /** The same user's next decision within this is s'; later or none: terminal. */
    Optional<Duration> horizon();

    /** Discount of the next decision's value; 0 makes the learner a contextual bandit. */
    Optional<Double> gamma();

    /** Conversion heads drawn from the posterior and served with each version (Thompson sampling). */
    Optional<Integer> posteriorDraws();

    /** The draws' spread relative to the posterior's. */
    Optional<Double> drawScale();

    /** Share of decisions a new policy spreads uniformly over every action. */
    Optional<Double> epsilon();

    /** THOMPSON or EPSILON_GREEDY. */
    Optional<Policy.Exploration> exploration();

    /** κ for EPSILON_GREEDY: standard deviations of a coupon's uplift across the draws subtracted from its score. */
    Optional<Double> pessimism();

    /** Lock-in guard: below this mean coupon probability over its training states a new policy is served with lockInEpsilon (0: off). */
    Optional<Double> lockInShare();

    /** Lock-in guard: the ε a policy that would give almost no coupons is served with. */
    Optional<Double> lockInEpsilon();

    /** Early exploration: a policy learnt from fewer transitions than this explores early (0: never). */
    Optional<Integer> earlyDecisions();

    /** Early exploration: the share of such a policy's coupon probability spread evenly over the eligible coupons. */
    Optional<Double> earlyCouponSpread();

    /** Early exploration: the ε the lock-in guard serves such a policy with. */
    Optional<Double> earlyLockInEpsilon();

    Optional<Integer> minTransitions();

    /** Time-ordered share of the decisions held out for the promotion gate. */
    Optional<Double> heldOutShare();

    /** Fewer held-out decisions than this: the gate reports its estimates but promotes nothing. */
    Optional<Integer> minHeldOut();

    Optional<Long> seed();

    /** Most decisions a night reads and learns from; above it a uniform random sample of shoppers (README "Scale"). */
    Optional<Integer> maxDecisions();

    /** Days of decisions the nightly A/B report covers (at most lookbackDays; default 7, or lookbackDays when shorter). */
    Optional<Integer> reportDays();

    /** Training stops this long after the invocation started (keep it under the Lambda timeout). */
    @WithDefault("PT8M")
    Duration timeBudget();

    @WithDefault("default")
    String policy();

    /** The job's settings: these keys over core's defaults, with the shared attribution window. */
    default RetrainJob.Settings jobSettings(Duration attributionWindow) {
        RetrainJob.Settings d = RetrainJob.Settings.defaults();
        PolicyLearner.Settings l = d.learner();
        long seed = seed().orElse(l.seed());
        PolicyLearner.Settings learner = new PolicyLearner.Settings(gamma().orElse(l.gamma()),
                posteriorDraws().orElse(l.posteriorDraws()), drawScale().orElse(l.drawScale()), l.maxIterations(),
                l.tolerance(), epsilon().orElse(l.epsilon()), exploration().orElse(l.exploration()),
                pessimism().orElse(l.pessimism()), seed,
                new PolicyLearner.LockInGuard(lockInShare().orElse(l.lockIn().minCouponShare()),
                        lockInEpsilon().orElse(l.lockIn().epsilon())),
                new PolicyLearner.EarlyExploration(earlyDecisions().orElse(l.early().decisions()),
                        earlyCouponSpread().orElse(l.early().couponSpread()),
                        earlyLockInEpsilon().orElse(l.early().lockInEpsilon())));
        int lookback = lookbackDays().orElse(d.lookbackDays());
        return new RetrainJob.Settings(lookback, attributionWindow,
                horizon().orElse(d.horizon()), minTransitions().orElse(d.minTransitions()),
                heldOutShare().orElse(d.heldOutShare()), minHeldOut().orElse(d.minHeldOut()),
                d.bootstrap().withSeed(seed), learner, maxDecisions().orElse(d.maxDecisions()),
                reportDays().orElse(Math.min(d.reportDays(), lookback)));
    }
}
