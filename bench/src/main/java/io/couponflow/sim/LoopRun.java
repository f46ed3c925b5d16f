package io.couponflow.sim;

import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.Reason;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.features.SequenceEncoder;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.learn.RetrainSummary;
import io.couponflow.core.ope.Estimate;
import io.couponflow.core.policy.ActionDistribution;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.testing.ManualClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One run of the offline loop: a simulated market, day by day, through the same DecisionMaker,
 * RewardAttributor and RetrainJob as the functions, on in-memory stores and a simulated clock. Each
 * visit's true value under every baseline is scored on the simulator's ground truth; each night's
 * candidate and serving policy are scored on the next day's checkouts, beside the gate's estimates.
 */
final class LoopRun {
    static final String[] POLICIES = {Baselines.LEARNED, Baselines.NONE, Baselines.RANDOM, Baselines.BEST,
            Baselines.PROPENSITY, Baselines.ORACLE};
    /** Simulated time: day d starts at START + d·DAY (the demo's virtual clock keeps the same calendar). */
    static final long START = 1_800_000_000_000L;
    static final long DAY = 86_400_000L;

    /**
     * @param days         simulated days
     * @param lastDays     the days the "last days" figures cover
     * @param decisions    the score function's settings
     * @param retrain      the retrain function's settings
     * @param forcePromote promote every candidate whatever the gate says (to measure the gate)
     * @param verbose      a line per day and a breakdown by true segment
     * @param explorationRun 0: the decisions draw from the market's seed (the demo's draws); k &gt; 0: from
     *                       another stream, the same market, shoppers, visits and purchase draws, so runs
     *                       k = 1, 2, … measure how much a figure owes to the exploration's luck alone
     */
    record Options(int days, int lastDays, DecisionMaker.Settings decisions, RetrainJob.Settings retrain,
                   boolean forcePromote, boolean verbose, int explorationRun) {
    }

    /**
     * Per 1,000 checkouts: each policy over the last days, the learned policy over all days; each
     * night's check; and the learned policy's total expected profit per shopper over the whole horizon
     * (the long-run measure where visits interact).
     */
    record Outcome(Map<String, Double> lastDays, double learnedAllDays, List<NightCheck> nights,
                   double totalProfitPerShopper) {
    }

    /**
     * One night's gate against the simulator's truth: the DR estimates (with 90% intervals for a day's
     * mean) of the candidate and of the policy serving when the gate ran, on the held-out decisions, and
     * each one's true expected reward per decision on the next day's checkouts.
     */
    record NightCheck(Estimate candidate, Estimate serving, double truthCandidate, double truthServing,
                      double drDifference, boolean promoted) {
        boolean candidateCovered() {
            return candidate.dayLower() <= truthCandidate && truthCandidate <= candidate.dayUpper();
        }

        boolean servingCovered() {
            return serving.dayLower() <= truthServing && truthServing <= serving.dayUpper();
        }

        /** The same with the confidence interval of the mean alone (without a day's spread of states). */
        boolean candidateMeanCovered() {
            return candidate.lower() <= truthCandidate && truthCandidate <= candidate.upper();
        }

        boolean servingMeanCovered() {
            return serving.lower() <= truthServing && truthServing <= serving.upper();
        }
    }

    /** Far apart from every market seed, so that run k's stream is no other seed's run 0. */
    static final long EXPLORATION_STREAM = 1_000_003L;

    private LoopRun() {
    }

