package io.couponflow.core.coupon;

import java.util.Map;

/**
 * Port: atomic counters that keep budgets and per-user caps (conditional increments, never over). A
 * coupon's daily budget is split over shards ({@link BudgetShards}), each its own counter, so that no
 * single key takes every issue of a popular coupon.
 */
public interface BudgetCounter {

    /** How a take went. */
    enum Take {
        /** One unit taken. */
        TAKEN,
        /** The shard holds its limit: nothing taken. */
        FULL,
        /** The store refused the request for throughput (a hot partition): nothing taken. */
        THROTTLED
    }

    /**
     * One shard's count at the time of reading.
     *
     * @param issued     units taken (less units given back)
     * @param lastTakeAt epoch ms of the last take (a full shard's: when it ran dry), 0 if unknown
     */
    record ShardState(int issued, long lastTakeAt) {
        public static final ShardState UNTOUCHED = new ShardState(0, 0);
    }

    /** Takes one unit of shard {@code shard} of the coupon's budget for the period if fewer than {@code limit} are taken there. */
    Take tryTake(String couponId, String period, int shard, int limit);

    /** Gives back a unit taken from the shard (its decision could not issue the coupon after all). */
    void release(String couponId, String period, int shard);

    /** Takes one of the user's uses of the coupon if fewer than {@code cap} are taken. */
    boolean tryTakeUserCap(String couponId, String userId, int cap);

    /** Gives back a user-cap unit taken for a decision that then could not issue the coupon. */
    void releaseUserCap(String couponId, String userId);

    /**
     * Units taken so far this period in each shard, by coupon: for each coupon id of
     * {@code shardsByCoupon}, an array of that many counts (a coupon absent from the answer: none taken).
     */
    Map<String, int[]> used(Map<String, Integer> shardsByCoupon, String period);

    /**
     * Every shard's count and last take, by coupon, as {@link #used} (a shard never taken from:
     * {@link ShardState#UNTOUCHED}). A store that keeps no take times answers 0 for them.
     */
    default Map<String, ShardState[]> shardStates(Map<String, Integer> shardsByCoupon, String period) {
        Map<String, ShardState[]> out = new java.util.HashMap<>();
        for (Map.Entry<String, int[]> e : used(shardsByCoupon, period).entrySet()) {
            ShardState[] s = new ShardState[e.getValue().length];
            for (int k = 0; k < s.length; k++) {
                s[k] = new ShardState(e.getValue()[k], 0);
            }
            out.put(e.getKey(), s);
        }
        return out;
    }
}
