package io.couponflow.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings every function shares. Table names come from the environment in AWS (see infra/template.yaml). */
@ConfigMapping(prefix = "couponflow")
public interface CouponflowConfig {

    Tables tables();

    /** Pins the functions' clock (ISO-8601 instant); unset in production. */
    java.util.Optional<String> fixedClock();

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
