package io.couponflow.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What each reference policy would do at a visit (null = no coupon), using the simulator's ground truth. */
final class Baselines {
    static final String NONE = "no coupon";
    static final String RANDOM = "random coupon";
    static final String BEST = "best coupon for all";
    static final String PROPENSITY = "propensity targeter";
    static final String ORACLE = "oracle";
    static final String LEARNED = "couponflow (learned)";

    /** Share of expected value: a random coupon is a uniform mix over the eligible coupons. */
    record Mixed(Map<Market.SimCoupon, Double> weights) {
    }

    private final Market market;
    private final Market.SimCoupon best;

    /** {@code best}: the single coupon with the highest mean true uplift over the given visits. */
    Baselines(Market market, List<Simulator.Visit> calibration) {
        this.market = market;
        Market.SimCoupon top = null;
        double topValue = Double.NEGATIVE_INFINITY;
        for (Market.SimCoupon c : market.coupons()) {
            double sum = 0;
            for (Simulator.Visit v : calibration) {
                sum += Shopper.eligible(c, v.basket()) ? v.upliftOf(c, market) : 0;
            }
            if (sum > topValue) {
                topValue = sum;
                top = c;
            }
        }
        this.best = top;
    }

    Market.SimCoupon best() {
        return best;
    }

    /** Expected incremental profit and expected conversions of every baseline at this visit. */
    Map<String, double[]> evaluate(Simulator.Visit v) {
        double basket = v.basket();
        Map<String, double[]> out = new LinkedHashMap<>();
        out.put(NONE, outcome(v, null));
        List<Market.SimCoupon> eligible = Shopper.eligibleCoupons(basket, market);
        double[] rnd = new double[2];
        for (Market.SimCoupon c : eligible) {
            double[] o = outcome(v, c);
            rnd[0] += o[0] / eligible.size();
            rnd[1] += o[1] / eligible.size();
        }
        out.put(RANDOM, eligible.isEmpty() ? outcome(v, null) : rnd);
        out.put(BEST, outcome(v, Shopper.eligible(best, basket) ? best : null));
        out.put(PROPENSITY, outcome(v, propensityChoice(v)));
        out.put(ORACLE, outcome(v, v.oracle(market)));
        return out;
    }

    /**
     * The propensity targeter's coupon at this visit: the best single coupon to shoppers likely to buy
     * (true purchase probability without a coupon at least 0.3), else none (null). The demo's A/B
     * sends it as the shop's baseline.
     */
    Market.SimCoupon propensityChoice(Simulator.Visit v) {
        boolean likelyBuyer = v.buyProbability(null, market) >= 0.3;
        return likelyBuyer && Shopper.eligible(best, v.basket()) ? best : null;
    }

    /** {incremental expected profit over none, expected conversions} at this visit. */
    double[] outcome(Simulator.Visit v, Market.SimCoupon c) {
        return new double[]{v.upliftOf(c, market), v.buyProbability(c, market)};
    }
}
