package io.couponflow.core.event;

import java.time.Duration;

/**
 * The bounds ingest enforces on each event and batch.
 *
 * @param maxBatchSize   most events in one request (default 1,000)
 * @param maxIdLength    longest eventId, itemId, couponId, decisionId, sessionId (default 128; user ids
 *                       follow {@link io.couponflow.core.api.UserIdRule})
 * @param maxTextLength  longest category or search query (default 256)
 * @param maxAmount      largest price or order value accepted (default 1,000,000)
 * @param maxAge         oldest accepted timestamp, relative to the server clock (default 30 days)
 * @param maxFutureSkew  how far ahead of the server clock a client clock may be (default 5 minutes)
 */
public record EventLimits(
        int maxBatchSize,
        int maxIdLength,
        int maxTextLength,
        double maxAmount,
        Duration maxAge,
        Duration maxFutureSkew) {

    public static EventLimits defaults() {
        return new EventLimits(1_000, 128, 256, 1_000_000d, Duration.ofDays(30), Duration.ofMinutes(5));
    }
}
