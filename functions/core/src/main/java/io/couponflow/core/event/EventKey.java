package io.couponflow.core.event;

import java.util.Objects;

/**
 * The idempotency key of a behaviour event: (userId, eventId), whatever its {@code ts}. It is the one
 * definition: ingest deduplicates a batch by it, and the events table is keyed by it, so a resend is
 * recognised in the batch, across batches and under races alike.
 */
public record EventKey(String userId, String eventId) {
    public EventKey {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(eventId, "eventId");
    }

    public static EventKey of(BehaviourEvent e) {
        return new EventKey(e.userId(), e.eventId());
    }
}
