package io.couponflow.core.coupon;

import java.util.Map;

/** Port: atomic counters that keep budgets and per-user caps (conditional increments, never over). */
public interface BudgetCounter {

    /** Takes one unit of the coupon's budget for the period if fewer than {@code limit} are taken. */
    boolean tryTake(String couponId, String period, int limit);

    /** Takes one of the user's uses of the coupon if fewer than {@code cap} are taken. */
    boolean tryTakeUserCap(String couponId, String userId, int cap);

    /** Gives back a user-cap unit taken for a decision that then could not issue the coupon. */
    void releaseUserCap(String couponId, String userId);

    /** Units taken so far this period, by coupon (absent = none). */
    Map<String, Integer> used(Iterable<String> couponIds, String period);
}
