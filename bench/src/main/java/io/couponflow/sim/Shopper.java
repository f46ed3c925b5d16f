package io.couponflow.sim;

import java.util.List;

/**
 * One simulated shopper with known ground truth: segment, sensitivity to coupon depth, usual basket.
 */
public record Shopper(String id, Segment segment, double sensitivity, double basketScale, String category) {

    /** Probability of buying at checkout with this coupon (null = none), given the cart value. */
    public double buyProbability(Market.SimCoupon coupon, double basket, Market market) {
        double p = segment.baseBuy;
        if (coupon != null) {
            double depth = coupon.cost(basket) / basket;
            double response = Math.min(1.0, depth / market.depthForFullEffect());
            p += segment.maxUplift * sensitivity * (segment == Segment.SLEEPING_DOG ? 1 : response);
        }
        return Math.max(0, Math.min(1, p));
    }

    /** Expected profit of the visit under an action: P(buy) × (margin − coupon cost). */
    public double expectedProfit(Market.SimCoupon coupon, double basket, Market market) {
        double cost = coupon == null ? 0 : coupon.cost(basket);
        return buyProbability(coupon, basket, market) * (market.marginRate() * basket - cost);
    }

    /** The true uplift in profit of each eligible action over none (the oracle's knowledge). */
    public double upliftOf(Market.SimCoupon coupon, double basket, Market market) {
        return expectedProfit(coupon, basket, market) - expectedProfit(null, basket, market);
    }

    static boolean eligible(Market.SimCoupon c, double basket) {
        return basket >= c.minSpend();
    }

    /** The best eligible action by true expected profit (null = none). */
    public Market.SimCoupon oracle(double basket, Market market) {
        Market.SimCoupon best = null;
        double bestValue = expectedProfit(null, basket, market);
        for (Market.SimCoupon c : market.coupons()) {
            if (eligible(c, basket) && expectedProfit(c, basket, market) > bestValue) {
                best = c;
                bestValue = expectedProfit(c, basket, market);
            }
        }
        return best;
    }

    static List<Market.SimCoupon> eligibleCoupons(double basket, Market market) {
        return market.coupons().stream().filter(c -> eligible(c, basket)).toList();
    }
}
