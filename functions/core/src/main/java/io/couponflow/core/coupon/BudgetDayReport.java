package io.couponflow.core.coupon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a day's budgets, coupon by coupon ({@link BudgetDay}): what was issued, what was left, and
 * whether the units left sat in some shards while others had run dry.
 *
 * <p>Why that under-issue is bounded: a decision gives a coupon up while units are left elsewhere only
 * when each of its {@code maxTries} tries meets a shard its container newly finds full, and a container
 * finds each shard full at most once a day (a full shard stays known as full, from its answer or the
 * next read, and no take empties it). So one container refuses at most ⌊shards / maxTries⌋ decisions
 * while units are left, and on a day whose demand for the coupon reached budget + containers ×
 * ⌊shards / maxTries⌋ decisions the whole budget is issued. Units given back (a decision whose cap was
 * refused) to a shard some container thinks full are seen again at its next read, within the read TTL;
 * throttled takes are reported apart (BUDGET_BUSY). {@code BudgetDayReportTest} runs such a day
 * against dynalite.
 */
public final class BudgetDayReport {
    private final CouponCatalog catalog;
    private final BudgetCounter counter;
    private final int maxTries;
    private final double earlyShare;

    /**
     * @param maxTries   tries a decision makes on shards (the serving setting, for the bound)
     * @param earlyShare a budget spent before this share of its day ran out early (the BudgetExhaustedEarly rule)
     */
    public BudgetDayReport(CouponCatalog catalog, BudgetCounter counter, int maxTries, double earlyShare) {
        this.catalog = catalog;
        this.counter = counter;
        this.maxTries = maxTries;
        this.earlyShare = earlyShare;
    }

    /** Every budgeted coupon of the catalogue on {@code day}, in coupon-id order. */
    public List<BudgetDay> forDay(String day) {
        Map<String, Coupon> budgeted = new LinkedHashMap<>();
        Map<String, Integer> shards = new LinkedHashMap<>();
        for (Coupon c : catalog.all()) {
            if (c.dailyBudget() != null) {
                budgeted.put(c.couponId(), c);
                shards.put(c.couponId(), BudgetShards.count(c));
            }
        }
        if (budgeted.isEmpty()) {
            return List.of();
        }
        Map<String, BudgetCounter.ShardState[]> read = counter.shardStates(shards, day);
        List<BudgetDay> out = new ArrayList<>();
        for (Coupon c : budgeted.values()) {
            int n = shards.get(c.couponId());
            BudgetCounter.ShardState[] states = read.get(c.couponId());
            out.add(of(c.couponId(), day, c.dailyBudget(), n, states == null ? new BudgetCounter.ShardState[n] : states));
        }
        return out;
    }

    BudgetDay of(String couponId, String day, int budget, int n, BudgetCounter.ShardState[] states) {
        int issued = 0;
        int dry = 0;
        int leftInOpen = 0;
        long firstDry = Long.MAX_VALUE;
        long lastDry = Long.MIN_VALUE;
        for (int k = 0; k < n; k++) {
            BudgetCounter.ShardState s = states[k] == null ? BudgetCounter.ShardState.UNTOUCHED : states[k];
            int limit = BudgetShards.limit(budget, n, k);
            issued += s.issued();
            if (s.issued() >= limit) {
                dry++;
                firstDry = Math.min(firstDry, s.lastTakeAt());
                lastDry = Math.max(lastDry, s.lastTakeAt());
            } else {
                leftInOpen += limit - s.issued();
            }
        }
        boolean allDry = dry == n;
        Instant ranOut = allDry && lastDry > 0 ? Instant.ofEpochMilli(lastDry) : null;
        long dayStart = LocalDate.parse(day).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        boolean early = ranOut != null && ranOut.toEpochMilli() < dayStart + (long) (earlyShare * 86_400_000L);
        return new BudgetDay(couponId, day, budget, n, issued, Math.max(0, budget - issued), dry,
                dry > 0 && !allDry ? leftInOpen : 0, n / maxTries,
                dry > 0 && firstDry > 0 ? Instant.ofEpochMilli(firstDry) : null, ranOut, early);
    }
}
