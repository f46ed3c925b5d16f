package io.couponflow.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.bench.Stats;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.features.FeatureEncoder;
import io.couponflow.core.learn.PolicyLearner;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.policy.Policy;
import io.couponflow.onnx.FeatureSpecs;
import io.couponflow.onnx.OnnxSequenceEncoder;
import io.couponflow.testing.RepoRoot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The whole learning cycle in one process, many times: the same simulated shop as the demo, the same
 * DecisionMaker, RewardAttributor and RetrainJob as the functions, with the functions' own default
 * settings (core's {@code defaults()}), on in-memory stores and a simulated clock, so a 14-day run
 * takes seconds instead of minutes. It measures what a setting earns across markets and seeds on the
 * simulator's ground truth, and how the gate's estimates compare with that truth.
 *
 * <pre>OfflineLoop [--markets balanced,price-sensitive,loyal] [--market-file PATH] [--seeds 6] [--first-seed 1 | --seed N] [--days 14]
 *             [--shoppers 1500] [--epsilon E] [--cold-start-epsilon E] [--draws K] [--draw-scale S]
 *             [--exploration thompson|epsilon_greedy] [--pessimism K] [--min-held-out N] [--gamma G]
 *             [--lock-in-share S] [--lock-in-epsilon E] [--early-decisions N] [--early-coupon-spread S]
 *             [--early-lock-in-epsilon E] [--force-promote] [--exploration-run K] [--verbose]</pre>
 * Every learning option defaults to the functions' default; options change it for every market alike.
 */
public final class OfflineLoop {
    /**
     * Simulated shoppers buy right after the checkout that asked for a decision, and the night comes
     * at the end of the day: an hour closes every decision of the day (the functions' 24 h would let
     * each night learn only from the day before).
     */
    static final Duration LOOP_ATTRIBUTION_WINDOW = Duration.ofHours(1);

    private OfflineLoop() {
    }

    public static void main(String[] args) {
        List<String> markets = List.of("balanced", "price-sensitive", "loyal");
        Path marketFile = null;
        int seeds = 6;
        int firstSeed = 1;
        int days = 14;
        int shoppers = 1500;
        boolean verbose = false;
        boolean forcePromote = false;
        int explorationRun = 0;
        DecisionMaker.Settings decisions = DecisionMaker.Settings.defaults();
        RetrainJob.Settings r = RetrainJob.Settings.defaults();
        PolicyLearner.Settings l = r.learner();
        for (int i = 0; i < args.length; i++) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--markets" -> markets = List.of(args[++i].split(","));
                case "--market-file" -> marketFile = Path.of(args[++i]);
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--first-seed" -> firstSeed = Integer.parseInt(args[++i]);
                case "--seed" -> {   // one seed only, e.g. the one a demo ran
                    firstSeed = Integer.parseInt(args[++i]);
                    seeds = 1;
                }
                case "--days" -> days = Integer.parseInt(args[++i]);
                case "--shoppers" -> shoppers = Integer.parseInt(args[++i]);
                case "--verbose" -> verbose = true;
                case "--force-promote" -> forcePromote = true;
                case "--exploration-run" -> explorationRun = Integer.parseInt(args[++i]);
                case "--cold-start-epsilon" -> decisions = new DecisionMaker.Settings(decisions.window(), decisions.pacingGain(),
                        Double.parseDouble(args[++i]));
                case "--min-held-out" -> r = new RetrainJob.Settings(r.lookbackDays(), r.attributionWindow(), r.horizon(),
                        r.minTransitions(), r.heldOutShare(), Integer.parseInt(args[++i]), r.bootstrap(), r.learner());
                case "--epsilon", "--draws", "--draw-scale", "--exploration", "--pessimism", "--gamma", "--lock-in-share",
                     "--lock-in-epsilon", "--early-decisions", "--early-coupon-spread", "--early-lock-in-epsilon" -> {
                    l = learner(l, args[i], v);
                    i++;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        RetrainJob.Settings retrain = new RetrainJob.Settings(r.lookbackDays(), LOOP_ATTRIBUTION_WINDOW, r.horizon(),
                r.minTransitions(), r.heldOutShare(), r.minHeldOut(), r.bootstrap(), l);
        LoopRun.Options o = new LoopRun.Options(days, Math.min(4, days), decisions, retrain, forcePromote, verbose,
                explorationRun);
        System.out.printf(Locale.ROOT, "offline loop: %d days, %d shoppers; cold-start epsilon %.2f; gamma %.2f, %s with %d draws "
                        + "at scale %.2f, epsilon %.3f, pessimism %.1f; lock-in guard epsilon %.2f below %.0f%% coupons; "
                        + "below %d decisions a coupon spread %.2f and lock-in epsilon %.2f; min held-out %d%s%s%n",
                days, shoppers, decisions.coldStartEpsilon(), l.gamma(), l.exploration(), l.posteriorDraws(), l.drawScale(),
                l.epsilon(), l.pessimism(), l.lockIn().epsilon(), 100 * l.lockIn().minCouponShare(), l.early().decisions(),
                l.early().couponSpread(), l.early().lockInEpsilon(), retrain.minHeldOut(),
                forcePromote ? "; every candidate promoted" : "",
                explorationRun == 0 ? "" : "; exploration run " + explorationRun);
        System.out.println("incremental expected profit per 1,000 checkouts over the last " + o.lastDays()
                + " days (learned over all days in brackets)");
        List<Market> toRun = new ArrayList<>();
        if (marketFile != null) {
            toRun.add(MarketFile.read(marketFile, shoppers));
        } else {
            for (String m : markets) {
                toRun.add(Market.named(m, shoppers));
            }
        }
        FeatureEncoder features = new FeatureEncoder(FeatureSpecs.fromClasspath(new ObjectMapper()));
        try (OnnxSequenceEncoder encoder = OnnxSequenceEncoder.load(
                RepoRoot.find().resolve("model/simulated/encoder.onnx"), features)) {
            for (Market market : toRun) {
                List<LoopRun.Outcome> runs = new ArrayList<>();
                double[][] rules = new double[RuleWorld.Rule.values().length][seeds];
                for (int seed = firstSeed; seed < firstSeed + seeds; seed++) {
                    LoopRun.Outcome out = LoopRun.run(new Simulator(market, seed), encoder, o);
                    runs.add(out);
                    System.out.println(seedLine(market.name(), seed, out.lastDays().get(Baselines.LEARNED),
                            out.learnedAllDays(), out.lastDays().get(Baselines.NONE), out.lastDays().get(Baselines.RANDOM),
                            out.lastDays().get(Baselines.BEST), out.lastDays().get(Baselines.PROPENSITY),
                            out.lastDays().get(Baselines.ORACLE)));
                    if (market.dynamics() != null) {
                        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                                "%-16s seed %d: total profit per shopper over %d days: learned %.2f", market.name(), seed, days,
                                out.totalProfitPerShopper()));
                        for (RuleWorld.Rule rule : RuleWorld.Rule.values()) {
                            rules[rule.ordinal()][seed - firstSeed] = RuleWorld.totalProfitPerShopper(new Simulator(market, seed), rule, days);
                            line.append(String.format(Locale.ROOT, " %s %.2f", rule.label, rules[rule.ordinal()][seed - firstSeed]));
                        }
                        System.out.println(line);
                    }
                }
                summarise(market.name(), runs);
                if (market.dynamics() != null) {
                    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                            "%s total profit per shopper over %d days: learned %.2f", market.name(), days,
                            runs.stream().mapToDouble(LoopRun.Outcome::totalProfitPerShopper).average().orElse(Double.NaN)));
                    for (RuleWorld.Rule rule : RuleWorld.Rule.values()) {
                        line.append(String.format(Locale.ROOT, " %s %.2f", rule.label,
                                Arrays.stream(rules[rule.ordinal()]).average().orElse(Double.NaN)));
                    }
                    System.out.println(line);
                }
            }
        }
    }

    private static PolicyLearner.Settings learner(PolicyLearner.Settings l, String option, String value) {
        double gamma = l.gamma();
        int draws = l.posteriorDraws();
        double scale = l.drawScale();
        double epsilon = l.epsilon();
        Policy.Exploration exploration = l.exploration();
        double pessimism = l.pessimism();
        PolicyLearner.LockInGuard lockIn = l.lockIn();
        PolicyLearner.EarlyExploration early = l.early();
        switch (option) {
            case "--gamma" -> gamma = Double.parseDouble(value);
            case "--draws" -> draws = Integer.parseInt(value);
            case "--draw-scale" -> scale = Double.parseDouble(value);
            case "--epsilon" -> epsilon = Double.parseDouble(value);
            case "--exploration" -> exploration = Policy.Exploration.valueOf(value.toUpperCase(Locale.ROOT));
            case "--pessimism" -> pessimism = Double.parseDouble(value);
            case "--lock-in-share" -> lockIn = new PolicyLearner.LockInGuard(Double.parseDouble(value), lockIn.epsilon());
            case "--lock-in-epsilon" -> lockIn = new PolicyLearner.LockInGuard(lockIn.minCouponShare(),
                    Double.parseDouble(value));
            case "--early-decisions" -> early = new PolicyLearner.EarlyExploration(Integer.parseInt(value),
                    early.couponSpread(), early.lockInEpsilon());
            case "--early-coupon-spread" -> early = new PolicyLearner.EarlyExploration(early.decisions(),
                    Double.parseDouble(value), early.lockInEpsilon());
            case "--early-lock-in-epsilon" -> early = new PolicyLearner.EarlyExploration(early.decisions(),
                    early.couponSpread(), Double.parseDouble(value));
            default -> throw new IllegalArgumentException(option);
        }
        return new PolicyLearner.Settings(gamma, draws, scale, l.maxIterations(), l.tolerance(), epsilon, exploration,
                pessimism, l.seed(), lockIn, early);
    }

    /**
     * One seed's line: each baseline's incremental profit per 1,000 checkouts over the last days, the
     * learned policy's over all days in brackets ({@link PairedRuns} reads these lines back).
     */
    static String seedLine(String market, int seed, double learned, double learnedAllDays, double none, double random,
                           double best, double propensity, double oracle) {
        return String.format(Locale.ROOT, "%-16s seed %d: learned %6.0f (%6.0f) | none %4.0f  random %6.0f  best-for-all %6.0f"
                + "  propensity %6.0f  oracle %5.0f", market, seed, learned, learnedAllDays, none, random, best, propensity, oracle);
    }

    /** The per-market summary line, then how the gate's DR estimates compared with the truth night by night. */
    static void summarise(String market, List<LoopRun.Outcome> runs) {
        double[] learned = runs.stream().mapToDouble(r -> r.lastDays().get(Baselines.LEARNED)).toArray();
        double oracle = runs.stream().mapToDouble(r -> r.lastDays().get(Baselines.ORACLE)).average().orElse(Double.NaN);
        double mean = Arrays.stream(learned).average().orElse(Double.NaN);
        System.out.printf(Locale.ROOT, "%-16s learned mean %6.0f  min %6.0f  max %6.0f  beats no-coupon in %d/%d  "
                        + "%.0f%% of the oracle's %.0f  all days %.0f%n", market, mean,
                Arrays.stream(learned).min().orElse(Double.NaN), Arrays.stream(learned).max().orElse(Double.NaN),
                Arrays.stream(learned).filter(v -> v > 0).count(), learned.length, 100 * mean / oracle, oracle,
                runs.stream().mapToDouble(LoopRun.Outcome::learnedAllDays).average().orElse(Double.NaN));
        List<LoopRun.NightCheck> nights = runs.stream().flatMap(r -> r.nights().stream()).toList();
        if (nights.isEmpty()) {
            return;
        }
        double errCandidate = nights.stream().mapToDouble(n -> Math.abs(n.candidate().value() - n.truthCandidate())
                / Math.abs(n.truthCandidate())).average().orElse(Double.NaN);
        double errServing = nights.stream().mapToDouble(n -> Math.abs(n.serving().value() - n.truthServing())
                / Math.abs(n.truthServing())).average().orElse(Double.NaN);
        long coveredCandidate = nights.stream().filter(LoopRun.NightCheck::candidateCovered).count();
        long coveredServing = nights.stream().filter(LoopRun.NightCheck::servingCovered).count();
        long meanCovered = nights.stream().filter(n -> n.candidateMeanCovered() && n.servingMeanCovered()).count();
        long promoted = nights.stream().filter(LoopRun.NightCheck::promoted).count();
        long promotedBetter = nights.stream().filter(n -> n.promoted() && n.truthCandidate() > n.truthServing()).count();
        long keptBetter = nights.stream().filter(n -> !n.promoted() && n.truthCandidate() > n.truthServing()).count();
        System.out.printf(Locale.ROOT, "%-16s OPE calibration, %d nights: DR mean relative error candidate %.1f%%, serving %.1f%%; "
                        + "90%% interval covers the next day's truth: candidate %d/%d (%.0f%%), serving %d/%d (%.0f%%); "
                        + "gate promoted %d (truly better %d), kept %d (truly better %d); the interval of the mean alone "
                        + "covers both on %.0f%% of nights%n",
                market, nights.size(), 100 * errCandidate, 100 * errServing, coveredCandidate, nights.size(),
                100.0 * coveredCandidate / nights.size(), coveredServing, nights.size(), 100.0 * coveredServing / nights.size(),
                promoted, promotedBetter, nights.size() - promoted, keptBetter, 100.0 * meanCovered / nights.size());
        // which side the misses fall on, and the typical error (a median: one night's DR on a few large
        // weights can be off by 30 and would swamp a mean)
        long candidateBelow = nights.stream().filter(n -> n.truthCandidate() < n.candidate().dayLower()).count();
        long servingBelow = nights.stream().filter(n -> n.truthServing() < n.serving().dayLower()).count();
        System.out.printf(Locale.ROOT, "%-16s OPE misses: the next day's truth below the interval / above it: candidate %d / %d, "
                        + "serving %d / %d; median DR minus truth: candidate %+.3f, serving %+.3f%n", market,
                candidateBelow, nights.size() - coveredCandidate - candidateBelow, servingBelow,
                nights.size() - coveredServing - servingBelow,
                Stats.median(nights.stream().mapToDouble(n -> n.candidate().value() - n.truthCandidate()).toArray()),
                Stats.median(nights.stream().mapToDouble(n -> n.serving().value() - n.truthServing()).toArray()));
    }
}
