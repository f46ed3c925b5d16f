package io.couponflow.dynamodb;

import io.couponflow.core.coupon.BudgetCounter;
import io.couponflow.core.coupon.BudgetDay;
import io.couponflow.core.coupon.BudgetDayReport;
import io.couponflow.core.coupon.BudgetShards;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.metrics.Metric;
import io.couponflow.testing.ManualClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A day whose shards run dry unevenly, against dynalite: half a coupon's shards are emptied by takes the
 * serving containers did not see, then decisions arrive. The units they fail to issue while others are
 * left stay within containers × ⌊shards / tries⌋, demand that much above the budget issues all of it,
 * and the nightly report reads back exactly what the counters hold.
 */
class BudgetDayReportTest {
    private static final String DAY = "2026-11-29";
    private static final Instant MORNING = Instant.parse(DAY + "T08:00:00Z");
    private static final DynamoDbClient client = TestDynalite.client();

    private static final int BUDGET = 200;
    private static final int SHARDS = 20;
    private static final int TRIES = 3;
    private static final int CONTAINERS = 4;

    @Test
    void forDay_shardsRunDryUnevenly_underIssueWithinTheBoundAndReportedExactly() {
        TableNames t = TestDynalite.freshTables();
        ManualClock clock = new ManualClock(MORNING);
        DynamoCouponCatalog catalog = new DynamoCouponCatalog(client, t.coupons());
        Coupon hot = new Coupon("HOT", CouponKind.FIXED, 5, 0, null, null, null, BUDGET, null, true, SHARDS);
        catalog.put(hot);
        catalog.put(new Coupon("QUIET", CouponKind.FIXED, 5, 0, null, null, null, 50, null, true, 5));
        catalog.put(new Coupon("FREE", CouponKind.FIXED, 5, 0, null, null, null, null, null, true));   // no budget: not reported
        DynamoBudgetCounter counter = new DynamoBudgetCounter(client, t.budgets(), clock);
        List<CouponBudgets> containers = new ArrayList<>();
        for (int c = 0; c < CONTAINERS; c++) {
            CouponBudgets b = new CouponBudgets(counter, new CouponBudgets.Settings(Duration.ofHours(1), TRIES), clock);
            b.used(List.of(hot), DAY);   // each read the budget empty, and will not read again today
            containers.add(b);
        }
        // shards 0-9 emptied by takes these containers never saw (another deploy, other containers)
        for (int k = 0; k < SHARDS / 2; k++) {
            for (int u = 0; u < BudgetShards.limit(BUDGET, SHARDS, k); u++) {
                assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("HOT", DAY, k, BudgetShards.limit(BUDGET, SHARDS, k)));
            }
        }
        Instant burstEnd = clock.instant();
        for (int i = 0; i < 7; i++) {
            assertEquals(BudgetCounter.Take.TAKEN, counter.tryTake("QUIET", DAY, i % 5, 10));   // a coupon little asked for
        }

        int left = BUDGET / 2;
        int issued = BUDGET / 2 + decisions(containers, hot, left, clock);
        int bound = CONTAINERS * (SHARDS / TRIES);
        assertTrue(BUDGET - issued <= bound, "under-issue " + (BUDGET - issued) + " within containers x shards/tries " + bound);

        BudgetDayReport report = new BudgetDayReport(catalog, counter, TRIES, Metric.EARLY_DAY_SHARE);
        List<BudgetDay> midday = report.forDay(DAY);
        assertEquals(List.of("HOT", "QUIET"), midday.stream().map(BudgetDay::couponId).toList());
        BudgetDay h = midday.get(0);
        assertEquals(issued, h.issued(), "the counters hold what the containers issued");
        assertEquals(BUDGET - issued, h.underIssued());
        // (how many the stale views refused depends on the random shard picks; the bound does not)
        assertEquals(BUDGET - issued, h.strandedInShards(), "left in shards that had not run dry while others had");
        assertTrue(h.shardsRanDry() >= SHARDS / 2, "dry " + h.shardsRanDry());
        assertEquals(issued == BUDGET, h.shardsRanDry() == SHARDS);
        assertEquals(issued == BUDGET, h.ranOutAt() != null);
        assertEquals(SHARDS / TRIES, h.strandedBound());
        assertEquals(burstEnd, h.firstShardDryAt());
        BudgetDay q = midday.get(1);
        assertEquals(new BudgetDay("QUIET", DAY, 50, 5, 7, 43, 0, 0, 1, null, null, false), q,
                "no shard ran dry: demand, not sharding, left the units");

        // demand the bound above what was left issues the rest of the budget
        issued += decisions(containers, hot, bound, clock);
        assertEquals(BUDGET, issued, "budget + containers x shards/tries decisions issue the whole budget");
        BudgetDay after = report.forDay(DAY).get(0);
        assertEquals(BUDGET, after.issued());
        assertEquals(0, after.underIssued());
        assertEquals(0, after.strandedInShards());
        assertEquals(SHARDS, after.shardsRanDry());
        assertTrue(after.ranOutAt() != null && !after.ranOutAt().isAfter(clock.instant()), String.valueOf(after.ranOutAt()));
        assertTrue(after.ranOutEarly(), "ran out in the morning, before 90% of the day");
    }

    /** {@code n} decisions that each want the coupon, round robin over the containers, a second apart; returns units issued. */
    private static int decisions(List<CouponBudgets> containers, Coupon c, int n, ManualClock clock) {
        int issued = 0;
        for (int i = 0; i < n; i++) {
            clock.advance(Duration.ofSeconds(1));
            CouponBudgets b = containers.get(i % containers.size());
            Map<String, Integer> used = b.used(List.of(c), DAY);
            if (used.get(c.couponId()) < c.dailyBudget() && b.tryTake(c, DAY).taken()) {
                issued++;
            }
        }
        return issued;
    }

    @Test
    void forDay_noBudgetedCoupons_isEmpty() {
        TableNames t = TestDynalite.freshTables();
        DynamoCouponCatalog catalog = new DynamoCouponCatalog(client, t.coupons());
        catalog.put(new Coupon("FREE", CouponKind.FIXED, 5, 0, null, null, null, null, null, true));
        assertEquals(List.of(), new BudgetDayReport(catalog, new DynamoBudgetCounter(client, t.budgets(), new ManualClock(MORNING)),
                TRIES, Metric.EARLY_DAY_SHARE).forDay(DAY));
    }
}