    static Outcome run(Simulator sim, SequenceEncoder encoder, Options o) {
        Market market = sim.market();
        ManualClock clock = new ManualClock(Instant.ofEpochMilli(START));
        Fakes.Events events = new Fakes.Events();
        Fakes.Catalog catalog = new Fakes.Catalog();
        Fakes.Policies policies = new Fakes.Policies();
        Fakes.Decisions log = new Fakes.Decisions();
        for (Market.SimCoupon c : market.coupons()) {
            catalog.put(new Coupon(c.id(), CouponKind.fromWire(c.kind()).orElseThrow(), c.value(), c.minSpend(),
                    null, null, null, null, null, true));
        }
        DecisionMaker maker = new DecisionMaker(events, encoder, catalog, new Fakes.Budgets(), policies, log, o.decisions(),
                clock, ExplorationDraws.seeded(sim.seed() + EXPLORATION_STREAM * o.explorationRun()));
        RewardAttributor attributor = new RewardAttributor(log,
                new RewardAttributor.Settings(o.retrain().attributionWindow(), market.marginRate()));
        RetrainJob retrain = new RetrainJob(log, policies, o.retrain(), clock, s -> "{}");
        EventValidator validator = new EventValidator(EventLimits.defaults());
        Baselines baselines = new Baselines(market, sim.day(0, START));
        Map<String, Double> last = new LinkedHashMap<>();
        int lastVisits = 0;
        double learnedAll = 0;
        int allVisits = 0;
        double totalProfit = 0;
        Diagnosis diagnosis = new Diagnosis();
        Set<String> buyers = new HashSet<>();   // shoppers who have bought in this run: their windows hold a purchase
        TruthOfNight truth = null;
        List<NightCheck> checks = new ArrayList<>();
        for (int d = 1; d <= o.days(); d++) {
            long dayStart = START + d * DAY;
            List<Simulator.Visit> visits = sim.day(d, dayStart);
            Map<String, Double> profit = new LinkedHashMap<>();
            int explored = 0;
            int issued = 0;
            boolean measured = d > o.days() - o.lastDays();
            for (Simulator.Visit v : visits) {
                long sessionEnd = v.session().stream().mapToLong(e -> ((Number) e.get("ts")).longValue()).max().orElse(clock.millis());
                clock.set(Instant.ofEpochMilli(Math.max(clock.millis(), sessionEnd + 1_000)));
                events.writeNew(validated(validator, v.session(), clock));
                DecisionMaker.Result r = maker.decide(new DecisionMaker.Request(v.shopper().id(),
                        new DecisionContext(v.channel(), v.basket(), null), null));
                String couponId = r.coupon() == null ? null : r.coupon().couponId();
                Market.SimCoupon coupon = market.coupon(couponId);
                boolean bought = v.draw() < v.buyProbability(coupon, market);
                clock.advance(Duration.ofSeconds(1));
                List<BehaviourEvent> outcome = validated(validator, sim.outcome(v, couponId, r.decisionId(), bought, clock.millis()), clock);
                events.writeNew(outcome);
                attributor.attribute(outcome);
                profit.merge(Baselines.LEARNED, v.upliftOf(coupon, market), Double::sum);
                totalProfit += v.expectedProfit(coupon, market);
                baselines.evaluate(v).forEach((name, value) -> profit.merge(name, value[0], Double::sum));
                DecisionRecord rec = log.last();
                if (truth != null && rec.state() != null) {
                    truth.add(rec, v, market);
                }
                explored += r.has(Reason.Code.EXPLORED) || r.has(Reason.Code.COLD_START) ? 1 : 0;
                issued += coupon == null ? 0 : 1;
                if (measured) {
                    diagnosis.add(v, coupon, market);
                    diagnosis.estimates(rec, v, market, policies.active().map(PolicyVersion::policy).orElse(null),
                            buyers.contains(v.shopper().id()));
                }
                if (bought) {
                    buyers.add(v.shopper().id());
                }
            }
            if (truth != null && truth.decisions > 0) {
                checks.add(truth.check());
            }
            clock.set(Instant.ofEpochMilli(dayStart + DAY - 1_000));   // night: every decision's window has closed
            // the policies the gate weighed (a promoted version serves its refit on all decisions; the
            // gate judged, and judges against, the fit before its held-out: PolicyVersion#gated)
            Policy servingBefore = policies.active().map(PolicyVersion::gated).orElse(null);
            RetrainSummary night = retrain.run(() -> false);
            PolicyVersion candidate = night.version() == null ? null : policies.get(night.version()).orElse(null);
            truth = candidate == null ? null
                    : new TruthOfNight(candidate.gated(), servingBefore, o.decisions().coldStartEpsilon(), night);
            if (o.forcePromote() && candidate != null && !"PROMOTED".equals(night.outcome())) {
                policies.promote(candidate.version(), policies.active().map(PolicyVersion::version).orElse(null));
            }
            if (measured) {
                profit.forEach((name, value) -> last.merge(name, value, Double::sum));
                lastVisits += visits.size();
            }
            learnedAll += profit.getOrDefault(Baselines.LEARNED, 0.0);
            allVisits += visits.size();
            if (o.verbose()) {
                System.out.printf(Locale.ROOT, "  day %2d: %3d checkouts, learned %6.0f, oracle %5.0f per 1,000; %3.0f%% explored, "
                                + "%3.0f%% got a coupon; night: %s (%s)%s%n",
                        d, visits.size(), 1000 * profit.getOrDefault(Baselines.LEARNED, 0.0) / visits.size(),
                        1000 * profit.getOrDefault(Baselines.ORACLE, 0.0) / visits.size(),
                        100.0 * explored / visits.size(), 100.0 * issued / visits.size(), night.outcome(), night.gateReason(),
                        night.version() == null ? "" : String.format(Locale.ROOT, "; candidate coupons %.1f%% of its states%s",
                                100 * night.couponShare(),
                                night.lockInGuarded() ? ", lock-in guard: epsilon " + night.epsilon() : ""));
                StringBuilder p = new StringBuilder("    penalties (row x block, then the intercepts of the rows after the shared ones):");
                for (double x : night.penalties()) {
                    p.append(String.format(Locale.ROOT, " %.0f", x));
                }
                System.out.println(p);
            }
        }
        if (o.verbose()) {
            diagnosis.print(lastVisits);
        }
        Map<String, Double> perThousand = new LinkedHashMap<>();
        for (String p : POLICIES) {
            perThousand.put(p, 1000 * last.getOrDefault(p, 0.0) / Math.max(1, lastVisits));
        }
        return new Outcome(perThousand, 1000 * learnedAll / Math.max(1, allVisits), checks, totalProfit / market.shoppers());
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

    /** What the learned policy gave each true segment over the measured days, and what that cost against the oracle. */
    private static final class Diagnosis {
        private final Map<String, Integer> actions = new TreeMap<>();
        private final Map<Segment, Double> regret = new TreeMap<>();
        private final Map<String, double[]> upliftSums = new TreeMap<>();
        private final Map<String, double[]> conversionSums = new TreeMap<>();
        /**
         * What the serving head's point estimate alone would have lost (the mean's error without exploration),
         * per true segment: {lost by new buyers, lost by shoppers who had bought before in the run, their visits}.
         */
        private final Map<Segment, double[]> greedyRegret = new TreeMap<>();
        /** Regret per (segment, action given, the oracle's action): which mistake costs what. */
        private final Map<String, Double> regretByMistake = new TreeMap<>();

        void add(Simulator.Visit v, Market.SimCoupon given, Market market) {
            Shopper s = v.shopper();
            Market.SimCoupon best = v.oracle(market);
            double lost = lost(v, given, market);
            actions.merge(s.segment() + " " + id(given), 1, Integer::sum);
            regret.merge(s.segment(), lost, Double::sum);
            if (!Objects.equals(given, best)) {
                regretByMistake.merge(s.segment() + " " + id(given) + " for " + id(best), lost, Double::sum);
            }
        }

        /** What giving {@code coupon} lost against the oracle's action at this visit. */
        private static double lost(Simulator.Visit v, Market.SimCoupon coupon, Market market) {
            return v.upliftOf(v.oracle(market), market) - v.upliftOf(coupon, market);
        }

        private static String id(Market.SimCoupon c) {
            return c == null ? "none" : c.id();
        }

        /** The serving head's estimated uplift of each candidate against the truth, per true segment. */
        void estimates(DecisionRecord rec, Simulator.Visit v, Market market, Policy serving, boolean boughtBefore) {
            if (serving == null || rec == null || rec.state() == null) {
                return;
            }
            double[] q = serving.q(rec.candidates(), rec.state(), rec.cartValue());
            int greedy = ActionDistribution.argmax(q);
            double greedyLost = lost(v, greedy == 0 ? null : market.coupon(rec.candidates().get(greedy).actionId()), market);
            double[] g = greedyRegret.computeIfAbsent(v.shopper().segment(), x -> new double[4]);
            g[boughtBefore ? 1 : 0] += greedyLost;
            g[boughtBefore ? 3 : 2]++;
            for (int k = 0; k < q.length; k++) {
                Candidate c = rec.candidates().get(k);
                Market.SimCoupon coupon = k == 0 ? null : market.coupon(c.actionId());
                String key = v.shopper().segment() + " " + c.actionId();
                // the chance of a sale itself, "none" included: tells a misjudged baseline from a misjudged coupon
                double[] sale = conversionSums.computeIfAbsent(key, x -> new double[3]);
                sale[0] += serving.conversion().q(c.phi(), rec.state());
                sale[1] += v.buyProbability(coupon, market);
                sale[2]++;
                if (k > 0) {
                    double[] uplift = upliftSums.computeIfAbsent(key, x -> new double[3]);
                    uplift[0] += q[k] - q[0];
                    uplift[1] += v.upliftOf(coupon, market);
                    uplift[2]++;
                }
            }
        }

        void print(int visits) {
            StringBuilder u = new StringBuilder("  serving head's mean uplift estimate vs truth by segment and coupon:");
            upliftSums.forEach((k, a) -> u.append(String.format(Locale.ROOT, "%n    %-16s est %+6.2f true %+6.2f (n %.0f)",
                    k, a[0] / a[2], a[1] / a[2], a[2])));
            System.out.println(u);
            StringBuilder c = new StringBuilder("  serving head's mean chance of a sale (%, before clipping to [0, 100]) vs truth by segment and action:");
            conversionSums.forEach((k, a) -> c.append(String.format(Locale.ROOT, "%n    %-16s est %6.1f true %6.1f",
                    k, 100 * a[0] / a[2], 100 * a[1] / a[2])));
            System.out.println(c);
            StringBuilder a = new StringBuilder("  measured days by true segment:");
            actions.forEach((k, n) -> a.append(' ').append(k).append('=').append(n));
            System.out.println(a);
            StringBuilder r = new StringBuilder("  regret against the oracle per 1,000 checkouts by segment:");
            regret.forEach((k, x) -> r.append(String.format(Locale.ROOT, " %s %.0f", k, 1000 * x / visits)));
            System.out.println(r);
            StringBuilder g = new StringBuilder("  the same, had the serving head's point estimate chosen (no exploration):");
            greedyRegret.forEach((k, x) -> g.append(String.format(Locale.ROOT, " %s %.0f", k, 1000 * (x[0] + x[1]) / visits)));
            System.out.println(g);
            StringBuilder h = new StringBuilder("  the same by whether the shopper had bought before in the run:");
            greedyRegret.forEach((k, x) -> h.append(String.format(Locale.ROOT,
                    "%n    %-28s %6.1f (%.0f visits)%n    %-28s %6.1f (%.0f visits)", k + " new buyer", 1000 * x[0] / visits, x[2],
                    k + " bought before", 1000 * x[1] / visits, x[3])));
            System.out.println(h);
            StringBuilder m = new StringBuilder("  regret per 1,000 checkouts by mistake (segment, action given for the oracle's):");
            regretByMistake.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed()).limit(8)
                    .forEach(e -> m.append(String.format(Locale.ROOT, "%n    %-32s %6.1f", e.getKey(), 1000 * e.getValue() / visits)));
            System.out.println(m);
        }
    }

