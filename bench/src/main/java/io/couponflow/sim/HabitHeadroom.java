package io.couponflow.sim;

import io.couponflow.bench.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How much long-run profit any policy could earn in a market with dynamics (issue 13): reference
 * policies that KNOW each shopper's true segment (and, for some, the shopper's state), played through
 * the horizon in a world of their own, exactly as RuleWorld plays the loop's rules (same Simulator,
 * same {@code day}/{@code outcome} calls, so habit and visit rate evolve by the same code as in the
 * loop), scored the same way: total expected profit per shopper over the horizon. Upper-bound
 * references only, never part of the product.
 *
 * <pre>HabitHeadroom [--market habit-forming] [--seeds 6] [--first-seed 1] [--days 28] [--shoppers 1500]
 *               [--holdout-seeds 6] [--no-dp]</pre>
 * Policies: no coupon (checks against RuleWorld); the myopic oracle (best action per visit by true
 * expected profit at the visit's true habit); per segment a fixed action (none, one coupon, or the
 * myopically best coupon) every visit or at most once every k days, best per segment by the horizon
 * total; the myopic oracle with a per-segment penalty per coupon; and a far-sighted oracle: finite
 * horizon dynamic programming per shopper over (coupon expectation, visit-rate multiplier), acting on
 * the true state. Segment choices are made on the first seeds and re-measured on held-out seeds.
 */
public final class HabitHeadroom {
    private static final int[] CADENCES = {1, 3, 7, 14};
    private static final double[] PENALTIES = {0, 0.5, 1, 2, 3, 4, 6, 8, 12, Double.POSITIVE_INFINITY};

    /** What a reference policy does at a visit, knowing the shopper (and the day of its last coupon). */
    interface Chooser {
        Market.SimCoupon choose(Simulator.Visit v, Integer lastCouponDay, Market market);
    }

    /** One world's totals: per shopper of the market, overall and by true segment. */
    record Run(double total, Map<Segment, Double> bySegment, double couponsPerShopper, double visitsPerShopper,
               double meanHabitAtVisit, double maxStateError) {
    }

    private HabitHeadroom() {
    }

