package io.couponflow.dynamodb;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventKey;
import io.couponflow.core.ingest.EventBatchIngestor;
import io.couponflow.core.ingest.IngestResult;
import io.couponflow.core.ingest.Rejection;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency by (userId, eventId) through the real ingest path on a real dynalite: resends with
 * another ts, resends with another payload, two batches racing, and the purchase credit.
 */
class IdempotentIngestTest {
    private static final DynamoDbClient client = TestDynalite.client();
    /** The races' clock: events a minute old, accepted by the validator. */
    private static final Instant NOW = Instant.now();
    private static final long TS = NOW.toEpochMilli() - 60_000;

    private static TableNames freshTables() {
        return TestDynalite.freshTables();
    }

    private static Map<String, Object> view(String id, String user, long ts, double price) {
        return new HashMap<>(Map.of("eventId", id, "userId", user, "type", "view", "ts", ts, "price", price));
    }

    private static Map<String, Object> purchase(String id, String user, long ts, double orderValue) {
        return new HashMap<>(Map.of("eventId", id, "userId", user, "type", "purchase", "ts", ts, "orderValue", orderValue));
    }

    static DecisionRecord decision(String id, String user, long ts) {
        List<Candidate> cands = List.of(new Candidate("none", new double[]{1, 1}, 0),
                new Candidate("C10", new double[]{1, 0}, 10));
        return new DecisionRecord(id, user, ts, "enc", "v1", new double[]{1}, 10.0, cands, "C10", 0.5,
                new double[]{0.5, 0.5}, 1.0, 0, List.of(), null);
    }

    private static Map<EventKey, Map<String, AttributeValue>> stored(TableNames t) {
        return DynamoEventStoreTest.storedItems(client, t.events()).values().stream()
                .collect(Collectors.toMap(i -> new EventKey(i.get(Attr.USER_ID).s(), i.get(Attr.EVENT_ID).s()), Function.identity()));
    }

    @Test
    void eventsTable_isKeyedByCoresEventKey() {
        assertEquals(List.of(TableDefinitions.EVENTS.partitionKey(), TableDefinitions.EVENTS.sortKey()),
                Arrays.stream(EventKey.class.getRecordComponents()).map(c -> c.getName()).toList(),
                "the events table's key and core's idempotency key are one definition");
    }

