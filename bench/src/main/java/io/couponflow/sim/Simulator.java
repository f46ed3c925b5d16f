package io.couponflow.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates shoppers and, day by day, their visits: a behaviour sequence in couponflow's event schema
 * (its shape depends on the segment, which the policy never sees) that ends at checkout, where the
 * shop asks for a decision. Seeded: the same seed gives the same shoppers, visits and draws.
 */
public final class Simulator {
    private static final String[] CATEGORIES = {"shoes", "shirts", "bags", "jackets", "hats", "socks"};

    /**
     * One checkout: who, the cart, the events that led to it, a uniform draw for the purchase, and the
     * shopper's coupon expectation at this visit (Market.Dynamics; 0 where visits do not interact).
     * Its methods are the per-visit ground truth every policy is scored on.
     */
    public record Visit(Shopper shopper, int day, int index, double basket, String channel,
                        List<Map<String, Object>> session, double draw, double habit) {

        public double buyProbability(Market.SimCoupon coupon, Market market) {
            return shopper.buyProbability(coupon, basket, market, habit);
        }

        public double expectedProfit(Market.SimCoupon coupon, Market market) {
            return shopper.expectedProfit(coupon, basket, market, habit);
        }

        public double upliftOf(Market.SimCoupon coupon, Market market) {
            return shopper.upliftOf(coupon, basket, market, habit);
        }

        /** The best action at this visit alone (myopic where visits interact). */
        public Market.SimCoupon oracle(Market market) {
            return shopper.oracle(basket, market, habit);
        }
    }

    /** What a shopper carries from visit to visit where the market has dynamics. */
    private static final class State {
        double habit;
        int habitDay;
        double rate = 1;
        int rateDay;
    }

    private final Market market;
    private final long seed;
    private final List<Shopper> shoppers = new ArrayList<>();
    private final Map<String, State> states = new java.util.concurrent.ConcurrentHashMap<>();

