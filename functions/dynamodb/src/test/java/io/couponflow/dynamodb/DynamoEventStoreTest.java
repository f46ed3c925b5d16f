package io.couponflow.dynamodb;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventType;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.ingest.EventBatchIngestor;
import io.couponflow.core.ingest.IngestResult;
import io.couponflow.core.ingest.Rejection;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.testing.Dynalite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event store and the batch ingestor against a real dynalite. */
class DynamoEventStoreTest {
    private static final Duration RETENTION = Duration.ofDays(90);
    private static final DynamoDbClient client = TestDynalite.client();

    private static TableNames freshTables(DynamoDbClient c) {
        return TestDynalite.freshTables(c);
    }

    static EventBatchIngestor ingestor(DynamoDbClient c, TableNames names) {
        return new EventBatchIngestor(new EventValidator(EventLimits.defaults()),
                new DynamoEventStore(c, names.events(), RETENTION, Backoff.defaults()),
                new RewardAttributor(new DynamoDecisionLog(c, names.decisions(), RETENTION),
                        new RewardAttributor.Settings(Duration.ofHours(24), 0.3)));
    }

    @Test
    void ingest_mixedBatchOfThousand_storesExactlyTheGoodUniqueOnesAndReportsEveryBadOne() {
        TableNames names = freshTables(client);
        EventBatchIngestor ingestor = ingestor(client, names);
        Instant now = Instant.now();
        List<Map<String, Object>> prior = EventFixtures.goodBatch("prior", 50, 40, now, 1);
        assertEquals(50, ingestor.ingest(prior, now).accepted());

        List<Map<String, Object>> fresh = EventFixtures.goodBatch("fresh", 850, 120, now, 2);
        List<Map<String, Object>> batch = new ArrayList<>(fresh);
        batch.addAll(prior);                                 // 50 already stored
        batch.addAll(fresh.subList(0, 50));                  // 50 repeated within the batch
        for (int i = 0; i < 50; i++) {
            batch.add(EventFixtures.bad(i, now.toEpochMilli()));   // 50 bad
        }
        Collections.shuffle(batch, new Random(3));
        assertEquals(1_000, batch.size());

        IngestResult result = ingestor.ingest(batch, now);

        assertEquals(850, result.accepted());
        assertEquals(100, result.duplicates());
        assertEquals(50, result.rejectedItems());
        assertEquals(50, result.rejected().size(), "one fault per bad item");
        assertFalse(result.storeFailed());
        for (Rejection r : result.rejected()) {
            Map<String, Object> item = batch.get(r.index());
            int which = Integer.parseInt(String.valueOf(item.get("eventId")).startsWith("bad-")
                    ? String.valueOf(item.get("eventId")).substring(4) : "4");
            assertEquals(EventFixtures.BAD_FIELDS[which % 5], r.field(), "field of item " + r.index());
            assertNotNull(r.code());
        }
        Set<String> expected = new java.util.HashSet<>();
        prior.forEach(m -> expected.add((String) m.get("eventId")));
        fresh.forEach(m -> expected.add((String) m.get("eventId")));
        assertEquals(expected, storedEventIds(client, names.events()));

        IngestResult replay = ingestor.ingest(batch, now);
        assertEquals(0, replay.accepted(), "a replayed batch writes nothing");
        assertEquals(950, replay.duplicates());
        assertEquals(50, replay.rejectedItems());
        assertEquals(900, storedEventIds(client, names.events()).size());
    }

