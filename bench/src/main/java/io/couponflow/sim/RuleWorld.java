package io.couponflow.sim;

import java.util.HashMap;
import java.util.Map;

/**
 * A fixed coupon rule played through a whole simulated horizon: where visits interact (a market with
 * dynamics), a rule's long-run worth can only be seen in a world of its own, since what it gives today
 * changes who comes back and what they buy later. Same seed as the learned run, scored the same way:
 * total expected profit per shopper over the horizon.
 */
final class RuleWorld {
    /** The baselines of a market with dynamics. */
    enum Rule {
        NO_COUPON("no-coupon"),
        /** The best single coupon (Baselines.best) at every visit where it is eligible. */
        EVERY_VISIT("every-visit"),
        /** The same coupon, at most once a week per shopper. */
        RATIONED("rationed");

        final String label;

        Rule(String label) {
            this.label = label;
        }
    }

    private static final int RATION_DAYS = 7;

    private RuleWorld() {
    }

    static double totalProfitPerShopper(Simulator sim, Rule rule, int days) {
        Market market = sim.market();
        Market.SimCoupon best = new Baselines(market, sim.day(0, 0)).best();
        Map<String, Integer> lastCoupon = new HashMap<>();
        double total = 0;
        for (int d = 1; d <= days; d++) {
            for (Simulator.Visit v : sim.day(d, d * 86_400_000L)) {
                boolean eligible = Shopper.eligible(best, v.basket());
                Integer last = lastCoupon.get(v.shopper().id());
                Market.SimCoupon coupon = switch (rule) {
                    case NO_COUPON -> null;
                    case EVERY_VISIT -> eligible ? best : null;
                    case RATIONED -> eligible && (last == null || d - last >= RATION_DAYS) ? best : null;
                };
                if (coupon != null) {
                    lastCoupon.put(v.shopper().id(), d);
                }
                boolean bought = v.draw() < v.buyProbability(coupon, market);
                sim.outcome(v, coupon == null ? null : coupon.id(), "rule", bought, d * 86_400_000L + 1);
                total += v.expectedProfit(coupon, market);
            }
        }
        return total / market.shoppers();
    }
}
