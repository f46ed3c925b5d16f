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
}
