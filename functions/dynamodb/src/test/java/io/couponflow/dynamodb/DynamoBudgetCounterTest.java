package io.couponflow.dynamodb;

import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.BudgetShards;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.testing.Dynalite;
import io.couponflow.testing.ManualClock;
import io.couponflow.testing.PartitionLimits;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sharded budget counters against a real dynalite: exactly the budget under concurrency, throttles reported, not fatal. */
class DynamoBudgetCounterTest {
    private static final String DAY = "2026-11-29";
    private static final DynamoDbClient client = TestDynalite.client();

    @Test
    void tryTake_sixteenContainersRacing_issueExactlyTheBudgetOverEveryShard() throws Exception {
        TableNames t = TestDynalite.freshTables();
        Coupon c = new Coupon("HOT", CouponKind.FIXED, 5, 0, null, null, null, 120, null, true, 5);
        int containers = 16;
        CyclicBarrier start = new CyclicBarrier(containers);
        ExecutorService pool = Executors.newFixedThreadPool(containers);
        List<Future<Integer>> results = new ArrayList<>();
        for (int i = 0; i < containers; i++) {
            CouponBudgets mine = new CouponBudgets(new DynamoBudgetCounter(client, t.budgets(), Clock.systemUTC()),
                    CouponBudgets.Settings.defaults(), Clock.systemUTC());
            results.add(pool.submit(() -> {
                start.await();
                int issued = 0;
                for (int d = 0; d < 15; d++) {
                    mine.used(List.of(c), DAY);
                    issued += mine.tryTake(c, DAY).taken() ? 1 : 0;
                }
                return issued;
            }));
        }
        int issued = 0;
        for (Future<Integer> f : results) {
            issued += f.get();
        }
        pool.shutdown();
        assertEquals(120, issued, "240 takes wanted 120 units: exactly the budget, never more");
        int[] counts = new DynamoBudgetCounter(client, t.budgets(), Clock.systemUTC()).used(Map.of("HOT", 5), DAY).get("HOT");
        for (int k = 0; k < 5; k++) {
            assertEquals(BudgetShards.limit(120, 5, k), counts[k], "shard " + k);
        }
    }

    @Test
    void shardZero_keepsTheKeyAOneShardBudgetAlwaysHad() {
        TableNames t = TestDynalite.freshTables();
        DynamoBudgetCounter counter = new DynamoBudgetCounter(client, t.budgets(), Clock.systemUTC());
        assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("C", DAY, 0, 1));
        assertEquals(BudgetCounter.Take.FULL, counter.tryTake("C", DAY, 0, 1));
        assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("C", DAY, 1, 1));
        assertTrue(client.getItem(g -> g.tableName(t.budgets()).key(Map.of(Attr.BUDGET_KEY, AttributeValue.fromS("budget#C#" + DAY))))
                .hasItem(), "a deploy mid-day keeps counting one-shard budgets where they were");
        counter.release("C", DAY, 1);
        assertEquals(1, counter.used(Map.of("C", 2), DAY).get("C")[0]);
        assertEquals(0, counter.used(Map.of("C", 2), DAY).get("C")[1], "given back");
    }

    @Test
    void tryTake_hotShardThrottled_isReportedAndAnotherShardServes() {
        TableNames t = TestDynalite.freshTables();
        ManualClock clock = new ManualClock(Instant.parse("2026-11-29T10:00:00Z"));
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient plain = dynalite.client()) {
            TableDefinitions.createAll(plain, t);
            PartitionLimits limits = new PartitionLimits(clock, plain, 2, 30);
            try (DynamoDbClient limited = dynalite.clientBuilder(Duration.ofSeconds(10))
                    .overrideConfiguration(o -> o.addExecutionInterceptor(limits)).build()) {
                DynamoBudgetCounter counter = new DynamoBudgetCounter(limited, t.budgets(), clock);
                assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("C", DAY, 0, 100));
                assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("C", DAY, 0, 100));
                assertEquals(BudgetCounter.Take.THROTTLED, counter.tryTake("C", DAY, 0, 100), "a third write in one second");
                Coupon c = new Coupon("C", CouponKind.FIXED, 5, 0, null, null, null, 200, null, true, 2);
                CouponBudgets budgets = new CouponBudgets(counter, CouponBudgets.Settings.defaults(), clock);
                CouponBudgets.Take take = budgets.tryTake(c, DAY);
                assertEquals(1, take.shard(), "shard 0 is hot this second: shard 1 serves");
            }
        }
    }
}
