package io.couponflow.core.coupon;

import java.time.Instant;

/**
 * How one coupon's daily budget went on one UTC day, read from its shards after the day: what the
 * nightly retrain reports (README "Scale").
 *
 * @param day              the UTC day (yyyy-MM-dd)
 * @param budget           the coupon's daily budget (as the catalogue holds it when the report is made)
 * @param shards           the counters it was split over
 * @param issued           units taken, over every shard
 * @param underIssued      budget − issued
 * @param shardsRanDry     shards that reached their limit
 * @param strandedInShards units left in shards that had not run dry while at least one other had: the
 *                         under-issue sharding may have caused, bounded by {@link #strandedBound}; 0 when
 *                         no shard ran dry (demand stayed below the budget) or all did
 * @param strandedBound    the most units sharding can leave unissued on a day whose demand reached the
 *                         budget, per container that served the coupon: ⌊shards / tries⌋ ({@link CouponBudgets})
 * @param firstShardDryAt  when the first shard took its last unit, or null
 * @param ranOutAt         when the last shard took its last unit (every shard dry), or null
 * @param ranOutEarly      the budget ran out before {@code earlyShare} of the day had passed: pacing did
 *                         not spread it over the day
 */
public record BudgetDay(String couponId, String day, int budget, int shards, int issued, int underIssued,
                        int shardsRanDry, int strandedInShards, int strandedBound, Instant firstShardDryAt,
                        Instant ranOutAt, boolean ranOutEarly) {
}
