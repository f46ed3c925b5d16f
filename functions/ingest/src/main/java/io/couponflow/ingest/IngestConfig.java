package io.couponflow.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Ingest limits and the reward's margin; defaults documented in the README's API section. */
@ConfigMapping(prefix = "couponflow.ingest")
public interface IngestConfig {
    /** Most events in one request. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Largest request body, bytes (API Gateway's own limit is 10 MB). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** Oldest event timestamp accepted. */
    @WithDefault("P30D")
    Duration maxAge();

    /** How far ahead of the server clock an event timestamp may be. */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    /**
     * Share of an order's value that is margin (reward = value × rate − coupon cost). Default:
     * RewardAttributor.Settings.DEFAULT_MARGIN_RATE.
     */
    Optional<Double> marginRate();
}
