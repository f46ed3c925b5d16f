package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventType;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.reward.RewardAttributor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Validates a batch item by item, drops repeats within the batch, and stores the rest idempotently.
 * Good items are kept whatever happens to their neighbours; bad ones are reported by index.
 */
public final class EventBatchIngestor {

    private final EventValidator validator;
    private final EventStore store;
    private final RewardAttributor rewards;

    public EventBatchIngestor(EventValidator validator, EventStore store) {
        this(validator, store, null);
    }

    /** With {@code rewards}, stored purchases are credited to the decisions they follow. */
    public EventBatchIngestor(EventValidator validator, EventStore store, RewardAttributor rewards) {
        this.validator = validator;
        this.store = store;
        this.rewards = rewards;
    }

    public IngestResult ingest(List<?> items, Instant now) {
        List<Rejection> rejections = new ArrayList<>();
        List<BehaviourEvent> valid = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int rejectedItems = 0;
        int repeats = 0;
        for (int i = 0; i < items.size(); i++) {
            Object item = items.get(i);
            if (!(item instanceof Map<?, ?> map)) {
                rejections.add(new Rejection(i, null, null, ErrorCode.WRONG_TYPE, "each event must be a JSON object"));
                rejectedItems++;
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> raw = (Map<String, Object>) map;
            EventValidator.Outcome outcome = validator.validate(raw, now);
            if (!outcome.valid()) {
                String eventId = raw.get("eventId") instanceof String s ? s : null;
                for (FieldError e : outcome.errors()) {
                    rejections.add(new Rejection(i, eventId, e.field(), e.code(), e.message()));
                }
                rejectedItems++;
                continue;
            }
            BehaviourEvent event = outcome.event();
            if (!seen.add(event.userId() + '\u0000' + event.eventId())) {
                repeats++;
                continue;
            }
            valid.add(event);
        }
        if (valid.isEmpty()) {
            return new IngestResult(items.size(), List.of(), repeats, rejections, rejectedItems, List.of(), null);
        }
        EventStore.WriteReport report = store.writeNew(valid);
        List<String> retry = new ArrayList<>(report.unconfirmed());
        String failure = report.failure();
        if (rewards != null) {
            // Credit every stored purchase, replays included: attribution is idempotent per purchase
            // (a decision records the purchase that rewarded it), so a resend after a failure here is safe.
            Set<String> unconfirmed = new HashSet<>(report.unconfirmed());
            List<BehaviourEvent> purchases = valid.stream()
                    .filter(e -> e.type() == EventType.PURCHASE && !unconfirmed.contains(e.eventId())).toList();
            if (!purchases.isEmpty()) {
                try {
                    rewards.attribute(purchases);
                } catch (RuntimeException e) {
                    purchases.forEach(p -> retry.add(p.eventId()));
                    failure = "purchases are stored but their rewards could not be attributed ("
                            + e.getClass().getSimpleName() + ")";
                }
            }
        }
        return new IngestResult(items.size(), report.written(), repeats + report.duplicates().size(),
                rejections, rejectedItems, List.copyOf(retry), failure);
    }
}