    public static void main(String[] args) throws Exception {
        String marketName = "habit-forming";
        int seeds = 6;
        int firstSeed = 1;
        int days = 28;
        int shoppers = 1500;
        int holdout = 6;
        boolean dp = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--market" -> marketName = args[++i];
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--first-seed" -> firstSeed = Integer.parseInt(args[++i]);
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
                case "--holdout-seeds" -> holdout = Integer.parseInt(args[++i]);
                case "--no-dp" -> dp = false;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Market market = Market.named(marketName, shoppers);
        if (market.dynamics() == null) {
            throw new IllegalArgumentException(marketName + " has no dynamics");
        }
        int[] fit = range(firstSeed, seeds);
        int[] held = range(firstSeed + seeds, holdout);
        final int horizon = days;
        System.out.printf(Locale.ROOT, "habit headroom: %s, %d days, %d shoppers, seeds %d-%d (held-out %s)%n", marketName,
                days, shoppers, firstSeed, firstSeed + seeds - 1, holdout == 0 ? "none" : held[0] + "-" + held[held.length - 1]);

        // the loop's own rules, for the check that this harness reproduces RuleWorld
        for (RuleWorld.Rule rule : RuleWorld.Rule.values()) {
            double[] ref = new double[fit.length];
            for (int i = 0; i < fit.length; i++) {
                ref[i] = RuleWorld.totalProfitPerShopper(new Simulator(market, fit[i]), rule, days);
            }
            System.out.printf(Locale.ROOT, "RuleWorld %-12s %s%n", rule.label, seedLine(ref));
        }

        Map<String, Chooser> fixed = new HashMap<>();
        fixed.put("none", (v, last, m) -> null);
        Chooser myopic = (v, last, m) -> v.oracle(m);
        List<String[]> table = new ArrayList<>();
        report(table, "no coupon", market, fit, held, days, s -> fixed.get("none"));
        reportWith(table, "every-visit (RuleWorld's, replayed here)", market, fit, held, days,
                sim -> perSegment(sim, s -> ruleChooser(new Baselines(sim.market(), sim.day(0, 0)).best().id() + "/1")));
        reportWith(table, "rationed (RuleWorld's, replayed here)", market, fit, held, days,
                sim -> perSegment(sim, s -> ruleChooser(new Baselines(sim.market(), sim.day(0, 0)).best().id() + "/7")));
        report(table, "myopic oracle (knows segment, sensitivity, habit)", market, fit, held, days, s -> myopic);

        // per segment: a fixed action every visit or at most once every k days
        List<String> configs = new ArrayList<>(List.of("none"));
        for (String a : new String[]{"F5", "P10", "P20", "SHIP", "best"}) {
            for (int k : CADENCES) {
                configs.add(a + "/" + k);
            }
        }
        Map<Segment, String> bestRule = searchPerSegment(market, fit, days, configs, HabitHeadroom::ruleChooser, "rule");
        report(table, "segment rule " + bestRule, market, fit, held, days, s -> ruleChooser(bestRule.get(s)));

        // the myopic oracle with a penalty per coupon, per segment
        List<String> penalties = Arrays.stream(PENALTIES).mapToObj(x -> Double.isInfinite(x) ? "inf" : Double.toString(x)).toList();
        Map<Segment, String> bestPenalty = searchPerSegment(market, fit, days, penalties, HabitHeadroom::penaltyChooser, "penalty");
        report(table, "myopic+penalty " + bestPenalty, market, fit, held, days, s -> penaltyChooser(bestPenalty.get(s)));
        for (String p : new String[]{"1.0", "3.0", "6.0"}) {
            report(table, "myopic+penalty " + p + " all", market, fit, held, days, s -> penaltyChooser(p));
        }

        if (dp) {
            reportWith(table, "far-sighted DP oracle (knows segment, sensitivity, basket scale, habit, rate)", market, fit, held, days,
                    sim -> DpOracle.forSimulator(sim, horizon));
        }

        System.out.println();
        System.out.printf(Locale.ROOT, "%-70s %8s %8s  %s%n", "policy (knows true segment)", "seeds " + fit[0] + "-" + fit[fit.length - 1],
                "held-out", "per seed (fit seeds) | coupons/shopper visits/shopper mean habit at visit");
        for (String[] row : table) {
            System.out.printf(Locale.ROOT, "%-70s %8s %8s  %s%n", (Object[]) row);
        }
        System.out.println("reference: learned gamma 0 19.65, no-coupon 19.65, +10% = 21.62 (README, 6 seeds)");
        if (horizon != 28) {
            System.out.println("(horizon is not the README's 28 days)");
        }
    }

    private static int[] range(int first, int n) {
        int[] r = new int[n];
        for (int i = 0; i < n; i++) {
            r[i] = first + i;
        }
        return r;
    }

    /** A fixed action per visit: "none", or "COUPON/k" (at most once every k days; COUPON "best" = the myopically best eligible coupon). */
    static Chooser ruleChooser(String config) {
        if (config.equals("none")) {
            return (v, last, m) -> null;
        }
        String[] parts = config.split("/");
        int k = Integer.parseInt(parts[1]);
        return (v, last, m) -> {
            if (last != null && v.day() - last < k) {
                return null;
            }
            if (parts[0].equals("best")) {
                Market.SimCoupon best = null;
                double value = Double.NEGATIVE_INFINITY;
                for (Market.SimCoupon c : Shopper.eligibleCoupons(v.basket(), m)) {
                    if (v.expectedProfit(c, m) > value) {
                        value = v.expectedProfit(c, m);
                        best = c;
                    }
                }
                return best;
            }
            Market.SimCoupon c = m.coupon(parts[0]);
            return Shopper.eligible(c, v.basket()) ? c : null;
        };
    }

