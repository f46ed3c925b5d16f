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

    /** One checkout: who, the cart, the events that led to it, and a uniform draw for the purchase. */
    public record Visit(Shopper shopper, int day, int index, double basket, String channel,
                        List<Map<String, Object>> session, double draw) {
    }

    private final Market market;
    private final long seed;
    private final List<Shopper> shoppers = new ArrayList<>();

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
        for (Shopper s : shoppers) {
            if (rnd.nextDouble() >= market.visitRate()) {
                continue;
            }
            double basket = Math.round(market.basketMean() * s.basketScale() * Math.exp(rnd.nextGaussian() * 0.25) * 100) / 100.0;
            String channel = rnd.nextDouble() < 0.6 ? "web" : "app";
            List<Map<String, Object>> session = session(s, day, index, basket, nowMillis, rnd);
            visits.add(new Visit(s, day, index++, basket, channel, session, rnd.nextDouble()));
        }
        return visits;
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

    /** The outcome events of a visit: a purchase (and the coupon's redemption) if the shopper bought. */
    public List<Map<String, Object>> outcome(Visit v, String couponId, String decisionId, boolean bought, long ts) {
        List<Map<String, Object>> events = new ArrayList<>();
        if (!bought) {
            return events;
        }
        if (couponId != null) {
            Map<String, Object> r = new HashMap<>();
            r.put("eventId", v.shopper().id() + "-d" + v.day() + "-redeem");
            r.put("userId", v.shopper().id());
            r.put("type", "coupon_redeemed");
            r.put("ts", ts - 1);
            r.put("couponId", couponId);
            r.put("decisionId", decisionId);
            events.add(r);
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
