package io.couponflow.core.coupon;

/**
 * How a coupon's daily budget is split over counters. DynamoDB serves at most 1,000 writes a second on
 * one key, so a coupon issued faster than that needs several: each shard k holds
 * ⌊budget / n⌋ units, plus one for the first budget mod n shards, so the shards add up to the budget
 * exactly and no interleaving of takes can issue more.
 *
 * <p>The count is the coupon's {@code budgetShards} when set (an operator who expects p issues a second
 * sets ⌈p / 500⌉: half a partition's write limit per shard leaves room for refused takes and give-backs);
 * otherwise one shard per {@value #UNITS_PER_SHARD} units of budget, which keeps a budget issued within
 * 100 seconds (a flash sale) under 500 takes a second per shard. At most {@value #MAX} (one BatchGetItem
 * reads them all) and at most the budget (each shard holds a unit).
 */
public final class BudgetShards {
    public static final int MAX = 100;
    public static final int UNITS_PER_SHARD = 50_000;

    private BudgetShards() {
    }

    /** The coupon's shard count: 1 without a budget. */
    public static int count(Coupon c) {
        if (c.dailyBudget() == null) {
            return 1;
        }
        int wanted = c.budgetShards() != null ? c.budgetShards()
                : (int) Math.ceil(c.dailyBudget() / (double) UNITS_PER_SHARD);
        return Math.max(1, Math.min(Math.min(MAX, wanted), c.dailyBudget()));
    }

    /** Units shard {@code k} of {@code shards} holds of {@code budget}. */
    public static int limit(int budget, int shards, int k) {
        return budget / shards + (k < budget % shards ? 1 : 0);
    }
}
