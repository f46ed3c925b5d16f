package io.couponflow.core.event;

import java.util.List;

/** Port: where behaviour events live. Implemented over DynamoDB in the dynamodb module. */
public interface EventStore {

    /**
     * Stores the events whose {@link EventKey} is not stored yet, each with its
     * {@link PayloadFingerprint}; an event whose key is stored already is not written but reported as a
     * {@link Repeat}. Never throws for a store outage: what could not be confirmed is reported in
     * {@link WriteReport#unconfirmed()}, and writing those again is safe. The events given have
     * distinct keys.
     */
    WriteReport writeNew(List<BehaviourEvent> events);

    /** The user's most recent events by ts, newest first, at most {@code limit}. */
    List<BehaviourEvent> latest(String userId, int limit);

    /** Erases every event of the user; returns how many were deleted. */
    int deleteUser(String userId);

    /**
     * An event sent again under a key that is already stored; nothing was written for it.
     *
     * @param sent        the event as sent this time
     * @param storedTs    the ts stored under the key (a resend may carry another)
     * @param samePayload whether the stored fingerprint equals the sent one: a duplicate if so,
     *                    else a conflict (the stored event stands)
     */
    record Repeat(BehaviourEvent sent, long storedTs, boolean samePayload) {
        /** What is stored under the key, for a duplicate. */
        public BehaviourEvent stored() {
            if (!samePayload) {
                throw new IllegalStateException("a conflict's stored payload is not the one sent");
            }
            return sent.withTs(storedTs);
        }
    }

    /**
     * What a write did.
     *
     * @param written     stored by this call
     * @param repeats     keys already stored before this call (nothing written): duplicates and conflicts
     * @param unconfirmed eventIds not known to be stored: the store failed; resend them
     * @param failure     why, when unconfirmed is not empty
     */
    record WriteReport(List<BehaviourEvent> written, List<Repeat> repeats, List<String> unconfirmed, String failure) {
        public boolean complete() {
            return unconfirmed.isEmpty();
        }

        public List<Repeat> duplicates() {
            return repeats.stream().filter(Repeat::samePayload).toList();
        }

        public List<Repeat> conflicts() {
            return repeats.stream().filter(r -> !r.samePayload()).toList();
        }
    }
}