    public Simulator(Market market, long seed) {
        this.market = market;
        this.seed = seed;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < market.shoppers(); i++) {
            double u = rnd.nextDouble();
            Segment s = Segment.values()[segmentIndex(u)];
            shoppers.add(new Shopper(String.format("sim-%d-%05d", seed, i), s, 0.6 + 0.4 * rnd.nextDouble(),
                    Math.exp(rnd.nextGaussian() * 0.35), CATEGORIES[rnd.nextInt(CATEGORIES.length)]));
        }
    }

    private int segmentIndex(double u) {
        double acc = 0;
        for (int i = 0; i < market.shares().length; i++) {
            acc += market.shares()[i];
            if (u < acc) {
                return i;
            }
        }
        return market.shares().length - 1;
    }

    public long seed() {
        return seed;
    }

    public Market market() {
        return market;
    }

    public List<Shopper> shoppers() {
        return shoppers;
    }

    /** The visits of one day, with their events timed to end just before {@code nowMillis}. */
    public List<Visit> day(int day, long nowMillis) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + day);
        List<Visit> visits = new ArrayList<>();
        int index = 0;
        Market.Dynamics dyn = market.dynamics();
        for (Shopper s : shoppers) {
            State st = dyn == null ? null : states.computeIfAbsent(s.id(), k -> initial(s, dyn));
            double rate = st == null ? 1 : relaxedRate(st, day, dyn);
            if (rnd.nextDouble() >= market.visitRate() * rate) {
                continue;
            }
            double basket = Math.round(market.basketMean() * s.basketScale() * Math.exp(rnd.nextGaussian() * 0.25) * 100) / 100.0;
            String channel = rnd.nextDouble() < 0.6 ? "web" : "app";
            List<Map<String, Object>> session = session(s, day, index, basket, nowMillis, rnd);
            visits.add(new Visit(s, day, index++, basket, channel, session, rnd.nextDouble(),
                    st == null ? 0 : decayedHabit(st, day, dyn)));
        }
        return visits;
    }

    /** A shopper's state before day 1: some arrive conditioned by the shop's past promotions. */
    private State initial(Shopper s, Market.Dynamics d) {
        State st = new State();
        // a draw of its own per shopper, so the visits' random stream stays the same whatever the dynamics
        if (new SplittableRandom(seed * 7_919L + s.id().hashCode()).nextDouble() < d.conditionedShare()) {
            st.habit = d.conditionedExpectation();
        }
        return st;
    }

    /** This shopper's visit-rate multiplier on this day, before the day's visit is remembered (1 for one not seen yet). */
    double visitRate(String shopperId, int day) {
        State st = states.get(shopperId);
        return st == null || market.dynamics() == null ? 1 : relaxedRate(st, day, market.dynamics());
    }

    private static double relaxedRate(State st, int day, Market.Dynamics d) {
        return 1 + (st.rate - 1) * Math.pow(1 - d.recoveryPerDay(), day - st.rateDay);
    }

    private static double decayedHabit(State st, int day, Market.Dynamics d) {
        return st.habit * Math.pow(0.5, (day - st.habitDay) / d.couponHalfLifeDays());
    }

    /** What this visit leaves for the next ones: a coupon raises the expectation, a sale the visit rate. */
    private void remember(Visit v, boolean couponGiven, boolean bought) {
        Market.Dynamics d = market.dynamics();
        if (d == null) {
            return;
        }
        State st = states.computeIfAbsent(v.shopper().id(), k -> initial(v.shopper(), d));
        synchronized (st) {
            st.habit = decayedHabit(st, v.day(), d) + (couponGiven ? 1 : 0);
            st.habitDay = v.day();
            double rate = relaxedRate(st, v.day(), d);
            st.rate = bought ? Math.min(d.maxRate(), rate + d.retentionGain()) : Math.max(d.minRate(), rate - d.lapseLoss());
            st.rateDay = v.day();
        }
    }

    /** The segment's way of shopping, as events (oldest first). */
    private List<Map<String, Object>> session(Shopper s, int day, int index, double basket, long now, SplittableRandom rnd) {
        List<String[]> steps = new ArrayList<>();   // {type, gapSeconds}
        switch (s.segment()) {
            case SURE_THING -> {
                steps.add(new String[]{"search", "20"});
                steps.add(new String[]{"view", "15"});
                steps.add(new String[]{"add_to_cart", "10"});
            }
            case PERSUADABLE -> {
                int views = 4 + rnd.nextInt(4);
                for (int i = 0; i < views; i++) {
                    steps.add(new String[]{"view", Integer.toString(40 + rnd.nextInt(80))});
                }
                steps.add(new String[]{"add_to_cart", "60"});
                steps.add(new String[]{"remove_from_cart", "90"});
                steps.add(new String[]{"add_to_cart", "120"});
            }
            case LOST_CAUSE -> {
                int views = 1 + rnd.nextInt(2);
                for (int i = 0; i < views; i++) {
                    steps.add(new String[]{"view", Integer.toString(600 + rnd.nextInt(1200))});
                }
                steps.add(new String[]{"add_to_cart", "900"});
            }
            case SLEEPING_DOG -> {
                steps.add(new String[]{"view", "30"});
                steps.add(new String[]{"add_to_cart", "5"});
            }
        }
        List<Map<String, Object>> events = new ArrayList<>();
        long ts = now - 1_000;
        List<Map<String, Object>> reversed = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            reversed.add(event(s, day, index, i + 1, steps.get(i)[0], ts, basket, rnd));
            ts -= Long.parseLong(steps.get(i)[1]) * 1_000;
        }
        Map<String, Object> start = event(s, day, index, 0, "session_start", ts, basket, rnd);
        events.add(start);
        for (int i = reversed.size() - 1; i >= 0; i--) {
            events.add(reversed.get(i));
        }
        return events;
    }

    private Map<String, Object> event(Shopper s, int day, int visit, int k, String type, long ts, double basket,
                                      SplittableRandom rnd) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("eventId", s.id() + "-d" + day + "-" + k);
        e.put("userId", s.id());
        e.put("type", type);
        e.put("ts", ts);
        e.put("sessionId", s.id() + "-d" + day);
        switch (type) {
            case "search" -> e.put("query", s.category());
            case "view", "add_to_cart", "remove_from_cart" -> {
                e.put("itemId", s.category() + "-" + rnd.nextInt(50));
                e.put("category", s.category());
                e.put("price", Math.round(basket * (0.5 + rnd.nextDouble()) * 100) / 100.0);
            }
            default -> {
            }
        }
        return e;
    }

    private static Map<String, Object> couponEvent(Visit v, String suffix, String type, long ts, String couponId,
                                                   String decisionId) {
        Map<String, Object> e = new HashMap<>();
        e.put("eventId", v.shopper().id() + "-d" + v.day() + "-" + suffix);
        e.put("userId", v.shopper().id());
        e.put("type", type);
        e.put("ts", ts);
        e.put("couponId", couponId);
        e.put("decisionId", decisionId);
        return e;
    }

    /**
     * The outcome events of a visit: the coupon shown (if one was given), then a purchase and the
     * coupon's redemption if the shopper bought; what the visit leaves for later visits is remembered.
     * Call once per visit.
     */
    public List<Map<String, Object>> outcome(Visit v, String couponId, String decisionId, boolean bought, long ts) {
        remember(v, couponId != null, bought);
        List<Map<String, Object>> events = new ArrayList<>();
        if (couponId != null) {
            events.add(couponEvent(v, "shown", "coupon_shown", ts - 2, couponId, decisionId));
        }
        if (!bought) {
            return events;
        }
        if (couponId != null) {
            events.add(couponEvent(v, "redeem", "coupon_redeemed", ts - 1, couponId, decisionId));
        }
        Map<String, Object> p = new HashMap<>();
        p.put("eventId", v.shopper().id() + "-d" + v.day() + "-buy");
        p.put("userId", v.shopper().id());
        p.put("type", "purchase");
        p.put("ts", ts);
        p.put("orderValue", v.basket());
        events.add(p);
        return events;
    }
}
