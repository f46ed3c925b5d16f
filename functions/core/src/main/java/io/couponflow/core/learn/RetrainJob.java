package io.couponflow.core.learn;

import io.couponflow.core.coupon.BudgetDay;
import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.decision.UserHash;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.report.AbReporter;
import io.couponflow.core.reward.RewardAttributor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * One retraining run: read closed decisions, build transitions, learn a policy, judge it on held-out
 * logs, store it as a new version, and promote it only if the gate says so. The version is written
 * before the ACTIVE pointer moves, and the pointer moves by one conditional write, so a crash at any
 * point leaves the serving policy intact; a run near its deadline stops iterating and still saves.
 *
 * <p>Decisions that served the shop's baseline (users outside the live share) are left out as actions:
 * the baseline is a deterministic rule (propensity 1), so no other action has a positive logged
 * probability there and the gate's importance weights are undefined; and the rule may use what the shop
 * knows and the logged state does not (the demo's targets shoppers by their true purchase propensity), so
 * its coupons' outcomes are confounded with its choice. They still serve as the next state s' of a
 * couponflow decision before them (TransitionBuilder); comparing them with live users is the A/B
 * report's job, not the gate's.
 */
public final class RetrainJob {

    /**
     * @param lookbackDays      days of decisions read (default 14)
     * @param attributionWindow a decision without a reward is closed (reward 0) this long after it was made
     * @param horizon           the next decision of the same user within this is s' (else terminal)
     * @param minTransitions    fewer usable transitions than this: no training
     * @param heldOutShare      time-ordered share of decisions for the promotion gate (default 0.2)
     * @param minHeldOut        fewer held-out decisions than this: no promotion (PromotionGate)
     * @param learner           what the policy learner does (γ, posterior draws, exploration)
     * @param maxDecisions      most decisions a night reads and learns from: above it, a uniform random
     *                          sample of shoppers (UserSample); default 200,000, which reads and learns
     *                          well within the Lambda's time budget (README "Scale")
     * @param reportDays        days of decisions the nightly A/B report covers (AbReporter; default 7, at
     *                          most lookbackDays: the report reads the night's sample)
     */
    public record Settings(int lookbackDays, Duration attributionWindow, Duration horizon, int minTransitions,
                           double heldOutShare, int minHeldOut, Bootstrap bootstrap, PolicyLearner.Settings learner,
                           int maxDecisions, int reportDays) {
        public static final int DEFAULT_MAX_DECISIONS = 200_000;
        public static final int DEFAULT_REPORT_DAYS = 7;

        /** The defaults; the attribution window is RewardAttributor's, the one ingest credits by. */
        public static Settings defaults() {
            return new Settings(14, RewardAttributor.Settings.DEFAULT_WINDOW, Duration.ofDays(7), 150, 0.2, 40,
                    new Bootstrap(200, 0.9, 7), PolicyLearner.Settings.defaults(), DEFAULT_MAX_DECISIONS,
                    DEFAULT_REPORT_DAYS);
        }

        /** Settings with the default report period. */
        public Settings(int lookbackDays, Duration attributionWindow, Duration horizon, int minTransitions,
                        double heldOutShare, int minHeldOut, Bootstrap bootstrap, PolicyLearner.Settings learner,
                        int maxDecisions) {
            this(lookbackDays, attributionWindow, horizon, minTransitions, heldOutShare, minHeldOut, bootstrap, learner,
                    maxDecisions, Math.min(DEFAULT_REPORT_DAYS, lookbackDays));
        }

        /** Settings with the default cap on decisions read. */
        public Settings(int lookbackDays, Duration attributionWindow, Duration horizon, int minTransitions,
                        double heldOutShare, int minHeldOut, Bootstrap bootstrap, PolicyLearner.Settings learner) {
            this(lookbackDays, attributionWindow, horizon, minTransitions, heldOutShare, minHeldOut, bootstrap, learner,
                    DEFAULT_MAX_DECISIONS);
        }

        public Settings {
            if (maxDecisions < 1) {
                throw new IllegalArgumentException("maxDecisions must be >= 1, got " + maxDecisions);
            }
            if (reportDays < 1 || reportDays > lookbackDays) {
                throw new IllegalArgumentException("reportDays must be in [1, lookbackDays = " + lookbackDays + "], got "
                        + reportDays);
            }
        }
    }

    private static final DateTimeFormatter VERSION = DateTimeFormatter.ofPattern("'v'yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final DecisionLog log;
    private final PolicyStore policies;
    private final Settings s;
    private final Clock clock;
    private final Function<RetrainSummary, String> toJson;
    private final Function<String, List<BudgetDay>> budgetReport;
    private final AbReporter reporter;

    /** A job that reports no budgets and no A/B (the offline loop, benches). */
    public RetrainJob(DecisionLog log, PolicyStore policies, Settings settings, Clock clock,
                      Function<RetrainSummary, String> toJson) {
        this(log, policies, settings, clock, toJson, day -> List.of(), null);
    }

    /**
     * @param budgetReport how each budgeted coupon's budget went on a UTC day ({@code BudgetDayReport::forDay}):
     *                     the run reports the day before it in its summary, stored with the version it makes
     * @param reporter     computes and stores the nightly A/B report (null: none)
     */
    public RetrainJob(DecisionLog log, PolicyStore policies, Settings settings, Clock clock,
                      Function<RetrainSummary, String> toJson, Function<String, List<BudgetDay>> budgetReport,
                      AbReporter reporter) {
        this.log = log;
        this.policies = policies;
        this.s = settings;
        this.clock = clock;
        this.toJson = toJson;
        this.budgetReport = budgetReport;
        this.reporter = reporter;
    }

    /**
     * A run with a time budget from now: learning stops once it is spent (and the run still saves), and a
     * promoted candidate's refit starts only when its expected time fits in what is left of it.
     */
    public RetrainSummary run(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        return run(() -> System.nanoTime() > deadline, () -> (deadline - System.nanoTime()) / 1_000_000);
    }

    /** {@link #run(BooleanSupplier, LongSupplier)} with no limit on the time left but the predicate. */
    public RetrainSummary run(BooleanSupplier outOfTime) {
        return run(outOfTime, () -> Long.MAX_VALUE);
    }

    /**
     * One night: read, report, learn, judge, save, and promote what passed.
     *
     * @param outOfTime  true once the time budget is spent (learning stops early and the run still saves)
     * @param millisLeft what remains of the time budget: a promoted candidate's refit starts only when its
     *                   expected time fits in it, so a refit never runs the function past its timeout
     */
    public RetrainSummary run(BooleanSupplier outOfTime, LongSupplier millisLeft) {
        long runStart = System.nanoTime();
        Instant now = clock.instant();
        List<BudgetDay> budgets = budgetReport.apply(DecisionMaker.day(now.minus(Duration.ofDays(1))));
        long readStart = System.nanoTime();
        UserSample.Result sample = read(now);
        long readMillis = (System.nanoTime() - readStart) / 1_000_000;
        List<DecisionRecord> all = sample.decisions();
        if (reporter != null) {
            // before learning: a night with too little to learn from still reports what the groups realised
            reporter.run(all, now, s.reportDays(), s.attributionWindow(), s.bootstrap(), sample.rate());
        }
        List<DecisionRecord> closed = closedOfNewestEncoder(all, now);
        String encoder = closed.isEmpty() ? null : closed.get(closed.size() - 1).encoderVersion();
        Optional<PolicyVersion> active = policies.active();
        String activeVersion = active.map(PolicyVersion::version).orElse(null);
        // the newest decisions judge; the candidate learns from the ones before them (what serves after a
        // promotion is its refit on all of them, below)
        List<DecisionRecord> served = closed.stream().filter(d -> !d.servedByBaseline()).toList();
        int heldFrom = (int) Math.floor(served.size() * (1 - s.heldOutShare()));
        List<DecisionRecord> heldOut = served.subList(heldFrom, served.size());
        int trainUntil = heldOut.isEmpty() ? closed.size() : closed.indexOf(heldOut.get(0));
        List<Transition> transitions = TransitionBuilder.build(new ArrayList<>(closed.subList(0, trainUntil)), s.horizon());
        RetrainSummary.Data data = new RetrainSummary.Data(sample.read(), closed.size(), transitions.size(), heldOut.size(),
                closed.size() - served.size(), all.size(), sample.rate(), s.maxDecisions(), readMillis);
        if (transitions.size() < s.minTransitions() || heldOut.isEmpty()) {
            return RetrainSummary.insufficient(data, activeVersion, s.learner().gamma(),
                    "need " + s.minTransitions() + " transitions, have " + transitions.size(), runStart, budgets);
        }
        long t0 = System.nanoTime();
        PolicyLearner.Result learnt = new PolicyLearner(s.learner()).learn(transitions, outOfTime);
        long learnMillis = (System.nanoTime() - t0) / 1_000_000;
        if (learnt.policy() == null) {
            return RetrainSummary.insufficient(data, activeVersion, s.learner().gamma(), learnt.stoppedBy(), runStart,
                    budgets);
        }
        Policy candidate = learnt.policy();

        // a serving policy made for another encoder's states is not what served these decisions
        // (DecisionMaker fell back to the cold start for them)
        Optional<PolicyVersion> comparable = active.filter(a -> a.servesEncoder(encoder));
        PromotionGate.Evaluated current = comparable.map(PromotionGate.Evaluated::of).orElse(PromotionGate.Evaluated.coldStart());
        // the model of DM and DR: the candidate's Q (its expected reward, and with γ > 0 what follows)
        PromotionGate.RewardModel rewardModel = d -> candidate.q(d.candidates(), d.state(), d.cartValue());
        PromotionGate.Verdict verdict = new PromotionGate(s.bootstrap(), s.minHeldOut(), longRun(closed))
                .judge(heldOut, new PromotionGate.Evaluated(candidate), current, rewardModel);

        String version = VERSION.format(now) + "-" + Integer.toHexString(Long.hashCode(now.toEpochMilli() ^ closed.size()) & 0xffff);
        // A candidate that passed serves as its refit on every closed decision, the held-out ones
        // included: the newest decisions are the ones the serving policy has least data on, and holding
        // them back from what serves cost the offline loop 5-13 points of the oracle on seeds 13-24
        // (README "Learning"). The version keeps the policy the gate judged, and later gates weigh
        // their candidates against that one, never against a policy that learnt from their held-out.
        Policy toServe = candidate;
        Policy judged = null;
        RetrainSummary.Refit refit = null;
        if (verdict.promote()) {
            List<Transition> everything = TransitionBuilder.build(new ArrayList<>(closed), s.horizon());
            // a fit's time grows with the transitions (the Gram matrix); a fifth more for the noise of a busy host
            long expected = (long) Math.ceil(learnMillis * 1.2 * everything.size() / transitions.size());
            if (outOfTime.getAsBoolean()) {
                refit = new RetrainSummary.Refit("SKIPPED_DEADLINE", 0, 0, expected);
            } else if (expected > millisLeft.getAsLong()) {
                refit = new RetrainSummary.Refit("SKIPPED_TIME", 0, 0, expected);
            } else {
                long r0 = System.nanoTime();
                Policy p = new PolicyLearner(s.learner()).learn(everything, outOfTime).policy();
                long refitMillis = (System.nanoTime() - r0) / 1_000_000;
                refit = new RetrainSummary.Refit(p == null ? "NO_SALE" : "SERVED", everything.size(), refitMillis, expected);
                if (p != null) {
                    toServe = p;
                    judged = candidate;
                }
            }
        }
        RetrainSummary pending = RetrainSummary.trained(verdict.promote() ? "PROMOTED" : "KEPT_AS_CANDIDATE", version,
                activeVersion, verdict.promote() ? version : activeVersion, data, s.learner(), learnt, verdict,
                learnMillis, runStart, budgets, refit);
        policies.save(new PolicyVersion(version, toServe, encoder, now.toEpochMilli(),
                verdict.promote() ? "PASSED_GATE" : "REJECTED", toJson.apply(pending), judged));
        if (verdict.promote() && !policies.promote(version, activeVersion)) {
            return RetrainSummary.trained("PROMOTION_CONFLICT", version, activeVersion,
                    policies.active().map(PolicyVersion::version).orElse(null), data, s.learner(), learnt, verdict,
                    learnMillis, runStart, budgets, refit);
        }
        return pending;
    }

    /** γ and each decision's successor (the same shopper's next decision within the horizon), for the gate. */
    private PromotionGate.LongRun longRun(List<DecisionRecord> closed) {
        if (s.learner().gamma() == 0) {
            return PromotionGate.LongRun.MYOPIC;
        }
        java.util.Map<String, DecisionRecord> next = new java.util.HashMap<>();
        java.util.Map<String, DecisionRecord> lastOfUser = new java.util.HashMap<>();
        for (DecisionRecord d : closed) {   // time order
            DecisionRecord previous = lastOfUser.put(d.userId(), d);
            if (previous != null && d.ts() - previous.ts() <= s.horizon().toMillis()) {
                next.put(previous.decisionId(), d);
            }
        }
        return new PromotionGate.LongRun(s.learner().gamma(), d -> next.get(d.decisionId()));
    }

    /**
     * The decisions of the lookback, of a uniform random sample of shoppers when there are more than
     * maxDecisions ({@link UserSample}); the arc starts at a point drawn from the seed and the night, so
     * each night samples other shoppers.
     */
    private UserSample.Result read(Instant now) {
        List<String> days = new ArrayList<>();
        for (int d = s.lookbackDays(); d >= 0; d--) {
            days.add(DecisionMaker.day(now.minus(Duration.ofDays(d))));
        }
        long night = LocalDate.ofInstant(now, ZoneOffset.UTC).toEpochDay();
        long start = new SplittableRandom(s.learner().seed() * 31 + night).nextLong(UserHash.SPACE);
        return UserSample.read(log, days, start, s.maxDecisions());
    }

    /**
     * Decisions whose attribution window has closed, with a state, of the newest encoder (states of
     * different encoders are not comparable), in time order. A decision still in its window is left
     * out even when a sale is already credited to it: taking those and not the open ones without a
     * sale would overstate how often shoppers buy.
     */
    private List<DecisionRecord> closedOfNewestEncoder(List<DecisionRecord> all, Instant now) {
        long cutoff = now.toEpochMilli() - s.attributionWindow().toMillis();
        List<DecisionRecord> closed = new ArrayList<>(all.stream()
                .filter(d -> d.ts() <= cutoff)
                .filter(d -> d.state() != null)
                .toList());
        closed.sort(Comparator.comparingLong(DecisionRecord::ts));
        String encoder = closed.isEmpty() ? null : closed.get(closed.size() - 1).encoderVersion();
        closed.removeIf(d -> !Objects.equals(d.encoderVersion(), encoder));
        return closed;
    }
}
