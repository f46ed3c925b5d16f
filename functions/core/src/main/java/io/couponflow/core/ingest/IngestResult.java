package io.couponflow.core.ingest;

import io.couponflow.core.event.BehaviourEvent;

import java.util.List;

/**
 * What one batch did.
 *
 * @param received      items in the batch
 * @param written       events stored by this batch
 * @param duplicates    events whose key was already stored, or came earlier in the batch, with the same
 *                      payload (nothing written)
 * @param rejected      every fault of every refused item, by index; a key repeated with another payload
 *                      is refused as IDEMPOTENCY_CONFLICT
 * @param rejectedItems how many items were refused
 * @param retryEventIds events that may not be stored because the store failed: resend them
 * @param failure       the store failure, when retryEventIds is not empty
 */
public record IngestResult(
        int received,
        List<BehaviourEvent> written,
        int duplicates,
        List<Rejection> rejected,
        int rejectedItems,
        List<String> retryEventIds,
        String failure) {

    public int accepted() {
        return written.size();
    }

    public boolean storeFailed() {
        return !retryEventIds.isEmpty();
    }
}
