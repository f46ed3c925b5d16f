package io.couponflow.sim;

import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.learn.QLearner;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.learn.RetrainSummary;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.testing.RepoRoot;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The whole learning cycle in one process, many times: the same simulated shop as the demo, the same
 * DecisionMaker, RewardAttributor and RetrainJob as the functions, but on in-memory stores and a
 * simulated clock, so a 14-day run takes seconds instead of minutes. It measures what a setting
 * (exploration, cold start, bootstrap heads, pessimism) earns across markets and seeds, on the
 * simulator's ground truth; the demo shows the same through the real API, once.
 *
 * <pre>OfflineLoop [--markets balanced,price-sensitive,loyal] [--seeds 6] [--days 14] [--shoppers 1500]
 *             [--epsilon 0.05] [--cold-start-epsilon 0.3] [--ensemble 8] [--pessimism 1.0] [--min-held-out 100] [--gamma 0]
 *             [--verbose]</pre>
 */
public final class OfflineLoop {
    private static final String[] POLICIES = {Baselines.LEARNED, Baselines.NONE, Baselines.RANDOM, Baselines.BEST,
            Baselines.PROPENSITY, Baselines.ORACLE};

    record Options(int days, int shoppers, double epsilon, double coldStartEpsilon, int ensemble, double pessimism,
                   int minHeldOut, double gamma, boolean verbose) {
    }

    /** Per 1,000 checkouts: each policy over the last 4 days, and the learned policy over all days. */
    record Outcome(Map<String, Double> lastDays, double learnedAllDays) {
    }

    /** A clock the loop moves: the functions read time only through it. */
    static final class SimClock extends Clock {
        long now;

        SimClock(long now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }

    public static void main(String[] args) {
        List<String> markets = List.of("balanced", "price-sensitive", "loyal");
        int seeds = 6;
        int days = 14;
        int shoppers = 1500;
        double epsilon = 0.05;
        double coldStart = 0.3;
        int ensemble = 8;
        double pessimism = 1.0;
        int minHeldOut = 100;
        double gamma = 0;
        boolean verbose = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--markets" -> markets = List.of(args[++i].split(","));
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
                case "--epsilon" -> epsilon = Double.parseDouble(args[++i]);
                case "--cold-start-epsilon" -> coldStart = Double.parseDouble(args[++i]);
                case "--ensemble" -> ensemble = Integer.parseInt(args[++i]);
                case "--pessimism" -> pessimism = Double.parseDouble(args[++i]);
                case "--min-held-out" -> minHeldOut = Integer.parseInt(args[++i]);
                case "--gamma" -> gamma = Double.parseDouble(args[++i]);
                case "--verbose" -> verbose = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Options o = new Options(days, shoppers, epsilon, coldStart, ensemble, pessimism, minHeldOut, gamma, verbose);
        System.out.printf(Locale.ROOT, "offline loop: %d days, %d shoppers, epsilon %.2f, cold-start epsilon %.2f, "
                + "%d bootstrap heads, pessimism %.1f, min held-out %d, gamma %.1f%n", days, shoppers, epsilon, coldStart,
                ensemble, pessimism, minHeldOut, gamma);
        System.out.println("incremental expected profit per 1,000 checkouts over the last 4 days (learned over all days in brackets)");
        FeatureEncoder features = new FeatureEncoder(FeatureSpecs.fromClasspath(new com.fasterxml.jackson.databind.ObjectMapper()));
        try (OnnxSequenceEncoder encoder = OnnxSequenceEncoder.load(
                RepoRoot.find().resolve("model/simulated/encoder.onnx"), features)) {
            for (String market : markets) {
                List<Outcome> runs = new ArrayList<>();
                for (int seed = 1; seed <= seeds; seed++) {
                    Outcome r = run(new Simulator(Market.named(market, shoppers), seed), encoder, o);
                    runs.add(r);
                    System.out.printf(Locale.ROOT, "%-16s seed %d: learned %6.0f (%6.0f) | none %4.0f  random %6.0f  best-for-all %6.0f  propensity %6.0f  oracle %5.0f%n",
                            market, seed, r.lastDays().get(Baselines.LEARNED), r.learnedAllDays(), r.lastDays().get(Baselines.NONE),
                            r.lastDays().get(Baselines.RANDOM), r.lastDays().get(Baselines.BEST),
                            r.lastDays().get(Baselines.PROPENSITY), r.lastDays().get(Baselines.ORACLE));
                }
                summarise(market, runs);
            }
        }
    }

    static void summarise(String market, List<Outcome> runs) {
        double[] learned = runs.stream().mapToDouble(r -> r.lastDays().get(Baselines.LEARNED)).toArray();
        double oracle = runs.stream().mapToDouble(r -> r.lastDays().get(Baselines.ORACLE)).average().orElse(Double.NaN);
        double mean = java.util.Arrays.stream(learned).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%-16s learned mean %6.0f  min %6.0f  max %6.0f  beats no-coupon in %d/%d  "
                        + "%.0f%% of the oracle's %.0f  all days %.0f%n", market, mean,
                java.util.Arrays.stream(learned).min().orElse(Double.NaN), java.util.Arrays.stream(learned).max().orElse(Double.NaN),
                java.util.Arrays.stream(learned).filter(v -> v > 0).count(), learned.length, 100 * mean / oracle, oracle,
                runs.stream().mapToDouble(Outcome::learnedAllDays).average().orElse(Double.NaN));
    }