    @Test
    void ingest_rejectionCodes_sayWhatIsWrong() {
        TableNames names = freshTables(client);
        Instant now = Instant.now();
        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(EventFixtures.bad(i, now.toEpochMilli()));
        }
        IngestResult result = ingestor(client, names).ingest(batch, now);
        Map<String, ErrorCode> byField = result.rejected().stream()
                .collect(Collectors.toMap(Rejection::field, Rejection::code));
        assertEquals(ErrorCode.UNKNOWN_VALUE, byField.get("type"));
        assertEquals(ErrorCode.MISSING_FIELD, byField.get("userId"));
        assertEquals(ErrorCode.TIMESTAMP_OUT_OF_WINDOW, byField.get("ts"));
        assertEquals(ErrorCode.OUT_OF_RANGE, byField.get("price"));
        assertEquals(ErrorCode.INVALID_STRING, byField.get("eventId"));
        assertEquals(0, result.accepted());
    }

    @Test
    void latest_returnsNewestFirstWithinLimit_andDeleteUserErasesAll() {
        TableNames names = freshTables(client);
        DynamoEventStore store = new DynamoEventStore(client, names.events(), RETENTION, Backoff.defaults());
        long t0 = Instant.now().toEpochMilli() - 100_000;
        List<BehaviourEvent> events = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            events.add(BehaviourEvent.of("e" + i, "alice", EventType.VIEW, t0 + i * 1_000L));
        }
        events.add(BehaviourEvent.of("b0", "bob", EventType.VIEW, t0));
        assertTrue(store.writeNew(events).complete());

        List<BehaviourEvent> latest = store.latest("alice", 20);
        assertEquals(20, latest.size());
        assertEquals("e59", latest.get(0).eventId());
        assertEquals("e40", latest.get(19).eventId());
        assertEquals(events.get(59), latest.get(0), "round trip keeps every field");

        assertEquals(60, store.deleteUser("alice"));
        assertTrue(store.latest("alice", 20).isEmpty());
        assertEquals(1, store.latest("bob", 20).size(), "other users untouched");
    }

    @Test
    void storedItem_carriesTtlFromEventTime() {
        TableNames names = freshTables(client);
        DynamoEventStore store = new DynamoEventStore(client, names.events(), RETENTION, Backoff.defaults());
        long ts = Instant.now().toEpochMilli();
        store.writeNew(List.of(BehaviourEvent.of("ttl-1", "carol", EventType.VIEW, ts)));
        Map<String, AttributeValue> item = client.scan(ScanRequest.builder().tableName(names.events()).build()).items().get(0);
        assertEquals(ts / 1000 + RETENTION.toSeconds(), Long.parseLong(item.get(Attr.EXPIRES_AT).n()));
    }

    @Test
    void ingest_databaseKilledMidBatch_reportsWhatToResend_andResendIsExactlyOnce(@TempDir Path data) {
        try (Dynalite disk = Dynalite.onDisk(data)) {
            AtomicInteger batchWrites = new AtomicInteger();
            ExecutionInterceptor killAfterFifthWrite = new ExecutionInterceptor() {
                @Override
                public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                    if (context.request() instanceof BatchWriteItemRequest && batchWrites.incrementAndGet() == 5) {
                        disk.kill();
                    }
                }
            };
            try (DynamoDbClient c = disk.clientBuilder(Duration.ofSeconds(5))
                    .overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(5)).addExecutionInterceptor(killAfterFifthWrite))
                    .build()) {
                TableNames names = freshTables(c);
                EventBatchIngestor ingestor = ingestor(c, names);
                Instant now = Instant.now();
                List<Map<String, Object>> batch = EventFixtures.goodBatch("crash", 1_000, 200, now, 7);

                IngestResult first = ingestor.ingest(batch, now);
                assertTrue(first.storeFailed(), "the outage is reported");
                // five chunks of 25 by BatchWriteItem, and the purchases put one by one before the kill
                assertTrue(first.accepted() >= 125, "confirmed before the kill: " + first.accepted());
                Set<String> covered = new java.util.HashSet<>(first.retryEventIds());
                first.written().forEach(e -> covered.add(e.eventId()));
                assertEquals(1_000, covered.size(), "each event confirmed or to resend (or both: an uncredited purchase)");
                assertTrue(first.failure().contains("may not be stored"));

                disk.start();
                IngestResult resend = ingestor.ingest(batch, now);
                assertFalse(resend.storeFailed());
                assertEquals(1_000, resend.accepted() + resend.duplicates());
                assertEquals(first.accepted(), resend.duplicates());

                Map<String, Map<String, AttributeValue>> stored = storedItems(c, names.events());
                assertEquals(1_000, stored.size(), "exactly once");
                for (Map<String, Object> raw : batch) {
                    Map<String, AttributeValue> item = stored.get((String) raw.get("eventId"));
                    assertEquals(raw.get("type"), item.get(Attr.TYPE).s());
                    assertEquals(((Number) raw.get("ts")).longValue(), Long.parseLong(item.get(Attr.TS).n()));
                }
            }
        }
    }

    static Set<String> storedEventIds(DynamoDbClient c, String table) {
        return storedItems(c, table).keySet();
    }

    static Map<String, Map<String, AttributeValue>> storedItems(DynamoDbClient c, String table) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        c.scanPaginator(ScanRequest.builder().tableName(table).build()).items()
                .forEach(i -> {
                    Map<String, AttributeValue> before = out.put(i.get(Attr.EVENT_ID).s(), i);
                    assertEquals(null, before, "event stored twice: " + i.get(Attr.EVENT_ID).s());
                });
        return out;
    }
}
