package io.couponflow.core.coupon;

import java.time.Instant;
import java.util.Objects;

/**
 * A coupon in the catalogue.
 *
 * @param value        amount off (FIXED), percent off (PERCENT), or the shipping fee waived (FREE_SHIPPING)
 * @param minSpend     cart value the coupon needs (0 = none)
 * @param category     the category it applies to, or null for any
 * @param validFrom    start of validity (inclusive), or null
 * @param validTo      end of validity (exclusive), or null
 * @param dailyBudget  most coupons issued per UTC day, or null for no budget
 * @param perUserCap   most times one shopper is offered it, or null for no cap
 * @param active       false takes it out of every decision at once
 * @param budgetShards counters the daily budget is split over, or null to derive it ({@link BudgetShards})
 * @param peakIssuesPerSecond the most coupons the operator expects to be issued in one second, or null:
 *                     the shard count is derived from it when budgetShards is not set ({@link BudgetShards})
 */
public record Coupon(String couponId, CouponKind kind, double value, double minSpend, String category,
                     Instant validFrom, Instant validTo, Integer dailyBudget, Integer perUserCap, boolean active,
                     Integer budgetShards, Double peakIssuesPerSecond) {

    public Coupon {
        Objects.requireNonNull(couponId, "couponId");
        Objects.requireNonNull(kind, "kind");
    }

    /** A coupon with its budget shards set, or derived from its budget (no expected peak rate). */
    public Coupon(String couponId, CouponKind kind, double value, double minSpend, String category, Instant validFrom,
                  Instant validTo, Integer dailyBudget, Integer perUserCap, boolean active, Integer budgetShards) {
        this(couponId, kind, value, minSpend, category, validFrom, validTo, dailyBudget, perUserCap, active, budgetShards,
                null);
    }

    /** A coupon whose budget shards are derived from its budget. */
    public Coupon(String couponId, CouponKind kind, double value, double minSpend, String category, Instant validFrom,
                  Instant validTo, Integer dailyBudget, Integer perUserCap, boolean active) {
        this(couponId, kind, value, minSpend, category, validFrom, validTo, dailyBudget, perUserCap, active, null, null);
    }

    /** What the coupon costs the shop if used on an order of {@code orderValue}. */
    public double cost(double orderValue) {
        return switch (kind) {
            case FIXED -> Math.min(value, Math.max(orderValue, 0));
            case PERCENT -> value / 100.0 * Math.max(orderValue, 0);
            case FREE_SHIPPING -> value;
        };
    }
}
