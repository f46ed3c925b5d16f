package io.couponflow.sim;

import java.util.List;

/**
 * A market to simulate: its shoppers, their mix of segments and its coupons. Everything is seeded.
 *
 * @param shares      share of SURE_THING, PERSUADABLE, LOST_CAUSE, SLEEPING_DOG (sum 1)
 * @param visitRate   chance a shopper visits (and reaches checkout) on a given day
 * @param basketMean  mean cart value at checkout
 * @param depthForFullEffect relative discount at which a persuadable's response saturates
 * @param marginRate  the shop's margin on an order (must equal ingest's margin rate)
 * @param dynamics    how a visit changes later ones (null: visits do not interact)
 */
public record Market(String name, int shoppers, double[] shares, double visitRate, double basketMean,
                     double depthForFullEffect, double marginRate, List<SimCoupon> coupons, Dynamics dynamics) {

    public Market(String name, int shoppers, double[] shares, double visitRate, double basketMean,
                  double depthForFullEffect, double marginRate, List<SimCoupon> coupons) {
        this(name, shoppers, shares, visitRate, basketMean, depthForFullEffect, marginRate, coupons, null);
    }

    /**
     * Cross-visit dynamics, per shopper. Coupon habituation: each coupon received adds 1 to a
     * "coupon expectation" e that halves every {@code couponHalfLifeDays}; with g = e / (1 + e), the
     * chance of buying without a coupon is multiplied by (1 − habituation · g) and a coupon's effect
     * by (1 − fatigue · g): shoppers learn to wait for coupons, and coupons they expect move them
     * less. Retention: a purchase raises the shopper's visit rate multiplier by {@code retentionGain},
     * a visit without one lowers it by {@code lapseLoss}, within [minRate, maxRate], and each day it
     * returns {@code recoveryPerDay} of the way to 1. A share {@code conditionedShare} of shoppers starts
     * with expectation {@code conditionedExpectation} (coupons the shop gave before the horizon).
     */
    public record Dynamics(double couponHalfLifeDays, double habituation, double fatigue, double retentionGain,
                           double lapseLoss, double minRate, double maxRate, double recoveryPerDay,
                           double conditionedShare, double conditionedExpectation) {
    }

    /** The coupon with this id, or null (none, or an id the market does not have). */
    public SimCoupon coupon(String id) {
        return coupons.stream().filter(c -> c.id().equals(id)).findFirst().orElse(null);
    }

    /** A coupon as the simulator knows it: kind, value, min spend. */
    public record SimCoupon(String id, String kind, double value, double minSpend) {
        public double cost(double basket) {
            return switch (kind) {
                case "fixed" -> Math.min(value, basket);
                case "percent" -> value / 100 * basket;
                default -> value;
            };
        }
    }

    static final List<SimCoupon> COUPONS = List.of(
            new SimCoupon("F5", "fixed", 5, 30),
            new SimCoupon("P10", "percent", 10, 0),
            new SimCoupon("P20", "percent", 20, 50),
            new SimCoupon("SHIP", "free_shipping", 4.9, 0));

    /** The default market: a mix of all four segments. */
    public static Market balanced(int shoppers) {
        return new Market("balanced", shoppers, new double[]{0.2, 0.3, 0.3, 0.2}, 0.15, 60, 0.2, 0.3, COUPONS);
    }

    /** Many persuadables who respond to deep discounts: coupons pay, if well targeted. */
    public static Market priceSensitive(int shoppers) {
        return new Market("price-sensitive", shoppers, new double[]{0.15, 0.45, 0.25, 0.15}, 0.15, 70, 0.3, 0.3, COUPONS);
    }

    /** Mostly loyal buyers: most coupons are wasted or harmful. */
    public static Market loyal(int shoppers) {
        return new Market("loyal", shoppers, new double[]{0.35, 0.15, 0.2, 0.3}, 0.15, 55, 0.2, 0.3, COUPONS);
    }

    /**
     * The balanced mix where today's coupon changes tomorrow, in a shop that has couponed before:
     * coupons habituate (expectation half-life 7 days, habituation 0.8, fatigue 0.5), half the shoppers
     * arrive expecting coupons (expectation 3, from the shop's past promotions), and purchases bring
     * shoppers back (visit rate +30% after a purchase, −10% after a visit without one, within ×0.5 and
     * ×2.5, 5% of the way back to normal each day).
     */
    public static Market habitForming(int shoppers) {
        return new Market("habit-forming", shoppers, new double[]{0.2, 0.3, 0.3, 0.2}, 0.15, 60, 0.2, 0.3, COUPONS,
                new Dynamics(7, 0.8, 0.5, 0.3, 0.1, 0.5, 2.5, 0.05, 0.5, 3));
    }

    public static Market named(String name, int shoppers) {
        return switch (name) {
            case "balanced" -> balanced(shoppers);
            case "price-sensitive" -> priceSensitive(shoppers);
            case "loyal" -> loyal(shoppers);
            case "habit-forming" -> habitForming(shoppers);
            default -> throw new IllegalArgumentException("unknown market " + name
                    + " (balanced, price-sensitive, loyal, habit-forming)");
        };
    }
}