    @Test
    void createAll_keepsItsOwnTables_andRefusesAnEventsTableOfTheOldKey() {
        TableNames t = freshTables();
        TableDefinitions.createAll(client, t);   // again: nothing to do
        TableNames old = TableNames.withPrefix("old-" + t.events());
        client.createTable(TableDefinitions.createRequest(new TableDefinitions.TableSpec("events", Attr.USER_ID, Attr.SK,
                List.of(), List.of(), Attr.EXPIRES_AT, TableNames::events), old.events()));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> TableDefinitions.createAll(client, old));
        assertTrue(e.getMessage().contains(old.events()), e.getMessage());
    }

    /** Fresh tables holding a view "a" and a purchase "p" of user u, stored at ts, a minute before now. */
    private record Stored(TableNames t, EventBatchIngestor ingestor, Instant now, long ts) {
        static Stored aViewAndAPurchase() {
            TableNames t = freshTables();
            EventBatchIngestor ingestor = DynamoEventStoreTest.ingestor(client, t);
            Instant now = Instant.now();
            long ts = now.toEpochMilli() - 60_000;
            assertEquals(2, ingestor.ingest(List.of(view("a", "u", ts, 10), purchase("p", "u", ts, 50)), now).accepted());
            return new Stored(t, ingestor, now, ts);
        }
    }

    @Test
    void resendWithAnotherTs_isADuplicate_andTheStoredEventKeepsItsTs() {
        Stored s = Stored.aViewAndAPurchase();
        TableNames t = s.t();
        long ts = s.ts();

        IngestResult resend = s.ingestor().ingest(List.of(view("a", "u", ts + 59_000, 10), purchase("p", "u", ts + 59_000, 50),
                view("a", "u", ts + 1, 10)), s.now());

        assertEquals(0, resend.accepted());
        assertEquals(3, resend.duplicates(), "two resends and a repeat within the batch");
        assertEquals(0, resend.rejectedItems());
        Map<EventKey, Map<String, AttributeValue>> items = stored(t);
        assertEquals(2, items.size(), "one item per (userId, eventId)");
        assertEquals(Long.toString(ts), items.get(new EventKey("u", "a")).get(Attr.TS).n());
        assertEquals(Long.toString(ts), items.get(new EventKey("u", "p")).get(Attr.TS).n());
        assertEquals(1, new DynamoEventStore(client, t.events(), Duration.ofDays(90), Backoff.defaults())
                .latest("u", 20).stream().filter(e -> e.eventId().equals("a")).count(), "the history holds it once");
    }

    @Test
    void resendWithAnotherPayload_isAConflictNamingTheEvent_andTheStoredEventIsUnchanged() {
        Stored s = Stored.aViewAndAPurchase();
        TableNames t = s.t();
        long ts = s.ts();
        Map<EventKey, Map<String, AttributeValue>> before = stored(t);

        IngestResult resend = s.ingestor().ingest(List.of(view("new", "u", ts, 1), purchase("p", "u", ts, 75),
                view("a", "u", ts + 5, 11)), s.now());

        assertEquals(1, resend.accepted());
        assertEquals(0, resend.duplicates());
        assertEquals(2, resend.rejectedItems());
        assertEquals(List.of(1, 2), resend.rejected().stream().map(Rejection::index).toList());
        assertEquals(List.of("p", "a"), resend.rejected().stream().map(Rejection::eventId).toList());
        assertTrue(resend.rejected().stream().allMatch(r -> r.code() == ErrorCode.IDEMPOTENCY_CONFLICT));
        Map<EventKey, Map<String, AttributeValue>> after = stored(t);
        assertEquals(before.get(new EventKey("u", "a")), after.get(new EventKey("u", "a")));
        assertEquals(before.get(new EventKey("u", "p")), after.get(new EventKey("u", "p")));
    }

    /** Two ingests of the same batch started together, {@code rounds} times; returns each round's two results. */
    private static List<IngestResult[]> race(TableNames t, int rounds, Function<Integer, List<List<Map<String, Object>>>> batches)
            throws Exception {
        EventBatchIngestor left = DynamoEventStoreTest.ingestor(client, t);
        EventBatchIngestor right = DynamoEventStoreTest.ingestor(client, t);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<IngestResult[]> out = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                List<List<Map<String, Object>>> pair = batches.apply(round);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<IngestResult> a = pool.submit(() -> {
                    start.await();
                    return left.ingest(pair.get(0), NOW);
                });
                Future<IngestResult> b = pool.submit(() -> {
                    start.await();
                    return right.ingest(pair.get(1), NOW);
                });
                out.add(new IngestResult[]{a.get(), b.get()});
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    @Test
    void race_twoBatchesWithTheSameEvents_storeEachExactlyOnce() throws Exception {
        TableNames t = freshTables();
        long ts = TS;
        int rounds = 20;
        int n = 40;
        List<IngestResult[]> results = race(t, rounds, round -> {
            List<Map<String, Object>> a = new ArrayList<>();
            List<Map<String, Object>> b = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = "r" + round + "-" + i;
                String user = "u" + (i % 4);
                // the same events; the second sender stamped them a second later
                a.add(i % 5 == 0 ? purchase(id, user, ts, 30 + i) : view(id, user, ts, i));
                b.add(i % 5 == 0 ? purchase(id, user, ts + 1_000, 30 + i) : view(id, user, ts + 1_000, i));
            }
            return List.of(a, b);
        });

        Map<EventKey, Map<String, AttributeValue>> items = stored(t);
        assertEquals(rounds * n, items.size(), "exactly one item per key");
        int purchasesAccepted = 0;
        for (IngestResult[] pair : results) {
            for (IngestResult r : pair) {
                assertEquals(n, r.accepted() + r.duplicates(), "every event accepted or a duplicate");
                assertEquals(0, r.rejectedItems());
                purchasesAccepted += (int) r.written().stream().filter(e -> e.orderValue() != null).count();
            }
        }
        assertEquals(rounds * n / 5, purchasesAccepted, "each purchase accepted by exactly one of the two batches");
        // the race did happen: in some round both batches found a key free before either wrote it (then a
        // view, written by BatchWriteItem, is accepted by both; documented)
        assertTrue(results.stream().anyMatch(p -> p[0].accepted() + p[1].accepted() > n), "the batches overlapped");
        for (Map<String, AttributeValue> item : items.values()) {
            assertTrue(Set.of(Long.toString(ts), Long.toString(ts + 1_000)).contains(item.get(Attr.TS).n()));
        }
    }

    @Test
    void race_conflictingPurchases_oneIsStoredAndTheOtherIsAConflict() throws Exception {
        TableNames t = freshTables();
        int rounds = 20;
        List<IngestResult[]> results = race(t, rounds, round -> List.of(
                List.of(purchase("p" + round, "u", TS, 100), view("v" + round, "u", TS, 1)),
                List.of(purchase("p" + round, "u", TS, 200), view("v" + round, "u", TS, 2))));

        Map<EventKey, Map<String, AttributeValue>> items = stored(t);
        assertEquals(2 * rounds, items.size(), "one purchase and one view per round");
        for (int round = 0; round < rounds; round++) {
            IngestResult[] pair = results.get(round);
            List<BehaviourEvent> accepted = new ArrayList<>();
            int conflicts = 0;
            for (IngestResult r : pair) {
                r.written().stream().filter(e -> e.eventId().startsWith("p")).forEach(accepted::add);
                conflicts += (int) r.rejected().stream()
                        .filter(x -> x.eventId().startsWith("p") && x.code() == ErrorCode.IDEMPOTENCY_CONFLICT).count();
            }
            assertEquals(1, accepted.size(), "round " + round + ": exactly one purchase accepted");
            assertEquals(1, conflicts, "round " + round + ": the other is told it conflicts");
            assertEquals(accepted.get(0).orderValue(),
                    Double.parseDouble(items.get(new EventKey("u", "p" + round)).get(Attr.ORDER_VALUE).n()), "the accepted one is stored");
            // documented: the views raced through BatchWriteItem; one item holds one of the two payloads
            double price = Double.parseDouble(items.get(new EventKey("u", "v" + round)).get(Attr.PRICE).n());
            assertTrue(price == 1 || price == 2, "price " + price);
        }
    }

    @Test
    void purchaseResentWithAnotherTs_isCreditedToOneDecisionOnly() {
        TableNames t = freshTables();
        DynamoDecisionLog log = new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(30));
        EventBatchIngestor ingestor = DynamoEventStoreTest.ingestor(client, t);
        Instant now = Instant.now();
        long t0 = now.toEpochMilli() - 2 * 3_600_000;
        log.record(decision("d1", "buyer", t0));
        ingestor.ingest(List.of(purchase("buy", "buyer", t0 + 60_000, 100)), now);
        // decisions made after the purchase, then the purchase resent with its send time, twice
        log.record(decision("d2", "buyer", t0 + 120_000));
        log.record(decision("d3", "buyer", now.toEpochMilli() - 1_000));
        assertEquals(1, ingestor.ingest(List.of(purchase("buy", "buyer", t0 + 3_600_000, 100)), now).duplicates());
        assertEquals(1, ingestor.ingest(List.of(purchase("buy", "buyer", now.toEpochMilli(), 100)), now).duplicates());

        List<DecisionRecord> decisions = log.since("buyer", 0);
        assertEquals("buy", decisions.get(0).reward().source());
        assertNull(decisions.get(1).reward());
        assertNull(decisions.get(2).reward());
    }

    @Test
    void race_samePurchaseWithTwoTsAcrossAnOpenDecision_isCreditedOnce() throws Exception {
        TableNames t = freshTables();
        DynamoDecisionLog log = new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(30));
        long t0 = NOW.toEpochMilli() - 3_600_000;
        int rounds = 15;
        for (int round = 0; round < rounds; round++) {
            // d1 before both stamps, d2 between them: each stamp alone would pick another decision
            log.record(decision("d1", "b" + round, t0));
            log.record(decision("d2", "b" + round, t0 + 60_000));
        }
        race(t, rounds, round -> List.of(List.of(purchase("buy", "b" + round, t0 + 30_000, 100)),
                List.of(purchase("buy", "b" + round, t0 + 90_000, 100))));

        for (int round = 0; round < rounds; round++) {
            long credited = log.since("b" + round, 0).stream().filter(d -> d.reward() != null).count();
            assertEquals(1, credited, "round " + round);
        }
    }
}