    static Outcome run(Simulator sim, OnnxSequenceEncoder encoder, Options o) {
        Market market = sim.market();
        long start = 1_800_000_000_000L;
        SimClock clock = new SimClock(start);
        Fakes.Events events = new Fakes.Events();
        Fakes.Catalog catalog = new Fakes.Catalog();
        Fakes.Policies policies = new Fakes.Policies();
        Fakes.Decisions log = new Fakes.Decisions();
        for (Market.SimCoupon c : market.coupons()) {
            catalog.put(new Coupon(c.id(), CouponKind.fromWire(c.kind()).orElseThrow(), c.value(), c.minSpend(),
                    null, null, null, null, null, true));
        }
        DecisionMaker maker = new DecisionMaker(events, encoder, catalog, new Fakes.Budgets(), policies, log,
                new DecisionMaker.Settings(20, 2.0, o.coldStartEpsilon()), clock, new SplittableRandom(sim.seed() * 31 + 1));
        Duration window = Duration.ofHours(1);
        RewardAttributor attributor = new RewardAttributor(log, new RewardAttributor.Settings(window, market.marginRate()));
        QLearner.Settings learner = new QLearner.Settings(o.gamma(), 0.01, 0.01, 10.0, 64, 60, 50, 6, 7);
        RetrainJob retrain = new RetrainJob(log, policies, new RetrainJob.Settings(14, window, Duration.ofDays(7), o.epsilon(),
                150, 0.15, 0.2, learner, new Bootstrap(200, 0.9, 7), o.ensemble(), o.pessimism(), o.minHeldOut()), clock, s -> "{}");
        EventValidator validator = new EventValidator(EventLimits.defaults());
        Baselines baselines = new Baselines(market, sim.day(0, start));
        Map<String, Double> last = new LinkedHashMap<>();
        int lastVisits = 0;
        double learnedAll = 0;
        int allVisits = 0;
        for (int d = 1; d <= o.days(); d++) {
            long dayStart = start + d * 86_400_000L;
            List<Simulator.Visit> visits = sim.day(d, dayStart);
            Map<String, Double> profit = new LinkedHashMap<>();
            int explored = 0;
            int issued = 0;
            for (Simulator.Visit v : visits) {
                long sessionEnd = v.session().stream().mapToLong(e -> ((Number) e.get("ts")).longValue()).max().orElse(clock.now);
                clock.now = Math.max(clock.now, sessionEnd + 1_000);
                events.writeNew(validated(validator, v.session(), clock));
                DecisionMaker.Result r = maker.decide(new DecisionMaker.Request(v.shopper().id(),
                        new DecisionContext(v.channel(), v.basket(), null), null));
                String couponId = r.coupon() == null ? null : r.coupon().couponId();
                Market.SimCoupon coupon = market.coupon(couponId);
                boolean bought = v.draw() < v.shopper().buyProbability(coupon, v.basket(), market);
                clock.now += 1_000;
                List<BehaviourEvent> outcome = validated(validator, sim.outcome(v, couponId, r.decisionId(), bought, clock.now), clock);
                events.writeNew(outcome);
                attributor.attribute(outcome);
                profit.merge(Baselines.LEARNED, v.shopper().upliftOf(coupon, v.basket(), market), Double::sum);
                baselines.evaluate(v).forEach((name, value) -> profit.merge(name, value[0], Double::sum));
                explored += r.reasons().contains("EXPLORED") || r.reasons().contains("COLD_START") ? 1 : 0;
                issued += coupon == null ? 0 : 1;
            }
            clock.now = dayStart + 86_400_000L - 1_000;   // night: every decision's window has closed
            RetrainSummary night = retrain.run(() -> false);
            if (d > o.days() - 4) {
                profit.forEach((name, value) -> last.merge(name, value, Double::sum));
                lastVisits += visits.size();
            }
            learnedAll += profit.getOrDefault(Baselines.LEARNED, 0.0);
            allVisits += visits.size();
            if (o.verbose()) {
                System.out.printf(Locale.ROOT, "  day %2d: %3d checkouts, learned %6.0f, oracle %5.0f per 1,000; %3.0f%% explored, %3.0f%% got a coupon; night: %s%n",
                        d, visits.size(), 1000 * profit.getOrDefault(Baselines.LEARNED, 0.0) / visits.size(),
                        1000 * profit.getOrDefault(Baselines.ORACLE, 0.0) / visits.size(),
                        100.0 * explored / visits.size(), 100.0 * issued / visits.size(), night.outcome());
            }
        }
        Map<String, Double> perThousand = new LinkedHashMap<>();
        for (String p : POLICIES) {
            perThousand.put(p, 1000 * last.getOrDefault(p, 0.0) / Math.max(1, lastVisits));
        }
        return new Outcome(perThousand, 1000 * learnedAll / Math.max(1, allVisits));
    }

    private static List<BehaviourEvent> validated(EventValidator validator, List<Map<String, Object>> raw, Clock clock) {
        List<BehaviourEvent> out = new ArrayList<>();
        for (Map<String, Object> e : raw) {
            EventValidator.Outcome o = validator.validate(e, clock.instant());
            if (o.event() == null) {
                throw new IllegalStateException("the simulator wrote an invalid event: " + o.errors());
            }
            out.add(o.event());
        }
        return out;
    }
}
