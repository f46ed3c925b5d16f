package io.couponflow.core.learn;

import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.ActionDistribution;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RetrainJobTest {
    private static final Instant NOW = Instant.parse("2026-11-28T23:00:00Z");
    private static final List<Candidate> CANDIDATES = List.of(new Candidate("none", new double[]{1, 0}, 0),
            new Candidate("C", new double[]{1, 1}, 1));

    /**
     * Cold-start logs of encoder "enc-new" over {none, C}, state z = [1], cart 10, margin 0.3: the
     * shopper buys with probability 0.2 without the coupon and 0.6 with it (cost 1), so none earns
     * 0.2 × 3 = 0.6 and C earns 0.6 × (3 − 1) = 1.2 on average.
     */
    private static Fakes.Decisions logs() {
        return logs(0.6);
    }

    /** As {@link #logs()}, the shopper buying with probability {@code withCoupon} when given C. */
    private static Fakes.Decisions logs(double withCoupon) {
        Fakes.Decisions log = new Fakes.Decisions();
        SplittableRandom rnd = new SplittableRandom(4);
        long start = NOW.minus(Duration.ofHours(20)).toEpochMilli();
        for (int i = 0; i < 1_000; i++) {
            int a = rnd.nextInt(2);
            long ts = start + i * 60_000L;
            boolean bought = rnd.nextDouble() < (a == 1 ? withCoupon : 0.2);
            double reward = bought ? 3 - CANDIDATES.get(a).cost() : 0;
            log.record(new DecisionRecord("d" + i, "u" + i, ts, "enc-new", "cold-start", new double[]{1}, 10, CANDIDATES,
                    CANDIDATES.get(a).actionId(), 0.5, new double[]{0.5, 0.5}, 1.0, 0, List.of("COLD_START"),
                    new DecisionRecord.Reward(reward, bought ? 10 : 0, ts + 1, bought ? "p" + i : "window-closed")));
        }
        return log;
    }

    private static RetrainJob job(Fakes.Decisions log, Fakes.Policies policies) {
        return job(log, policies, RetrainJob.Settings.DEFAULT_MAX_DECISIONS);
    }

    private static final PolicyLearner.Settings LEARNER = new PolicyLearner.Settings(0, 4, 1, 30, 1e-4, 0.05,
            Policy.Exploration.EPSILON_GREEDY, 1.0, 7, PolicyLearner.LockInGuard.OFF);
    private static final Duration HORIZON = Duration.ofDays(7);

    private static RetrainJob job(Fakes.Decisions log, Fakes.Policies policies, int maxDecisions) {
        return new RetrainJob(log, policies, new RetrainJob.Settings(14, Duration.ofHours(1), HORIZON, 100, 0.2,
                100, new Bootstrap(200, 0.9, 7), LEARNER, maxDecisions), Clock.fixed(NOW, ZoneOffset.UTC), s -> "{}");
    }

    private static QHead learntOn(List<DecisionRecord> decisions) {
        return new PolicyLearner(LEARNER).learn(TransitionBuilder.build(new java.util.ArrayList<>(decisions), HORIZON),
                () -> false).policy().conversion();
    }

    /** A night that promoted: its summary and the version then serving. */
    private record Promoted(RetrainSummary summary, PolicyVersion serving) {
    }

    /** One night from the cold start over {@code log}, which must promote. */
    private static Promoted promotedFromColdStart(Fakes.Decisions log, BooleanSupplier outOfTime, long millisLeft) {
        Fakes.Policies policies = new Fakes.Policies();
        RetrainSummary s = job(log, policies).run(outOfTime, () -> millisLeft);
        assertEquals("PROMOTED", s.outcome(), s.gateReason());
        return new Promoted(s, policies.active().orElseThrow());
    }

    @Test
    void run_promotedCandidate_servesItsRefitOnEveryDecisionAndKeepsTheOneTheGateJudged() {
        Fakes.Decisions log = logs();

        Promoted night = promotedFromColdStart(log, () -> false, Long.MAX_VALUE);
        PolicyVersion promoted = night.serving();

        // the gate judged the fit on the 800 decisions before the 200 held out; what serves learnt from all 1,000
        assertEquals(learntOn(log.all.subList(0, 800)), promoted.judged().conversion());
        assertEquals(learntOn(log.all), promoted.policy().conversion());
        assertNotEquals(promoted.judged().conversion(), promoted.policy().conversion());
        assertSame(promoted.judged(), PromotionGate.Evaluated.of(promoted).policy(),
                "the next night's gate weighs its candidate against the policy this gate judged");
        RetrainSummary.Refit refit = night.summary().refit();
        assertEquals("SERVED", refit.outcome());
        assertEquals(1_000, refit.transitions());
        assertTrue(refit.expectedMillis() >= 0 && refit.millis() >= 0);
    }

    @Test
    void run_candidateThatGivesNoCoupons_isGuardedAgainstLockInAndTheSummarySaysSo() {
        // C barely moves the sale (0.2 → 0.22) and costs 1: none earns 0.6, C 0.44, so the candidate gives none
        Fakes.Decisions log = logs(0.22);
        PolicyLearner.Settings guarded = new PolicyLearner.Settings(0, 4, 1, 30, 1e-4, 0.005,
                Policy.Exploration.EPSILON_GREEDY, 1.0, 7, new PolicyLearner.LockInGuard(0.03, 0.05));
        Fakes.Policies policies = new Fakes.Policies();
        RetrainSummary s = new RetrainJob(log, policies, new RetrainJob.Settings(14, Duration.ofHours(1), HORIZON, 100,
                0.2, 100, new Bootstrap(200, 0.9, 7), guarded, RetrainJob.Settings.DEFAULT_MAX_DECISIONS),
                Clock.fixed(NOW, ZoneOffset.UTC), x -> "{}").run(() -> false);

        assertTrue(s.lockInGuarded(), "coupon share " + s.couponShare());
        assertTrue(s.couponShare() < 0.03);
        assertEquals(0.05, s.epsilon());
        PolicyVersion stored = policies.get(s.version()).orElseThrow();
        assertEquals(0.05, stored.policy().epsilon(), "the version serves with the guard's ε");
        // ε 0.05 over {none, C}: C keeps 2.5% of every decision, and that is the propensity it logs
        assertEquals(0.025, stored.policy().distribution(CANDIDATES, new double[]{1}, 10, new double[2]).probability(1),
                1e-12);
    }

    @Test
    void run_lessTimeLeftThanTheRefitNeeds_servesThePolicyTheGateJudgedAndSaysWhy() {
        Fakes.Decisions log = logs();

        // no time at all left in the budget: even a fit of a few milliseconds is expected to overrun it
        Promoted night = promotedFromColdStart(log, () -> false, -1);

        assertNull(night.serving().judged());
        assertEquals(learntOn(log.all.subList(0, 800)), night.serving().policy().conversion());
        assertEquals("SKIPPED_TIME", night.summary().refit().outcome());
        assertEquals(0, night.summary().refit().transitions());
    }

    @Test
    void run_deadlineReachedBeforeTheRefit_servesThePolicyTheGateJudged() {
        Fakes.Decisions log = logs();

        Promoted night = promotedFromColdStart(log, () -> true, Long.MAX_VALUE);

        assertNull(night.serving().judged());
        assertEquals(learntOn(log.all.subList(0, 800)), night.serving().policy().conversion());
        assertEquals("SKIPPED_DEADLINE", night.summary().refit().outcome());
    }

    @Test
    void run_candidateKept_isStoredAsJudgedWithoutARefit() {
        Fakes.Decisions log = logs();
        Fakes.Policies policies = new Fakes.Policies();
        // a serving policy that already gives the coupon to everyone: the candidate does not beat it
        policies.save(new PolicyVersion("v-old", Policy.greedy(new QHead(2, 1, new double[]{0.2, 0.4}), 0.3, 0), "enc-new", 0,
                "PASSED_GATE", "{}"));
        policies.promote("v-old", null);

        RetrainSummary s = job(log, policies).run(() -> false);

        assertEquals("KEPT_AS_CANDIDATE", s.outcome(), s.gateReason());
        assertNull(s.refit(), "nothing promoted, nothing refitted");
        PolicyVersion kept = policies.get(s.version()).orElseThrow();
        assertNull(kept.judged());
        assertEquals(learntOn(log.all.subList(0, 800)), kept.policy().conversion());
    }

    @Test
    void run_moreDecisionsThanTheCap_learnsFromASampleOfShoppersAndSaysTheRate() {
        Fakes.Decisions log = logs();
        RetrainSummary all = job(log, new Fakes.Policies()).run(() -> false);
        assertEquals(1.0, all.data().samplingRate(), 0);
        assertEquals(1_000, all.data().decisionsSampled());

        RetrainSummary s = job(log, new Fakes.Policies(), 600).run(() -> false);
        assertTrue(s.data().decisionsSampled() <= 600 && s.data().decisionsSampled() > 550, s.data().toString());
        assertEquals(s.data().decisionsSampled() / 1_000.0, s.data().samplingRate(), 0.05, "one decision per user here");
        assertEquals(600, s.data().maxDecisions());
        assertTrue(s.data().decisionsRead() <= 660, "reads pass the cap by little: " + s.data().decisionsRead());
    }

    @Test
    void run_servingPolicyOfAnotherEncoder_isJudgedAsTheColdStartThatReallyServed() {
        Fakes.Decisions log = logs();
        Fakes.Policies policies = new Fakes.Policies();
        // the serving head prefers "none"; it was trained on another encoder's states
        policies.save(new PolicyVersion("v-old", Policy.greedy(new QHead(2, 1, new double[]{1, -1}), 0.3, 0.05), "enc-old", 0,
                "PASSED_GATE", "{}"));
        policies.promote("v-old", null);

        RetrainSummary s = job(log, policies).run(() -> false);

        double loggedMean = log.all.subList(800, 1_000).stream().mapToDouble(DecisionRecord::rewardValue).average().orElseThrow();
        assertEquals(loggedMean, s.activeEstimates().get("ips").value(), 1e-9,
                "the serving policy is evaluated by the probabilities that logged the held-out decisions");
        assertEquals("PROMOTED", s.outcome(), s.gateReason());
        assertEquals(4, s.posteriorDraws());
        assertEquals(0.3, s.valuePerCart(), 1e-9, "(reward + cost) / cart of every sale");
        PolicyVersion promoted = policies.active().orElseThrow();
        assertEquals("enc-new", promoted.encoderVersion());
        assertEquals(4, promoted.policy().draws().size());
        ActionDistribution d = promoted.policy().distribution(CANDIDATES, new double[]{1}, 10, new double[2]);
        assertEquals(1, d.greedy(), "the new policy gives the coupon, pessimism included");
        assertEquals(1.2 - 0.6, promoted.policy().uplift(CANDIDATES, new double[]{1}, 10, 1), 0.2);
        assertTrue(d.probability(1) > 0.9);
    }

    @Test
    void run_decisionsServedByTheBaseline_areNeitherLearntFromNorJudgedOn() {
        Fakes.Decisions log = logs();
        // every other decision of the first 800 and of the held-out 200 served a baseline that always gave C
        Fakes.Decisions mixed = new Fakes.Decisions();
        for (int i = 0; i < log.all.size(); i++) {
            DecisionRecord d = log.all.get(i);
            if (i % 2 == 1) {
                boolean bought = d.reward().orderValue() > 0;
                d = new DecisionRecord(d.decisionId(), d.userId(), d.ts(), d.encoderVersion(), DecisionRecord.BASELINE_POLICY,
                        d.state(), d.cartValue(), CANDIDATES, "C", 1.0, new double[]{0, 1}, 0, 0, List.of("BASELINE"),
                        new DecisionRecord.Reward(bought ? 2 : 0, bought ? 10 : 0, d.ts() + 1, d.reward().source()), "C",
                        new DecisionRecord.Shadow("none", 0.5, new double[]{0.5, 0.5}, "cold-start", 1.0, 0));
            }
            mixed.record(d);
        }
        RetrainSummary s = job(mixed, new Fakes.Policies()).run(() -> false);
        assertEquals(500, s.data().baselineServed());
        assertEquals(100, s.data().heldOutDecisions(), "20% of the 500 couponflow served");
        assertEquals(400, s.data().transitions(), "only couponflow's own actions are transitions");
        double loggedMean = mixed.all.stream().filter(d -> !d.servedByBaseline()).skip(400)
                .mapToDouble(DecisionRecord::rewardValue).average().orElseThrow();
        assertEquals(loggedMean, s.activeEstimates().get("ips").value(), 1e-9,
                "the cold start is judged on the decisions it served, by the probabilities it logged");
    }

    @Test
    void run_tooFewDecisionsToLearn_stillStoresTheNightsAbReport() {
        Fakes.Decisions log = new Fakes.Decisions();
        long ts = NOW.minus(Duration.ofHours(30)).toEpochMilli();   // past the default 24-hour window
        DecisionRecord.Reward sale = new DecisionRecord.Reward(2, 10, ts + 1, "p1");
        log.record(new DecisionRecord("d1", "u1", ts, "enc-new", "cold-start", new double[]{1}, 10, CANDIDATES, "C", 0.5,
                new double[]{0.5, 0.5}, 1.0, 0, List.of("COLD_START"), sale, "none", null));
        log.record(new DecisionRecord("d2", "u2", ts, "enc-new", DecisionRecord.BASELINE_POLICY, new double[]{1}, 10,
                CANDIDATES, "none", 1, new double[]{1, 0}, 0, 0, List.of("BASELINE"), null, "none",
                new DecisionRecord.Shadow("none", 0.5, new double[]{0.5, 0.5}, "cold-start", 1.0, 0)));
        Fakes.Reports reports = new Fakes.Reports();
        RetrainJob.Settings settings = RetrainJob.Settings.defaults();
        RetrainSummary s = new RetrainJob(log, new Fakes.Policies(), settings, Clock.fixed(NOW, ZoneOffset.UTC), x -> "{}", day -> List.of(),
                new io.couponflow.core.report.AbReporter(reports, r -> r.live().decisions() + " live, "
                        + r.baseline().decisions() + " baseline, difference " + r.incrementalProfit().value()))
                .run(() -> false);
        assertEquals("INSUFFICIENT_DATA", s.outcome());
        assertEquals("1 live, 1 baseline, difference 2.0", reports.latest().orElseThrow());
        assertEquals(NOW.toEpochMilli(), reports.computedAt);
    }

    @Test
    void settings_reportLongerThanTheLookback_isRefused() {
        RetrainJob.Settings d = RetrainJob.Settings.defaults();
        assertEquals(7, d.reportDays());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new RetrainJob.Settings(d.lookbackDays(), d.attributionWindow(), d.horizon(), d.minTransitions(),
                        d.heldOutShare(), d.minHeldOut(), d.bootstrap(), d.learner(), d.maxDecisions(), d.lookbackDays() + 1));
        assertTrue(e.getMessage().contains("reportDays"), e.getMessage());
    }
}
