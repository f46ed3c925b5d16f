package io.couponflow.score;

import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.LiveShare;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Scoring settings; defaults documented in the README. */
@ConfigMapping(prefix = "couponflow.score")
public interface ScoreConfig {
    /** Recent events that form the state (must equal the feature spec's window). Default: DecisionMaker.Settings.defaults(). */
    Optional<Integer> window();

    /** Budget pacing gain: λ = gain × max(0, budget share used − day share elapsed). Default: DecisionMaker.Settings.defaults(). */
    Optional<Double> pacingGain();

    /**
     * Exploration before any policy is promoted: "none" with probability 1 − ε + ε/n, each eligible
     * coupon ε/n. 1 is uniform (fastest learning, costliest). Default: DecisionMaker.Settings.defaults().
     */
    Optional<Double> coldStartEpsilon();

    /**
     * Seeds the exploration draws (ExplorationDraws.seeded): decisions become reproducible functions of
     * (seed, shopper, newest event). Unset (production): a SecureRandom.
     */
    Optional<Long> explorationSeed();

    /** The decision settings: these keys over core's defaults. */
    default DecisionMaker.Settings decisionSettings() {
        DecisionMaker.Settings d = DecisionMaker.Settings.defaults();
        return new DecisionMaker.Settings(window().orElse(d.window()), pacingGain().orElse(d.pacingGain()),
                coldStartEpsilon().orElse(d.coldStartEpsilon()));
    }

    /**
     * Share of users couponflow serves when a request carries the shop's baseline, in [0, 1]; the others
     * are served the baseline (reason BASELINE) and couponflow's draw is logged beside it. Default:
     * core's LiveShare.DEFAULT_SHARE (1, everyone live).
     */
    Optional<Double> liveShare();

    /** Salt of the user-id hash that assigns users to live or baseline; a new salt is a new experiment. Default: LiveShare.DEFAULT_SALT. */
    Optional<String> liveShareSalt();

    /** Who couponflow serves: these keys over core's defaults; a share outside [0, 1] stops the start. */
    default LiveShare liveShareSetting() {
        return new LiveShare(liveShare().orElse(LiveShare.DEFAULT_SHARE), liveShareSalt().orElse(LiveShare.DEFAULT_SALT));
    }

    /** How long a container uses the budget counts it read before reading them again. Default: CouponBudgets.Settings.defaults(). */
    Optional<Duration> budgetReadTtl();

    /** Budget shards a decision tries before it gives a coupon up. Default: CouponBudgets.Settings.defaults(). */
    Optional<Integer> budgetTries();

    /** The budget settings: these keys over core's defaults. */
    default CouponBudgets.Settings budgetSettings() {
        CouponBudgets.Settings d = CouponBudgets.Settings.defaults();
        return new CouponBudgets.Settings(budgetReadTtl().orElse(d.readTtl()), budgetTries().orElse(d.maxTries()));
    }

    @WithDefault("65536")
    int maxBodyBytes();

    /** Most coupon ids a request may name. */
    @WithDefault("100")
    int maxCandidates();

    /** A model file to load instead of the shipped one. */
    Optional<String> modelPath();

    /** How long a container reuses the catalogue and the active policy before reading them again. */
    @WithDefault("PT30S")
    Duration cacheTtl();

    /** The policy name in the models table. */
    @WithDefault("default")
    String policy();
}