    /** The myopic oracle, charging each coupon a fixed penalty (a stand-in for its later cost through habituation). */
    static Chooser penaltyChooser(String penalty) {
        double lambda = penalty.equals("inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(penalty);
        return (v, last, m) -> {
            Market.SimCoupon best = null;
            double value = v.expectedProfit(null, m);
            for (Market.SimCoupon c : Shopper.eligibleCoupons(v.basket(), m)) {
                if (v.expectedProfit(c, m) - lambda > value) {
                    value = v.expectedProfit(c, m) - lambda;
                    best = c;
                }
            }
            return best;
        };
    }

    /**
     * Segments do not interact (each shopper's state is its own), so the best combination is found per
     * segment: every segment plays configuration j in world j, and each segment keeps the configuration
     * that earned it most over the fit seeds.
     */
    private static Map<Segment, String> searchPerSegment(Market market, int[] seeds, int days, List<String> configs,
                                                         Function<String, Chooser> make, String what) {
        Map<Segment, String> best = new EnumMap<>(Segment.class);
        Map<Segment, Double> bestValue = new EnumMap<>(Segment.class);
        StringBuilder log = new StringBuilder();
        for (String config : configs) {
            Chooser chooser = make.apply(config);
            Map<Segment, Double> sum = new EnumMap<>(Segment.class);
            for (int seed : seeds) {
                Run r = play(new Simulator(market, seed), s -> chooser, days);
                r.bySegment().forEach((s, x) -> sum.merge(s, x / seeds.length, Double::sum));
            }
            log.append(String.format(Locale.ROOT, "  %s %-8s", what, config));
            for (Segment s : Segment.values()) {
                double x = sum.getOrDefault(s, 0.0);
                log.append(String.format(Locale.ROOT, " %s %.3f", s, x));
                if (!bestValue.containsKey(s) || x > bestValue.get(s)) {
                    bestValue.put(s, x);
                    best.put(s, config);
                }
            }
            log.append('\n');
        }
        System.out.print(log);
        System.out.println("  best " + what + " per segment (fit seeds): " + best + " " + bestValue);
        return best;
    }

    private static void report(List<String[]> table, String name, Market market, int[] fit, int[] held, int days,
                               Function<Segment, Chooser> perSegment) {
        reportWith(table, name, market, fit, held, days, sim -> perSegment(sim, perSegment));
    }

    private static void reportWith(List<String[]> table, String name, Market market, int[] fit, int[] held, int days,
                               Function<Simulator, StatePolicy> make) {
        double[] f = new double[fit.length];
        double coupons = 0;
        double visits = 0;
        double habit = 0;
        double stateError = 0;
        Map<Segment, Double> seg = new EnumMap<>(Segment.class);
        for (int i = 0; i < fit.length; i++) {
            Simulator sim = new Simulator(market, fit[i]);
            Run r = play(sim, make.apply(sim), days);
            f[i] = r.total();
            coupons += r.couponsPerShopper() / fit.length;
            visits += r.visitsPerShopper() / fit.length;
            habit += r.meanHabitAtVisit() / fit.length;
            stateError = Math.max(stateError, r.maxStateError());
            r.bySegment().forEach((s, x) -> seg.merge(s, x / fit.length, Double::sum));
        }
        double[] h = new double[held.length];
        for (int i = 0; i < held.length; i++) {
            Simulator sim = new Simulator(market, held[i]);
            h[i] = play(sim, make.apply(sim), days).total();
        }
        StringBuilder bySeg = new StringBuilder();
        seg.forEach((s, x) -> bySeg.append(String.format(Locale.ROOT, " %s %.2f", s, x)));
        System.out.printf(Locale.ROOT, "%-70s fit %s | held-out %s | by segment%s | state mirror max error %.1e%n", name,
                seedLine(f), held.length == 0 ? "-" : seedLine(h), bySeg, stateError);
        table.add(new String[]{name, String.format(Locale.ROOT, "%.2f", Stats.mean(f)),
                held.length == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Stats.mean(h)),
                perSeed(f) + String.format(Locale.ROOT, " | %.2f %.2f %.2f", coupons, visits, habit)});
    }

