package io.couponflow.core.decision;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.policy.DecisionContext;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionMakerTest {
    private static final int H = 4;
    private final Fakes.Events events = new Fakes.Events();
    private final Fakes.Encoder encoder = new Fakes.Encoder(H);
    private final Fakes.Catalog catalog = new Fakes.Catalog();
    private final Fakes.Budgets budgets = new Fakes.Budgets();
    private final Fakes.Policies policies = new Fakes.Policies();
    private final Fakes.Decisions log = new Fakes.Decisions();

    private DecisionMaker maker(Instant now, double pacingGain) {
        return new DecisionMaker(events, encoder, catalog, budgets, policies, log,
                new DecisionMaker.Settings(20, pacingGain, 1.0), Clock.fixed(now, ZoneOffset.UTC), new SplittableRandom(3));
    }

    /**
     * A greedy policy (ε = 0) whose point estimate puts F5's uplift at {@code uplift} for a cart of 40:
     * P(buy | none) = 0.5 and P(buy | fixed-amount coupon) = 0.5 + b with v = 1, so Q(none) = 0.5 × 40
     * and Q(F5) = (0.5 + b) × (40 − 5).
     */
    private void greedyPolicyPreferringFixed(double uplift) {
        int sd = PolicyFeatures.stateDim(H);
        double[] w = new double[PolicyFeatures.ACTION_DIM * sd];
        w[sd - 1] = 0.5;                                       // row 0: every action
        w[2 * sd + sd - 1] = (uplift + 0.5 * 40 - 0.5 * 35) / 35;   // row 2: fixed-amount coupons
        policies.save(new PolicyVersion("v1", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, sd, w), 1, 0.0), PolicyFeatures.stateVersion("enc-fake"), 0, "CANDIDATE", "{}"));
        policies.promote("v1", null);
    }

    private static DecisionMaker.Request request(String user) {
        return new DecisionMaker.Request(user, new DecisionContext("web", 40, null), null);
    }

    @BeforeEach
    void catalogue() {
        catalog.put(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, 100, 1, true));
    }

    @Test
    void decide_activePolicyTrainedOnAnotherEncoder_isNotUsed() {
        int sd = PolicyFeatures.stateDim(H);
        double[] w = new double[PolicyFeatures.ACTION_DIM * sd];
        w[2 * sd + sd - 1] = 3;
        policies.save(new PolicyVersion("v-old", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, sd, w), 1, 0.0), "enc-previous", 0, "PASSED_GATE", "{}"));
        policies.promote("v-old", null);
        DecisionMaker.Result r = maker(Instant.parse("2026-11-28T12:00:00Z"), 0).decide(request("u"));
        assertTrue(r.reasons().containsAll(List.of(Reason.of(Reason.Code.POLICY_ENCODER_MISMATCH), Reason.of(Reason.Code.COLD_START))), r.reasons().toString());
        assertEquals(DecisionMaker.COLD_START_POLICY, r.policyVersion());
        assertEquals(0.5, r.propensity(), 1e-12, "uniform over none and F5, not the greedy head's choice");
    }

    @Test
    void decide_coldStart_exploresWithItsOwnEpsilonAndLogsTheExactDistribution() {
        catalog.coupons.clear();
        catalog.put(new Coupon("P10", CouponKind.PERCENT, 10, 0, null, null, null, null, null, true));   // no budget, no cap
        DecisionMaker m = new DecisionMaker(events, encoder, catalog, budgets, policies, log,
                new DecisionMaker.Settings(20, 0, 0.3), Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC),
                new SplittableRandom(11));
        int coupons = 0;
        for (int i = 0; i < 2_000; i++) {
            DecisionMaker.Result r = m.decide(request("u" + i));
            assertTrue(r.reasons().contains(Reason.of(Reason.Code.COLD_START)));
            assertEquals(r.coupon() == null ? 0.85 : 0.15, r.propensity(), 1e-12);
            coupons += r.coupon() == null ? 0 : 1;
        }
        assertArrayEquals(new double[]{0.85, 0.15}, log.all.get(0).probabilities(), 1e-12);
        assertEquals(300, coupons, 60, "about 15% of 2,000 get the coupon");
    }

    @Test
    void decide_userCapReached_fallsBackToNoneWithReason() {
        greedyPolicyPreferringFixed(3);
        DecisionMaker m = maker(Instant.parse("2026-11-28T12:00:00Z"), 0);
        assertEquals("F5", m.decide(request("u")).coupon().couponId());
        DecisionMaker.Result second = m.decide(request("u"));
        assertNull(second.coupon());
        assertTrue(second.reasons().contains(Reason.of(Reason.Code.USER_CAP_REACHED, "F5")), second.reasons().toString());
        assertEquals(1.0, second.propensity(), 1e-12, "only none remained");
        assertEquals(1, budgets.total("F5", "2026-11-28"), "the budget unit taken beside the refused cap was given back");
    }

    @Test
    void decide_budgetThrottledOnEveryShard_isNotIssuedAndSaysBusy() {
        greedyPolicyPreferringFixed(3);
        budgets.throttled = true;
        DecisionMaker.Result r = maker(Instant.parse("2026-11-28T12:00:00Z"), 0).decide(request("u"));
        assertNull(r.coupon());
        assertTrue(r.reasons().contains(Reason.of(Reason.Code.BUDGET_BUSY, "F5")), r.reasons().toString());
        assertEquals(0, budgets.caps.get("F5#u"), "the user's cap unit was released");
    }

    @Test
    void decide_readsAndTakesOnAnExecutor_decideAsInTurn() throws Exception {
        greedyPolicyPreferringFixed(3);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            Clock clock = Clock.fixed(Instant.parse("2026-11-28T12:00:00Z"), ZoneOffset.UTC);
            DecisionMaker m = new DecisionMaker(events, encoder, catalog,
                    new CouponBudgets(budgets, CouponBudgets.Settings.defaults(), clock),
                    policies, log, new DecisionMaker.Settings(20, 0, 1.0), clock, ExplorationDraws.shared(new SplittableRandom(3)),
                    LiveShare.everyone(), pool);
            assertEquals("F5", m.decide(request("u")).coupon().couponId());
            DecisionMaker.Result second = m.decide(request("u"));
            assertTrue(second.reasons().contains(Reason.of(Reason.Code.USER_CAP_REACHED, "F5")), second.reasons().toString());
            assertEquals(1, budgets.total("F5", "2026-11-28"));
            assertEquals(1, budgets.reads, "budget use read once for both decisions (cached per container)");
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void decide_budgetRaceLostAfterCapTaken_givesTheCapBack() {
        greedyPolicyPreferringFixed(3);
        budgets.raceLost = true;
        DecisionMaker.Result r = maker(Instant.parse("2026-11-28T12:00:00Z"), 0).decide(request("u"));
        assertNull(r.coupon());
        assertTrue(r.reasons().contains(Reason.of(Reason.Code.BUDGET_EXHAUSTED, "F5")));
        assertEquals(0, budgets.caps.get("F5#u"), "the user's cap unit was released");
    }

    @Test
    void decide_budgetSpentAheadOfTheDay_pacingTurnsTheGreedyChoiceToNone() {
        greedyPolicyPreferringFixed(3);
        budgets.taken.put(Fakes.Budgets.key("F5", "2026-11-28", 0), 90);   // 90% spent at 06:00 (25% of the day)
        DecisionMaker.Result paced = maker(Instant.parse("2026-11-28T06:00:00Z"), 2.0).decide(request("u1"));
        assertNull(paced.coupon(), "penalty 2 x (0.9 - 0.25) x cost 5 = 6.5 > uplift 3");
        DecisionMaker.Result late = maker(Instant.parse("2026-11-28T23:00:00Z"), 2.0).decide(request("u2"));
        assertEquals("F5", late.coupon().couponId(), "on plan late in the day: no penalty");
    }

    @Test
    void decide_encoderBroken_coldStartAndNoStateLogged() {
        greedyPolicyPreferringFixed(3);
        encoder.broken = true;
        DecisionMaker.Result r = maker(Instant.parse("2026-11-28T12:00:00Z"), 0).decide(request("u"));
        assertTrue(r.reasons().containsAll(List.of(Reason.of(Reason.Code.MODEL_UNAVAILABLE), Reason.of(Reason.Code.COLD_START))));
        assertEquals(DecisionMaker.COLD_START_POLICY, r.policyVersion());
        assertEquals(0.5, r.propensity(), 1e-12);
        assertNull(log.all.get(0).state());
    }

    @Test
    void decide_logsDistributionMatchingThePropensity() {
        greedyPolicyPreferringFixed(3);
        DecisionMaker.Result r = maker(Instant.parse("2026-11-28T12:00:00Z"), 0).decide(request("u"));
        DecisionRecord d = log.all.get(0);
        assertEquals(r.decisionId(), d.decisionId());
        assertEquals(d.probabilities()[d.chosenIndex()], d.propensity(), 1e-12);
        assertEquals(3.0, r.expectedUplift(), 1e-12);
        assertEquals(List.of("none", "F5"), d.candidates().stream().map(Candidate::actionId).toList());
    }
}
