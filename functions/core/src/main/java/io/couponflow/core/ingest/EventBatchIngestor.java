package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventKey;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventType;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.event.PayloadFingerprint;
import io.couponflow.core.reward.RewardAttributor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ingests one batch in four steps: validate each item, keep the first of each {@link EventKey}, store
 * the keys not stored yet, credit the purchases. Good items are kept whatever happens to their
 * neighbours; bad ones are reported by index. A key sent again (in the batch or after an earlier one)
 * is a duplicate when its {@link PayloadFingerprint} matches and an {@code IDEMPOTENCY_CONFLICT}
 * rejection when it does not.
 */
public final class EventBatchIngestor {

    private final EventValidator validator;
    private final EventStore store;
    private final RewardAttributor rewards;

    public EventBatchIngestor(EventValidator validator, EventStore store, RewardAttributor rewards) {
        this.validator = validator;
        this.store = store;
        this.rewards = rewards;
    }

    public IngestResult ingest(List<?> items, Instant now) {
        Batch batch = new Batch();
        for (int i = 0; i < items.size(); i++) {
            batch.add(i, items.get(i), now);
        }
        if (batch.unique.isEmpty()) {
            return new IngestResult(items.size(), List.of(), batch.repeats, batch.rejections(), batch.rejectedItems,
                    List.of(), null);
        }
        EventStore.WriteReport report = store.writeNew(List.copyOf(batch.unique.values()));
        for (EventStore.Repeat conflict : report.conflicts()) {
            batch.reject(batch.indexOf.get(conflict.sent().key()), conflict.sent().eventId(), conflictError());
        }
        List<String> retry = new ArrayList<>(report.unconfirmed());
        String failure = report.failure();
        String attributionFailure = credit(report, retry);
        if (attributionFailure != null) {
            failure = failure == null ? attributionFailure : failure + "; " + attributionFailure;
        }
        return new IngestResult(items.size(), report.written(), batch.repeats + report.duplicates().size(),
                batch.rejections(), batch.rejectedItems, List.copyOf(retry), failure);
    }

    /**
     * Credits every stored purchase of the batch, duplicates included and as stored (their first ts):
     * attribution is idempotent per purchase, so crediting a resend after a failure here is safe, and
     * a resend with a new ts is credited exactly as the original. Returns the failure, if any.
     */
    private String credit(EventStore.WriteReport report, List<String> retry) {
        Set<String> unconfirmed = new HashSet<>(report.unconfirmed());
        List<BehaviourEvent> purchases = new ArrayList<>();
        report.written().stream().filter(e -> e.type() == EventType.PURCHASE).forEach(purchases::add);
        report.duplicates().stream().map(EventStore.Repeat::stored).filter(e -> e.type() == EventType.PURCHASE)
                .forEach(purchases::add);
        purchases.removeIf(p -> unconfirmed.contains(p.eventId()));
        if (purchases.isEmpty()) {
            return null;
        }
        try {
            rewards.attribute(purchases);
            return null;
        } catch (RuntimeException e) {
            purchases.forEach(p -> retry.add(p.eventId()));
            return "purchases are stored but their rewards could not be attributed (" + e.getClass().getSimpleName() + ")";
        }
    }

    private static FieldError conflictError() {
        return new FieldError("eventId", ErrorCode.IDEMPOTENCY_CONFLICT,
                "this eventId is already stored for this user with another payload; the stored event is kept"
                        + " (a new event needs a new eventId)");
    }

    /** The batch as validated: the first event of each key, in order, and what was refused. */
    private final class Batch {
        final Map<EventKey, BehaviourEvent> unique = new LinkedHashMap<>();
        final Map<EventKey, Integer> indexOf = new HashMap<>();
        final Map<EventKey, String> fingerprints = new HashMap<>();
        final List<Rejection> rejections = new ArrayList<>();
        int rejectedItems;
        int repeats;

        void add(int index, Object item, Instant now) {
            if (!(item instanceof Map<?, ?> map)) {
                reject(index, null, new FieldError(null, ErrorCode.WRONG_TYPE, "each event must be a JSON object"));
                return;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) map;
            EventValidator.Outcome outcome = validator.validate(raw, now);
            if (!outcome.valid()) {
                String eventId = raw.get("eventId") instanceof String s ? s : null;
                for (FieldError e : outcome.errors()) {
                    rejections.add(new Rejection(index, eventId, e.field(), e.code(), e.message()));
                }
                rejectedItems++;
                return;
            }
            BehaviourEvent event = outcome.event();
            EventKey key = event.key();
            BehaviourEvent first = unique.get(key);
            if (first == null) {
                unique.put(key, event);
                indexOf.put(key, index);
            } else if (fingerprint(first).equals(PayloadFingerprint.of(event))) {
                repeats++;
            } else {
                reject(index, event.eventId(), conflictError());
            }
        }

        private String fingerprint(BehaviourEvent first) {
            return fingerprints.computeIfAbsent(first.key(), k -> PayloadFingerprint.of(first));
        }

        /** By index; the faults of one item in the order found. */
        List<Rejection> rejections() {
            List<Rejection> sorted = new ArrayList<>(rejections);
            sorted.sort(Comparator.comparingInt(Rejection::index));
            return List.copyOf(sorted);
        }

        void reject(int index, String eventId, FieldError e) {
            rejections.add(new Rejection(index, eventId, e.field(), e.code(), e.message()));
            rejectedItems++;
        }
    }
}