    private static String seedLine(double[] x) {
        return String.format(Locale.ROOT, "mean %.2f (%s)", Stats.mean(x), perSeed(x));
    }

    private static String perSeed(double[] x) {
        StringBuilder b = new StringBuilder();
        for (double v : x) {
            b.append(b.isEmpty() ? "" : " ").append(String.format(Locale.ROOT, "%.2f", v));
        }
        return b.toString();
    }

    /** A policy that knows the shopper and the shopper's state; gets each visit and, after it, its outcome. */
    interface StatePolicy {
        Market.SimCoupon choose(Simulator.Visit v, double rate);
    }

    static Run play(Simulator sim, Function<Segment, Chooser> perSegment, int days) {
        return play(sim, perSegment(sim, perSegment), days);
    }

    /** A chooser per true segment, with each shopper's day of last coupon kept for it. */
    static StatePolicy perSegment(Simulator sim, Function<Segment, Chooser> perSegment) {
        Map<Segment, Chooser> choosers = new EnumMap<>(Segment.class);
        for (Segment s : Segment.values()) {
            choosers.put(s, perSegment.apply(s));
        }
        Map<String, Integer> lastCoupon = new HashMap<>();
        return (v, rate) -> {
            Market.SimCoupon c = choosers.get(v.shopper().segment()).choose(v, lastCoupon.get(v.shopper().id()), sim.market());
            if (c != null) {
                lastCoupon.put(v.shopper().id(), v.day());
            }
            return c;
        };
    }

    /**
     * Plays a policy through the horizon the way RuleWorld (and LoopRun) do: the simulator's visits of
     * each day, the purchase drawn from the visit's own draw, {@code outcome} to carry habit and rate to
     * later visits, and the visit's true expected profit tallied. A mirror of each shopper's state is
     * kept from what the policy saw (coupons given, purchases) and checked against the simulator's own:
     * the habit against the visit's, the rate against the simulator's own ({@code Simulator.visitRate}).
     */
    static Run play(Simulator sim, StatePolicy policy, int days) {
        Market market = sim.market();
        Market.Dynamics d = market.dynamics();
        Map<String, double[]> mirror = new HashMap<>();   // {habit, habitDay, rate, rateDay}
        Map<Segment, Double> bySegment = new EnumMap<>(Segment.class);
        double total = 0;
        int coupons = 0;
        int visits = 0;
        double habitSum = 0;
        double maxError = 0;
        for (int day = 1; day <= days; day++) {
            for (Simulator.Visit v : sim.day(day, day * 86_400_000L)) {
                double[] st = mirror.computeIfAbsent(v.shopper().id(), k -> new double[]{Double.NaN, 0, 1, 0});
                if (Double.isNaN(st[0])) {
                    st[0] = v.habit() / Math.pow(0.5, day / d.couponHalfLifeDays());   // the initial expectation, seen through its decay
                }
                double habit = st[0] * Math.pow(0.5, (day - st[1]) / d.couponHalfLifeDays());
                double rate = 1 + (st[2] - 1) * Math.pow(1 - d.recoveryPerDay(), day - st[3]);
                maxError = Math.max(maxError, Math.abs(habit - v.habit()));
                maxError = Math.max(maxError, Math.abs(rate - sim.visitRate(v.shopper().id(), day)));
                Market.SimCoupon coupon = policy.choose(v, rate);
                boolean bought = v.draw() < v.buyProbability(coupon, market);
                sim.outcome(v, coupon == null ? null : coupon.id(), "headroom", bought, day * 86_400_000L + 1);
                st[0] = habit + (coupon == null ? 0 : 1);
                st[1] = day;
                st[2] = bought ? Math.min(d.maxRate(), rate + d.retentionGain()) : Math.max(d.minRate(), rate - d.lapseLoss());
                st[3] = day;
                double profit = v.expectedProfit(coupon, market);
                total += profit;
                bySegment.merge(v.shopper().segment(), profit, Double::sum);
                coupons += coupon == null ? 0 : 1;
                visits++;
                habitSum += v.habit();
            }
        }
        int n = market.shoppers();
        bySegment.replaceAll((s, x) -> x / n);
        return new Run(total / n, bySegment, (double) coupons / n, (double) visits / n, habitSum / Math.max(1, visits), maxError);
    }

