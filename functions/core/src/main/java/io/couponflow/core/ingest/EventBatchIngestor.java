package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventValidator;

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

    public EventBatchIngestor(EventValidator validator, EventStore store) {
        this.validator = validator;
        this.store = store;
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
        return new IngestResult(items.size(), report.written(), repeats + report.duplicates().size(),
                rejections, rejectedItems, report.unconfirmed(), report.failure());
    }
}
