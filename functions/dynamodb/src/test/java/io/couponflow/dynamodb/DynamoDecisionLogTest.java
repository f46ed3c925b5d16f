package io.couponflow.dynamodb;

import io.couponflow.core.decision.DecisionRecord;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision log's reward write against a real dynalite: a purchase is credited to at most one decision. */
class DynamoDecisionLogTest {
    private static final DynamoDbClient client = TestDynalite.client();

    private static String freshTable() {
        return TestDynalite.freshTables().decisions();
    }

    private static DynamoDecisionLog freshLog() {
        return new DynamoDecisionLog(client, freshTable(), Duration.ofDays(30));
    }

    private static DecisionRecord.Reward reward(String purchaseId, long ts) {
        return new DecisionRecord.Reward(20, 100, ts, purchaseId);
    }

    private static long rewarded(DynamoDecisionLog log, String user, String purchaseId) {
        return log.since(user, 0).stream().filter(d -> d.reward() != null && purchaseId.equals(d.reward().source())).count();
    }

    /** A fresh log holding two open decisions of user u, a minute and half a minute before t. */
    private record TwoDecisions(DynamoDecisionLog log, DecisionRecord d1, DecisionRecord d2, long t) {
        static TwoDecisions logged() {
            DynamoDecisionLog log = freshLog();
            long t = Instant.now().toEpochMilli();
            TwoDecisions x = new TwoDecisions(log, IdempotentIngestTest.decision("d1", "u", t - 60_000),
                    IdempotentIngestTest.decision("d2", "u", t - 30_000), t);
            log.record(x.d1());
            log.record(x.d2());
            return x;
        }
    }

    @Test
    void attribute_samePurchaseToAnotherDecision_isRefused() {
        TwoDecisions x = TwoDecisions.logged();
        DynamoDecisionLog log = x.log();
        long t = x.t();

        assertTrue(log.attribute(x.d1(), reward("p", t)));
        assertFalse(log.attribute(x.d1(), reward("p", t)), "the same decision twice adds nothing");
        assertFalse(log.attribute(x.d2(), reward("p", t + 5_000)), "a resend with another ts cannot credit another decision");

        List<DecisionRecord> all = log.since("u", 0);
        assertEquals(2, all.size(), "credit items are not decisions");
        assertEquals("p", all.get(0).reward().source());
        assertNull(all.get(1).reward());
    }

    @Test
    void attribute_decisionTakenByAnotherPurchase_releasesTheClaimForALaterDecision() {
        TwoDecisions x = TwoDecisions.logged();
        DynamoDecisionLog log = x.log();
        long t = x.t();
        DecisionRecord d1 = x.d1();
        DecisionRecord d2 = x.d2();
        assertTrue(log.attribute(d1, reward("q", t)));

        assertFalse(log.attribute(d1, reward("p", t)), "d1 already holds q's reward");
        assertTrue(log.attribute(d2, reward("p", t)), "p was not credited, so it may credit another decision");
        assertEquals(1, rewarded(log, "u", "p"));
        assertEquals(1, rewarded(log, "u", "q"));
    }

    @Test
    void attribute_racingDeliveriesToDifferentDecisions_creditExactlyOne() throws Exception {
        DynamoDecisionLog log = freshLog();
        long t = Instant.now().toEpochMilli();
        int racers = 8;
        for (int round = 0; round < 10; round++) {
            String user = "racer-" + round;
            List<DecisionRecord> decisions = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                decisions.add(IdempotentIngestTest.decision("d" + i, user, t - 60_000 + i));
                log.record(decisions.get(i));
            }
            CyclicBarrier start = new CyclicBarrier(racers);
            ExecutorService pool = Executors.newFixedThreadPool(racers);
            try {
                List<Future<Boolean>> results = new ArrayList<>();
                for (DecisionRecord d : decisions) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return log.attribute(d, reward("p", t));
                    }));
                }
                int credited = 0;
                for (Future<Boolean> r : results) {
                    credited += r.get() ? 1 : 0;
                }
                assertEquals(1, credited, "round " + round + ": one delivery wins");
                assertEquals(1, rewarded(log, user, "p"), "round " + round + ": one decision holds the purchase");
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void byDay_hashRanges_returnExactlyThoseShoppersAcrossIndexShards() {
        DynamoDecisionLog log = freshLog();
        long t = Instant.parse("2026-11-28T10:00:00Z").toEpochMilli();
        List<DecisionRecord> all = new ArrayList<>();
        for (int u = 0; u < 300; u++) {
            DecisionRecord d = IdempotentIngestTest.decision("d" + u, "shopper-" + u, t + u);
            all.add(d);
            log.record(d);
        }
        log.record(IdempotentIngestTest.decision("other-day", "shopper-1", t + 86_400_000L));
        assertEquals(300, log.byDay("2026-11-28").size(), "every index shard of the day");
        long from = io.couponflow.core.decision.UserHash.SPACE / 10;
        long to = io.couponflow.core.decision.UserHash.SPACE / 10 * 4;   // spans about 10 of the 32 index shards
        java.util.Set<String> expected = new java.util.TreeSet<>();
        for (DecisionRecord d : all) {
            long h = io.couponflow.core.decision.UserHash.of(d.userId());
            if (h >= from && h < to) {
                expected.add(d.decisionId());
            }
        }
        java.util.Set<String> got = new java.util.TreeSet<>();
        log.byDay("2026-11-28", from, to).forEach(d -> got.add(d.decisionId()));
        assertEquals(expected, got);
        assertTrue(expected.size() > 60, "a real range: " + expected.size());
        assertEquals(List.of(), log.byDay("2026-11-28", from, from));
    }

    @Test
    void deleteUser_countsDecisionsAndErasesTheirCredits() {
        String table = freshTable();
        DynamoDecisionLog log = new DynamoDecisionLog(client, table, Duration.ofDays(30));
        long t = Instant.now().toEpochMilli();
        DecisionRecord d1 = IdempotentIngestTest.decision("d1", "gone", t - 60_000);
        log.record(d1);
        log.record(IdempotentIngestTest.decision("d2", "gone", t - 30_000));
        log.record(IdempotentIngestTest.decision("k1", "kept", t - 30_000));
        assertTrue(log.attribute(d1, reward("p", t)));

        assertEquals(2, log.deleteUser("gone"));
        assertEquals(1, client.scan(ScanRequest.builder().tableName(table).build()).count(),
                "only the other user's decision is left");
    }
}
