package io.couponflow.common;

import io.couponflow.core.reward.RewardAttributor;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Settings every function shares: each has one key, whichever function reads it. Table names come
 * from the environment in AWS (see infra/template.yaml).
 */
@ConfigMapping(prefix = "couponflow")
public interface CouponflowConfig {

    Tables tables();

    /**
     * How long after a decision a purchase is credited to it: ingest credits by it and retraining
     * treats a decision as closed after it. Default: RewardAttributor.Settings.DEFAULT_WINDOW (24 h).
     */
    Optional<Duration> attributionWindow();

    /** How long decisions are kept (their TTL). */
    @WithDefault("P180D")
    Duration decisionRetention();

    /** How long events are kept (TTL from the event's own time). */
    @WithDefault("P90D")
    Duration eventRetention();

    /** The attribution window, its default from core when unset. */
    default Duration attributionWindowOrDefault() {
        return attributionWindow().orElse(RewardAttributor.Settings.DEFAULT_WINDOW);
    }

    /** Pins the functions' clock (ISO-8601 instant); unset in production. */
    Optional<String> fixedClock();

    /**
     * The local stack's virtual clock: a file holding epoch milliseconds that the demo moves (FileClock);
     * the functions' now is its content. Unset in production: the template sets no clock, and a file
     * that cannot be read stops the function at start-up.
     */
    Optional<Path> clockFile();

    interface Tables {
        @WithDefault("couponflow-events")
        String events();

        @WithDefault("couponflow-decisions")
        String decisions();

        @WithDefault("couponflow-coupons")
        String coupons();

        @WithDefault("couponflow-budgets")
        String budgets();

        @WithDefault("couponflow-models")
        String models();

        /** Create missing tables at start-up: the tests and the local stack; never in AWS (SAM owns them). */
        @WithDefault("false")
        boolean create();
    }
}