    /**
     * The far-sighted oracle: for each shopper (true segment, sensitivity, basket scale), backward
     * induction over the horizon on a grid of (g = e/(1+e) for the coupon expectation e, visit-rate
     * multiplier), with the day's visit chance, the basket's lognormal spread (7-point Gauss-Hermite),
     * every eligible action and both outcomes; at a visit it takes the action with the best value of
     * today's expected profit plus the expected value of the state it leaves, at the shopper's true
     * habit, its true rate and the visit's true basket.
     */
    static final class DpOracle implements StatePolicy {
        /** What the backward induction does at a visit: the best action, never a coupon, or the myopic oracle's (policy evaluation). */
        enum Mode { OPTIMAL, NONE, MYOPIC }

        private static final int NG = 31;
        private static final int NR = 31;
        private static final double[] GH_X = {-3.750439717725742, -2.366759410734541, -1.154405394739968, 0,
                1.154405394739968, 2.366759410734541, 3.750439717725742};
        private static final double[] GH_W = {0.000548268855972218, 0.0307571239675865, 0.240123178605013,
                0.457142857142857, 0.240123178605013, 0.0307571239675865, 0.000548268855972218};

        private final Market market;
        private final int days;
        private final Map<String, float[][]> values = new HashMap<>();   // per shopper: V[day][g·NR + r], day 1..days+1
        private final Map<String, Shopper> shoppers = new HashMap<>();
        double predicted;   // the DP's own expected total per shopper at the start

        private DpOracle(Market market, int days) {
            this.market = market;
            this.days = days;
        }

        static DpOracle forSimulator(Simulator sim, int days) {
            DpOracle o = new DpOracle(sim.market(), days);
            Market.Dynamics d = sim.market().dynamics();
            double[] sum = new double[Mode.values().length];
            for (Shopper s : sim.shoppers()) {
                o.shoppers.put(s.id(), s);
                double e0 = new java.util.SplittableRandom(sim.seed() * 7_919L + s.id().hashCode()).nextDouble() < d.conditionedShare()
                        ? d.conditionedExpectation() : 0;
                for (Mode mode : Mode.values()) {
                    float[][] v = o.solve(s, mode);
                    if (mode == Mode.OPTIMAL) {
                        o.values.put(s.id(), v);
                    }
                    sum[mode.ordinal()] += o.value(v, 1, e0 * Math.pow(0.5, 1 / d.couponHalfLifeDays()), 1);
                }
            }
            o.predicted = sum[0] / sim.shoppers().size();
            System.out.printf(Locale.ROOT, "  DP seed %d: expected total per shopper on the model (no visit noise): optimal %.2f, "
                            + "myopic oracle %.2f, no coupon %.2f%n", sim.seed(), o.predicted,
                    sum[Mode.MYOPIC.ordinal()] / sim.shoppers().size(), sum[Mode.NONE.ordinal()] / sim.shoppers().size());
            return o;
        }

        private static double gOfIndex(int i) {
            return Math.min(0.995, (double) i / (NG - 1));
        }

        private double rOfIndex(int j) {
            Market.Dynamics d = market.dynamics();
            return d.minRate() + (d.maxRate() - d.minRate()) * j / (NR - 1);
        }

