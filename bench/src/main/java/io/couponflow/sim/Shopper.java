package io.couponflow.sim;

import java.util.List;

/**
 * One simulated shopper with known ground truth: segment, sensitivity to coupon depth, usual basket.
 */
public record Shopper(String id, Segment segment, double sensitivity, double basketScale, String category) {

    /**
     * Probability of buying at checkout with this coupon (null = none), given the cart value and the
     * shopper's coupon expectation at this visit (0 in markets without dynamics; see Market.Dynamics).
     */
    public double buyProbability(Market.SimCoupon coupon, double basket, Market market, double habit) {
        double g = habit / (1 + habit);
        Market.Dynamics d = market.dynamics();
        double p;
        if (coupon == null) {
            p = segment.baseBuy * (1 - (d == null ? 0 : d.habituation()) * g);
        } else {
            double depth = coupon.cost(basket) / basket;
            double response = Math.min(1.0, depth / market.depthForFullEffect());
            p = segment.baseBuy + segment.maxUplift * sensitivity * (segment == Segment.SLEEPING_DOG ? 1 : response)
                    * (1 - (d == null ? 0 : d.fatigue()) * g);
        }
        return Math.max(0, Math.min(1, p));
    }

    /** Expected profit of the visit under an action: P(buy) × (margin − coupon cost). */
    public double expectedProfit(Market.SimCoupon coupon, double basket, Market market, double habit) {
        double cost = coupon == null ? 0 : coupon.cost(basket);
        return buyProbability(coupon, basket, market, habit) * (market.marginRate() * basket - cost);
    }

    /** The true uplift in profit of an action over none at this visit (the oracle's knowledge). */
    public double upliftOf(Market.SimCoupon coupon, double basket, Market market, double habit) {
        return expectedProfit(coupon, basket, market, habit) - expectedProfit(null, basket, market, habit);
    }

    static boolean eligible(Market.SimCoupon c, double basket) {
        return basket >= c.minSpend();
    }

    /** The best eligible action at this visit by true expected profit (null = none): myopic where visits interact. */
    public Market.SimCoupon oracle(double basket, Market market, double habit) {
        Market.SimCoupon best = null;
        double bestValue = expectedProfit(null, basket, market, habit);
        for (Market.SimCoupon c : market.coupons()) {
            if (eligible(c, basket) && expectedProfit(c, basket, market, habit) > bestValue) {
                best = c;
                bestValue = expectedProfit(c, basket, market, habit);
            }
        }
        return best;
    }

    static List<Market.SimCoupon> eligibleCoupons(double basket, Market market) {
        return market.coupons().stream().filter(c -> eligible(c, basket)).toList();
    }
}
