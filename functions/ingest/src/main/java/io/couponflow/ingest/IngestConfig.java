package io.couponflow.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Ingest limits and retention; defaults documented in the README's API section. */
@ConfigMapping(prefix = "couponflow.ingest")
public interface IngestConfig {
    /** Most events in one request. */
    @WithDefault("1000")
    int maxBatchSize();

    /** Largest request body, bytes (API Gateway's own limit is 10 MB). */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** How long events are kept (TTL from the event's own time). */
    @WithDefault("P90D")
    Duration retention();

    /** Oldest event timestamp accepted. */
    @WithDefault("P30D")
    Duration maxAge();

    /** How far ahead of the server clock an event timestamp may be. */
    @WithDefault("PT5M")
    Duration maxFutureSkew();

    /** A purchase within this time after a decision is credited to it. */
    @WithDefault("PT24H")
    Duration attributionWindow();

    /** Share of an order's value that is margin (reward = value × rate − coupon cost). */
    @WithDefault("0.3")
    double marginRate();

    /** How long decisions are kept (must match the score function's setting). */
    @WithDefault("P180D")
    Duration decisionRetention();
}