    /** Accumulates the truth of last night's candidate and serving policy over today's decisions. */
    private static final class TruthOfNight {
        private final Policy candidate;
        private final Policy serving;   // null: the cold start
        private final double coldStartEpsilon;
        private final RetrainSummary night;
        private double candidateSum;
        private double servingSum;
        private int decisions;

        TruthOfNight(Policy candidate, Policy serving, double coldStartEpsilon, RetrainSummary night) {
            this.candidate = candidate;
            this.serving = serving;
            this.coldStartEpsilon = coldStartEpsilon;
            this.night = night;
        }

        void add(DecisionRecord d, Simulator.Visit v, Market market) {
            int n = d.candidates().size();
            double[] value = new double[n];
            for (int k = 0; k < n; k++) {
                value[k] = v.expectedProfit(market.coupon(d.candidates().get(k).actionId()), market);
            }
            candidateSum += dot(distribution(candidate, d), value);
            servingSum += dot(distribution(serving, d), value);
            decisions++;
        }

        private double[] distribution(Policy p, DecisionRecord d) {
            int n = d.candidates().size();
            return p == null ? ActionDistribution.epsilonGreedy(new double[n], coldStartEpsilon).probabilities()
                    : p.distribution(d.candidates(), d.state(), d.cartValue(), new double[n]).probabilities();
        }

        private static double dot(double[] a, double[] b) {
            double s = 0;
            for (int i = 0; i < a.length; i++) {
                s += a[i] * b[i];
            }
            return s;
        }

        NightCheck check() {
            return new NightCheck(night.candidateEstimates().get("dr"), night.activeEstimates().get("dr"),
                    candidateSum / decisions, servingSum / decisions, night.drDifference(), "PROMOTED".equals(night.outcome()));
        }
    }
}
