package io.couponflow.core.event;

import java.util.List;

/** Port: where behaviour events live. Implemented over DynamoDB in the dynamodb module. */
public interface EventStore {

    /**
     * Stores the events that are not stored yet. Never throws for a store outage: what could not be
     * confirmed is reported in {@link WriteReport#unconfirmed()}, and writing those again is safe.
     */
    WriteReport writeNew(List<BehaviourEvent> events);

    /** The user's most recent events, newest first, at most {@code limit}. */
    List<BehaviourEvent> latest(String userId, int limit);

    /** Erases every event of the user; returns how many were deleted. */
    int deleteUser(String userId);

    /**
     * What a write did, by eventId.
     *
     * @param written     stored by this call
     * @param duplicates  already stored before this call (nothing written)
     * @param unconfirmed not known to be stored: the store failed; resend them
     * @param failure     why, when unconfirmed is not empty
     */
    record WriteReport(List<BehaviourEvent> written, List<String> duplicates, List<String> unconfirmed, String failure) {
        public boolean complete() {
            return unconfirmed.isEmpty();
        }
    }
}
