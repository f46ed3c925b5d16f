package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.Fakes;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventKey;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.event.PayloadFingerprint;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.core.reward.RewardAttributorTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBatchIngestorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");

    /** In-memory fake of the store port; can be told to fail after n writes. */
    static final class FakeStore implements EventStore {
        final Map<EventKey, BehaviourEvent> stored = new LinkedHashMap<>();
        int failAfter = Integer.MAX_VALUE;

        @Override
        public WriteReport writeNew(List<BehaviourEvent> events) {
            List<BehaviourEvent> written = new ArrayList<>();
            List<Repeat> repeats = new ArrayList<>();
            for (BehaviourEvent e : events) {
                if (written.size() >= failAfter) {
                    List<String> rest = events.subList(events.indexOf(e), events.size()).stream()
                            .map(BehaviourEvent::eventId).toList();
                    return new WriteReport(written, repeats, rest, "down");
                }
                BehaviourEvent before = stored.putIfAbsent(e.key(), e);
                if (before == null) {
                    written.add(e);
                } else {
                    repeats.add(new Repeat(e, before.ts(), PayloadFingerprint.of(before).equals(PayloadFingerprint.of(e))));
                }
            }
            return new WriteReport(written, repeats, List.of(), null);
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

    private final Fakes.Decisions decisions = new Fakes.Decisions();

    private EventBatchIngestor ingestor(EventStore store) {
        return new EventBatchIngestor(new EventValidator(EventLimits.defaults()), store,
                new RewardAttributor(decisions, new RewardAttributor.Settings(Duration.ofHours(24), 0.3)));
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
        IngestResult r = ingestor(store)
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
        IngestResult r = ingestor(store)
                .ingest(List.of(view("a"), view("b"), view("c"), view("d")), NOW);
        assertTrue(r.storeFailed());
        assertEquals(2, r.accepted());
        assertEquals(List.of("c", "d"), r.retryEventIds());
    }

    private static Map<String, Object> at(Map<String, Object> event, long ts) {
        Map<String, Object> m = new HashMap<>(event);
        m.put("ts", ts);
        return m;
    }

    private static Map<String, Object> purchase(String id, long ts, double value) {
        Map<String, Object> m = new HashMap<>(Map.of("eventId", id, "userId", "u", "type", "purchase", "ts", ts));
        m.put("orderValue", value);
        return m;
    }

    @Test
    void ingest_sameKeyTwiceInBatchWithAnotherTs_isOneEventAndADuplicate() {
        FakeStore store = new FakeStore();
        IngestResult r = ingestor(store).ingest(List.of(view("a"), at(view("a"), NOW.toEpochMilli() - 5_000)), NOW);
        assertEquals(1, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(0, r.rejectedItems());
        assertEquals(NOW.toEpochMilli(), store.stored.get(new EventKey("u", "a")).ts(), "the first one stands");
    }

    @Test
    void ingest_sameKeyTwiceInBatchWithAnotherPayload_rejectsTheLaterAsConflict() {
        FakeStore store = new FakeStore();
        Map<String, Object> other = view("a");
        other.put("price", 12.5);
        IngestResult r = ingestor(store).ingest(List.of(view("b"), view("a"), other), NOW);
        assertEquals(2, r.accepted());
        assertEquals(0, r.duplicates());
        assertEquals(1, r.rejectedItems());
        Rejection conflict = r.rejected().get(0);
        assertEquals(2, conflict.index());
        assertEquals("a", conflict.eventId());
        assertEquals(ErrorCode.IDEMPOTENCY_CONFLICT, conflict.code());
        assertNull(store.stored.get(new EventKey("u", "a")).price(), "the first payload is stored");
    }

    @Test
    void ingest_resendAcrossBatches_newTsIsADuplicate_otherPayloadAConflictByIndex() {
        FakeStore store = new FakeStore();
        ingestor(store).ingest(List.of(view("a"), view("b")), NOW);
        Map<String, Object> changed = view("b");
        changed.put("category", "shoes");
        IngestResult r = ingestor(store).ingest(List.of(view("c"), at(view("a"), NOW.toEpochMilli() + 1), changed), NOW);
        assertEquals(1, r.accepted());
        assertEquals(1, r.duplicates());
        assertEquals(List.of(2), r.rejected().stream().map(Rejection::index).toList());
        assertEquals(ErrorCode.IDEMPOTENCY_CONFLICT, r.rejected().get(0).code());
        assertEquals("b", r.rejected().get(0).eventId());
        assertEquals("eventId", r.rejected().get(0).field());
        assertNull(store.stored.get(new EventKey("u", "b")).category(), "the stored event is unchanged");
    }

    @Test
    void ingest_purchaseResentWithAnotherTs_isCreditedAsStoredAndOnce() {
        long t = NOW.toEpochMilli();
        decisions.record(RewardAttributorTest.decision("d1", "u", t - 60_000, "C10", 10));
        FakeStore store = new FakeStore();
        assertEquals(1, ingestor(store).ingest(List.of(purchase("p", t - 30_000, 100)), NOW).accepted());
        // a decision made after the purchase, then the purchase resent with its send time as ts
        decisions.record(RewardAttributorTest.decision("d2", "u", t - 10_000, "C10", 10));
        IngestResult resend = ingestor(store).ingest(List.of(purchase("p", t, 100)), NOW);
        assertEquals(1, resend.duplicates());
        assertEquals("p", decisions.all.get(0).reward().source());
        assertNull(decisions.all.get(1).reward(), "the later decision is not credited with the resent purchase");
    }

    @Test
    void ingest_purchaseResentWithAnotherValue_isAConflictAndNotCredited() {
        long t = NOW.toEpochMilli();
        FakeStore store = new FakeStore();
        ingestor(store).ingest(List.of(purchase("p", t - 30_000, 100)), NOW);
        decisions.record(RewardAttributorTest.decision("d1", "u", t - 10_000, "C10", 10));
        IngestResult resend = ingestor(store).ingest(List.of(purchase("p", t - 5_000, 250)), NOW);
        assertEquals(ErrorCode.IDEMPOTENCY_CONFLICT, resend.rejected().get(0).code());
        assertNull(decisions.all.get(0).reward(), "a conflicting resend credits nothing");
        assertEquals(100.0, store.stored.get(new EventKey("u", "p")).orderValue());
    }
}