        /** Bilinear interpolation of V[day] at expectation e and rate r. */
        double value(float[][] v, int day, double e, double r) {
            if (day > days) {
                return 0;
            }
            Market.Dynamics d = market.dynamics();
            double g = e / (1 + e);
            double gi = Math.min(NG - 1.000001, g * (NG - 1));
            double ri = Math.max(0, Math.min(NR - 1.000001, (r - d.minRate()) / (d.maxRate() - d.minRate()) * (NR - 1)));
            int a = (int) gi;
            int b = (int) ri;
            double fa = gi - a;
            double fb = ri - b;
            float[] row = v[day];
            return (1 - fa) * ((1 - fb) * row[a * NR + b] + fb * row[a * NR + b + 1])
                    + fa * ((1 - fb) * row[(a + 1) * NR + b] + fb * row[(a + 1) * NR + b + 1]);
        }

        /** The value of acting with coupon c (null = none) at a visit on this day, state (e, r) as of the visit. */
        private double actionValue(float[][] v, Shopper s, int day, double e, double r, double basket, Market.SimCoupon c) {
            Market.Dynamics d = market.dynamics();
            double p = s.buyProbability(c, basket, market, e);
            double cost = c == null ? 0 : c.cost(basket);
            double e1 = (e + (c == null ? 0 : 1)) * Math.pow(0.5, 1 / d.couponHalfLifeDays());
            double up = 1 + (Math.min(d.maxRate(), r + d.retentionGain()) - 1) * (1 - d.recoveryPerDay());
            double down = 1 + (Math.max(d.minRate(), r - d.lapseLoss()) - 1) * (1 - d.recoveryPerDay());
            return p * (market.marginRate() * basket - cost) + p * value(v, day + 1, e1, up) + (1 - p) * value(v, day + 1, e1, down);
        }

        private float[][] solve(Shopper s, Mode mode) {
            Market.Dynamics d = market.dynamics();
            float[][] v = new float[days + 2][NG * NR];
            double[] baskets = new double[GH_X.length];
            List<List<Market.SimCoupon>> eligible = new ArrayList<>();
            for (int q = 0; q < GH_X.length; q++) {
                baskets[q] = market.basketMean() * s.basketScale() * Math.exp(GH_X[q] * 0.25);
                eligible.add(Shopper.eligibleCoupons(baskets[q], market));
            }
            double decay = Math.pow(0.5, 1 / d.couponHalfLifeDays());
            for (int day = days; day >= 1; day--) {
                for (int i = 0; i < NG; i++) {
                    double g = gOfIndex(i);
                    double e = g / (1 - g);
                    for (int j = 0; j < NR; j++) {
                        double r = rOfIndex(j);
                        double visit = Math.min(1, market.visitRate() * r);
                        double stay = value(v, day + 1, e * decay, 1 + (r - 1) * (1 - d.recoveryPerDay()));
                        double act = 0;
                        for (int q = 0; q < baskets.length; q++) {
                            double best = actionValue(v, s, day, e, r, baskets[q], null);
                            if (mode == Mode.OPTIMAL) {
                                for (Market.SimCoupon c : eligible.get(q)) {
                                    best = Math.max(best, actionValue(v, s, day, e, r, baskets[q], c));
                                }
                            } else if (mode == Mode.MYOPIC) {
                                Market.SimCoupon a = s.oracle(baskets[q], market, e);
                                best = a == null ? best : actionValue(v, s, day, e, r, baskets[q], a);
                            }
                            act += GH_W[q] * best;
                        }
                        v[day][i * NR + j] = (float) ((1 - visit) * stay + visit * act);
                    }
                }
            }
            return v;
        }

        @Override
        public Market.SimCoupon choose(Simulator.Visit visit, double rate) {
            Shopper s = visit.shopper();
            float[][] v = values.get(s.id());
            Market.SimCoupon best = null;
            double bestValue = actionValue(v, s, visit.day(), visit.habit(), rate, visit.basket(), null);
            for (Market.SimCoupon c : Shopper.eligibleCoupons(visit.basket(), market)) {
                double x = actionValue(v, s, visit.day(), visit.habit(), rate, visit.basket(), c);
                if (x > bestValue) {
                    bestValue = x;
                    best = c;
                }
            }
            return best;
        }
    }
}
