package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventValidator;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBatchIngestorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** In-memory fake of the store port; can be told to fail after n writes. */
    static final class FakeStore implements EventStore {
        final Map<String, BehaviourEvent> stored = new LinkedHashMap<>();
        int failAfter = Integer.MAX_VALUE;

        @Override
        public WriteReport writeNew(List<BehaviourEvent> events) {
            List<BehaviourEvent> written = new ArrayList<>();
            List<String> dups = new ArrayList<>();
            for (BehaviourEvent e : events) {
                if (written.size() >= failAfter) {
                    List<String> rest = events.subList(events.indexOf(e), events.size()).stream()
                            .map(BehaviourEvent::eventId).toList();
                    return new WriteReport(written, dups, rest, "down");
                }
                if (stored.putIfAbsent(e.userId() + "/" + e.eventId(), e) == null) {
                    written.add(e);
                } else {
                    dups.add(e.eventId());
                }
            }
            return new WriteReport(written, dups, List.of(), null);
        }

        @Override
        public List<BehaviourEvent> latest(String userId, int limit) {
            return List.of();
        }

        @Override
        public int deleteUser(String userId) {
            return 0;
        }
    }

    private static Map<String, Object> view(String id) {
        Map<String, Object> m = new HashMap<>();
        m.put("eventId", id);
        m.put("userId", "u");
        m.put("type", "view");
        m.put("ts", NOW.toEpochMilli());
        return m;
    }

    @Test
    void ingest_nonObjectItems_areRejectedByIndex() {
        FakeStore store = new FakeStore();
        IngestResult r = new EventBatchIngestor(new EventValidator(EventLimits.defaults()), store)
                .ingest(List.of(view("a"), "oops", 42, view("b")), NOW);
        assertEquals(2, r.accepted());
        assertEquals(2, r.rejectedItems());
        assertEquals(List.of(1, 2), r.rejected().stream().map(Rejection::index).toList());
        assertEquals(ErrorCode.WRONG_TYPE, r.rejected().get(0).code());
    }

    @Test
    void ingest_storeFailsHalfway_reportsConfirmedAndUnconfirmedSeparately() {
        FakeStore store = new FakeStore();
        store.failAfter = 2;
        IngestResult r = new EventBatchIngestor(new EventValidator(EventLimits.defaults()), store)
                .ingest(List.of(view("a"), view("b"), view("c"), view("d")), NOW);
        assertTrue(r.storeFailed());
        assertEquals(2, r.accepted());
        assertEquals(List.of("c", "d"), r.retryEventIds());
    }
}
