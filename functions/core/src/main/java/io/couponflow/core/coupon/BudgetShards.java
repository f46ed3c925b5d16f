package io.couponflow.core.coupon;

/**
 * How a coupon's daily budget is split over counters. DynamoDB serves at most
 * {@value #WRITES_PER_PARTITION} writes a second on one key, so a coupon issued faster than that needs
 * several: each shard k holds ⌊budget / n⌋ units, plus one for the first budget mod n shards, so the
 * shards add up to the budget exactly and no interleaving of takes can issue more.
 *
 * <p>The count n, in order of precedence:
 * <ol>
 *   <li>the coupon's {@code budgetShards}, when the operator sets it;</li>
 *   <li>from the coupon's expected peak issue rate p: ⌈p / {@value #ISSUES_PER_SHARD}⌉, half a
 *       partition's write limit per shard. The other half is headroom: a take refused by its condition
 *       still costs a write, a decision that cannot issue gives its unit back (another write), and
 *       shards picked at random are not loaded evenly in any one second (at 20,000 issues a second over
 *       40 shards the hottest took 891 writes, README "Scale");</li>
 *   <li>otherwise one shard per {@value #UNITS_PER_SHARD} units of budget, which keeps a budget issued
 *       within 100 seconds (a flash sale) under {@value #ISSUES_PER_SHARD} takes a second per shard.</li>
 * </ol>
 * Always at least 1, at most {@value #MAX} (one BatchGetItem reads them all) and at most the budget
 * (each shard holds a unit). A coupon without a budget has one (unused) shard.
 */
public final class BudgetShards {
    public static final int MAX = 100;
    public static final int UNITS_PER_SHARD = 50_000;
    /** DynamoDB's per-partition write limit (write units a second on one key). */
    public static final int WRITES_PER_PARTITION = 1_000;
    /** Issues a second one shard is sized for: half of {@link #WRITES_PER_PARTITION}. */
    public static final int ISSUES_PER_SHARD = WRITES_PER_PARTITION / 2;
    /** The highest expected peak rate a coupon may declare: {@link #MAX} shards at {@link #ISSUES_PER_SHARD}. */
    public static final int MAX_PEAK_ISSUES_PER_SECOND = MAX * ISSUES_PER_SHARD;

    /** Where a coupon's shard count comes from (shown with the coupon, so an operator sees why). */
    public enum Source {
        BUDGET_SHARDS, PEAK_ISSUES_PER_SECOND, DAILY_BUDGET, NO_BUDGET
    }

    private BudgetShards() {
    }

    /** The coupon's shard count: 1 without a budget. */
    public static int count(Coupon c) {
        if (c.dailyBudget() == null) {
            return 1;
        }
        int wanted = switch (source(c)) {
            case BUDGET_SHARDS -> c.budgetShards();
            case PEAK_ISSUES_PER_SECOND -> forPeakRate(c.peakIssuesPerSecond());
            default -> (int) Math.ceil(c.dailyBudget() / (double) UNITS_PER_SHARD);
        };
        return Math.max(1, Math.min(Math.min(MAX, wanted), c.dailyBudget()));
    }

    /** Which rule sets the coupon's count. */
    public static Source source(Coupon c) {
        if (c.dailyBudget() == null) {
            return Source.NO_BUDGET;
        }
        if (c.budgetShards() != null) {
            return Source.BUDGET_SHARDS;
        }
        return c.peakIssuesPerSecond() != null ? Source.PEAK_ISSUES_PER_SECOND : Source.DAILY_BUDGET;
    }

    /** Shards for an expected peak of {@code issuesPerSecond}, before the bounds: ⌈p / 500⌉. */
    static int forPeakRate(double issuesPerSecond) {
        return (int) Math.ceil(issuesPerSecond / ISSUES_PER_SHARD);
    }

    /** Units shard {@code k} of {@code shards} holds of {@code budget}. */
    public static int limit(int budget, int shards, int k) {
        return budget / shards + (k < budget % shards ? 1 : 0);
    }
}
