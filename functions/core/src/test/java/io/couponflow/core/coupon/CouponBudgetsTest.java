package io.couponflow.core.coupon;

import io.couponflow.core.Fakes;
import io.couponflow.testing.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CouponBudgetsTest {
    private static final String DAY = "2026-11-29";
    private final Fakes.Budgets counter = new Fakes.Budgets();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T10:00:00Z"));

    private static Coupon coupon(int budget, Integer shards) {
        return new Coupon("C", CouponKind.FIXED, 5, 0, null, null, null, budget, null, true, shards);
    }

    private CouponBudgets container() {
        return new CouponBudgets(counter, new CouponBudgets.Settings(Duration.ofSeconds(5), 3), clock);
    }

    @Test
    void limits_addUpToTheBudget_andCountFollowsTheRules() {
        for (int budget : new int[]{1, 7, 100, 999, 10_000}) {
            for (int shards : new int[]{1, 3, 7, 100}) {
                int sum = 0;
                for (int k = 0; k < shards; k++) {
                    sum += BudgetShards.limit(budget, shards, k);
                }
                assertEquals(budget, sum, budget + " over " + shards);
            }
        }
        assertEquals(1, BudgetShards.count(coupon(50_000, null)));
        assertEquals(2, BudgetShards.count(coupon(50_001, null)));
        assertEquals(20, BudgetShards.count(coupon(1_000_000, null)), "one per 50,000 units");
        assertEquals(BudgetShards.MAX, BudgetShards.count(coupon(10_000_000, null)));
        assertEquals(40, BudgetShards.count(coupon(1_000, 40)), "set on the coupon");
        assertEquals(3, BudgetShards.count(coupon(3, 40)), "never more shards than units");
        assertEquals(1, BudgetShards.count(new Coupon("N", CouponKind.FIXED, 5, 0, null, null, null, null, null, true, 8)));
    }

    private static Coupon withPeak(int budget, Integer shards, double peakIssuesPerSecond) {
        return new Coupon("P", CouponKind.FIXED, 5, 0, null, null, null, budget, null, true, shards, peakIssuesPerSecond);
    }

    @Test
    void count_fromPeakRate_isHalfAPartitionPerShardWithinBounds() {
        int budget = 10_000_000;
        assertEquals(1, BudgetShards.count(withPeak(budget, null, 0.5)));
        assertEquals(1, BudgetShards.count(withPeak(budget, null, 500)));
        assertEquals(2, BudgetShards.count(withPeak(budget, null, 500.1)));
        assertEquals(24, BudgetShards.count(withPeak(budget, null, 12_000)), "12,000 a second at 500 a shard");
        assertEquals(BudgetShards.MAX, BudgetShards.count(withPeak(budget, null, BudgetShards.MAX_PEAK_ISSUES_PER_SECOND)));
        assertEquals(4, BudgetShards.count(withPeak(1_000_000, null, 2_000)), "the rate, not one per 50,000 units (20)");
        assertEquals(10, BudgetShards.count(withPeak(10, null, 20_000)), "never more shards than units");
        assertEquals(7, BudgetShards.count(withPeak(budget, 7, 20_000)), "a shard count set on the coupon wins");
        assertEquals(BudgetShards.Source.PEAK_ISSUES_PER_SECOND, BudgetShards.source(withPeak(budget, null, 1)));
        assertEquals(BudgetShards.Source.DAILY_BUDGET, BudgetShards.source(coupon(100, null)));
        assertEquals(BudgetShards.Source.BUDGET_SHARDS, BudgetShards.source(coupon(100, 3)));
    }

    @Test
    void tryTake_manyContainersAtOnce_issueExactlyTheBudgetNeverMore() throws Exception {
        Coupon c = coupon(1_000, 7);
        List<CouponBudgets> containers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            containers.add(container());
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (CouponBudgets b : containers) {
            results.add(pool.submit(() -> {
                int mine = 0;
                for (int i = 0; i < 200; i++) {
                    b.used(List.of(c), DAY);
                    mine += b.tryTake(c, DAY).taken() ? 1 : 0;
                }
                return mine;
            }));
        }
        int issued = 0;
        for (Future<Integer> f : results) {
            issued += f.get();
        }
        pool.shutdown();
        assertEquals(1_000, issued, "3,200 takes wanted a unit");
        assertEquals(1_000, counter.total("C", DAY));
        for (int k = 0; k < 7; k++) {
            assertEquals(BudgetShards.limit(1_000, 7, k), counter.taken.get(Fakes.Budgets.key("C", DAY, k)), "shard " + k);
        }
    }

    @Test
    void used_isReadOncePerTtlWithOwnTakesAdded() {
        Coupon c = coupon(100, 4);
        CouponBudgets b = container();
        assertEquals(Map.of("C", 0), b.used(List.of(c), DAY));
        assertTrue(b.tryTake(c, DAY).taken());
        counter.taken.merge(Fakes.Budgets.key("C", DAY, 0), 10, Integer::sum);   // another container's takes
        assertEquals(Map.of("C", 1), b.used(List.of(c), DAY), "its own take, not the others' yet");
        assertEquals(1, counter.reads);
        clock.advance(Duration.ofSeconds(5));
        assertEquals(Map.of("C", 11), b.used(List.of(c), DAY));
        assertEquals(2, counter.reads);
        assertEquals(Map.of(), b.used(List.of(new Coupon("U", CouponKind.FIXED, 5, 0, null, null, null, null, null, true)), DAY),
                "no budget, nothing read");
    }

    @Test
    void tryTake_fullShardsFoundOnce_refusesAtMostOnceWhileUnitsAreLeft() {
        Coupon c = coupon(4, 4);   // one unit per shard
        CouponBudgets b = container();
        b.used(List.of(c), DAY);
        for (int k = 0; k < 3; k++) {
            counter.taken.put(Fakes.Budgets.key("C", DAY, k), 1);   // taken by other containers since the read
        }
        int refusals = 0;
        CouponBudgets.Take t;
        do {
            t = b.tryTake(c, DAY);
            refusals += t.taken() ? 0 : 1;
        } while (!t.taken() && refusals < 5);
        assertEquals(3, t.shard(), "the last unit is found");
        assertTrue(refusals <= 1, "3 full shards, 3 tries a decision: at most one decision refused, was " + refusals);
        assertFalse(b.tryTake(c, DAY).taken(), "every shard known full: refused without asking the store");
        assertEquals(4, counter.total("C", DAY));
    }

    @Test
    void tryTake_throttledOnEveryShard_takesNothingAndSaysSo() {
        Coupon c = coupon(100, 5);
        counter.throttled = true;
        CouponBudgets.Take t = container().tryTake(c, DAY);
        assertFalse(t.taken());
        assertTrue(t.throttled());
        counter.throttled = false;
        CouponBudgets b = container();
        CouponBudgets.Take ok = b.tryTake(c, DAY);
        assertTrue(ok.taken());
        b.release(ok);
        assertEquals(0, counter.total("C", DAY), "a unit given back");
        Map<Integer, Integer> perShard = new HashMap<>();
        for (int i = 0; i < 100; i++) {
            perShard.merge(b.tryTake(c, DAY).shard(), 1, Integer::sum);
        }
        assertEquals(5, perShard.size(), "takes spread over every shard");
    }
}
