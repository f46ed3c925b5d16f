package io.couponflow.core.event;

import java.util.Objects;

/**
 * One validated behaviour event. Optional fields are null when absent.
 *
 * @param eventId    client-chosen id; with userId the idempotency key ({@link EventKey}), ts not included
 * @param userId     opaque shopper id; never logged
 * @param type       what happened
 * @param ts         when it happened, epoch milliseconds (client clock)
 * @param itemId     item viewed, carted or bought
 * @param category   item category
 * @param price      unit price of the item
 * @param query      search text (search events)
 * @param orderValue order total (purchase events)
 * @param couponId   coupon shown or redeemed
 * @param decisionId the decision that showed the coupon, when the client knows it
 * @param sessionId  client session id
 */
public record BehaviourEvent(
        String eventId,
        String userId,
        EventType type,
        long ts,
        String itemId,
        String category,
        Double price,
        String query,
        Double orderValue,
        String couponId,
        String decisionId,
        String sessionId) {

    public BehaviourEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(type, "type");
    }

    public EventKey key() {
        return EventKey.of(this);
    }

    /** The same event stamped with another time (what is stored when a resend carried a new ts). */
    public BehaviourEvent withTs(long otherTs) {
        return new BehaviourEvent(eventId, userId, type, otherTs, itemId, category, price, query, orderValue, couponId,
                decisionId, sessionId);
    }

    /** A minimal event of the given type, for tests and the simulator. */
    public static BehaviourEvent of(String eventId, String userId, EventType type, long ts) {
        return new BehaviourEvent(eventId, userId, type, ts, null, null, null, null, null, null, null, null);
    }
}
