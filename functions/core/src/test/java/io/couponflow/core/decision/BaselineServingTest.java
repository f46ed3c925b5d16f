package io.couponflow.core.decision;

import io.couponflow.core.Fakes;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.policy.DecisionContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shadow mode: the shop's baseline served outside the live share, couponflow's choice logged beside it. */
class BaselineServingTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final Fakes.Events events = new Fakes.Events();
    private final Fakes.Catalog catalog = new Fakes.Catalog();
    private final Fakes.Budgets budgets = new Fakes.Budgets();
    private final Fakes.Policies policies = new Fakes.Policies();
    private final Fakes.Decisions log = new Fakes.Decisions();

    private DecisionMaker maker(double liveShare) {
        return new DecisionMaker(events, new Fakes.Encoder(4), catalog, budgets, policies, log,
                new DecisionMaker.Settings(20, 0, 1.0), Clock.fixed(NOW, ZoneOffset.UTC), ExplorationDraws.shared(new SplittableRandom(5)),
                new LiveShare(liveShare, "test"));
    }

    private static DecisionMaker.Request request(String user, double cart, List<String> candidates, String baseline) {
        return new DecisionMaker.Request(user, new DecisionContext("web", cart, null), candidates,
                new DecisionMaker.Baseline(baseline));
    }

    @BeforeEach
    void catalogue() {
        catalog.put(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, 100, 1, true));
        catalog.put(new Coupon("P10", CouponKind.PERCENT, 10, 30, null, null, null, null, null, true));
    }

    @Test
    void decide_userOutsideLiveShare_servesTheBaselineWithPropensityOneAndLogsTheShadow() {
        DecisionMaker.Result r = maker(0).decide(request("u1", 40, null, "F5"));
        assertEquals("F5", r.coupon().couponId());
        assertEquals(1.0, r.propensity());
        assertEquals(DecisionRecord.BASELINE_POLICY, r.policyVersion());
        assertTrue(r.has(Reason.Code.BASELINE), r.reasons().toString());
        assertEquals(1, budgets.taken.get(Fakes.Budgets.key("F5", "2026-11-28", 0)), "the served baseline takes the budget");
        assertEquals(1, budgets.caps.get("F5#u1"), "and the user's cap");

        DecisionRecord d = log.last();
        assertTrue(d.servedByBaseline());
        assertEquals("F5", d.chosen());
        assertEquals("F5", d.baseline());
        assertEquals(1.0, d.propensity());
        double[] oneHot = new double[d.candidates().size()];
        oneHot[d.chosenIndex()] = 1;
        assertArrayEquals(oneHot, d.probabilities(), "the baseline is deterministic");
        DecisionRecord.Shadow s = d.shadow();
        assertNotNull(s);
        assertEquals(DecisionMaker.COLD_START_POLICY, s.policyVersion());
        assertEquals(1.0, Arrays.stream(s.probabilities()).sum(), 1e-12);
        assertEquals(d.candidates().size(), s.probabilities().length);
        int shadowIndex = d.candidates().stream().map(c -> c.actionId()).toList().indexOf(s.chosen());
        assertEquals(s.probabilities()[shadowIndex], s.propensity(), 1e-12, "the shadow's propensity is its own draw's");
        assertEquals(s.chosen(), d.couponflowChoice());
    }

    @Test
    void decide_liveUser_couponflowServesAndTheBaselineIsLoggedBeside() {
        DecisionMaker.Result r = maker(1).decide(request("u1", 40, null, "P10"));
        assertFalse(r.has(Reason.Code.BASELINE));
        assertEquals(DecisionMaker.COLD_START_POLICY, r.policyVersion());
        DecisionRecord d = log.last();
        assertEquals("P10", d.baseline());
        assertNull(d.shadow());
        assertFalse(d.servedByBaseline());
        assertEquals(d.chosen(), d.couponflowChoice());
    }

    @Test
    void decide_withoutBaseline_isServedByCouponflowWhateverTheShare() {
        DecisionMaker.Result r = maker(0).decide(new DecisionMaker.Request("u1", new DecisionContext("web", 40, null), null));
        assertFalse(r.has(Reason.Code.BASELINE));
        assertNull(log.last().baseline());
        assertNull(log.last().shadow());
    }

    @Test
    void decide_baselineNone_servesNoneWithPropensityOne() {
        DecisionMaker.Result r = maker(0).decide(request("u1", 40, null, null));
        assertNull(r.coupon());
        assertEquals(1.0, r.propensity());
        assertEquals(DecisionRecord.NONE, log.last().chosen());
        assertEquals(DecisionRecord.NONE, log.last().baseline());
        assertTrue(budgets.taken.isEmpty());
    }

    @Test
    void decide_baselineCapReached_servesNoneWithTheReason() {
        DecisionMaker m = maker(0);
        assertEquals("F5", m.decide(request("u1", 40, null, "F5")).coupon().couponId());
        DecisionMaker.Result second = m.decide(request("u1", 40, null, "F5"));
        assertNull(second.coupon());
        assertTrue(second.reasons().contains(Reason.of(Reason.Code.USER_CAP_REACHED, "F5")), second.reasons().toString());
        assertEquals(1.0, second.propensity());
        DecisionRecord d = log.last();
        assertEquals(DecisionRecord.NONE, d.chosen());
        assertEquals("F5", d.baseline(), "the shop's choice is kept for the agreement rate");
        assertFalse(d.candidates().stream().anyMatch(c -> c.actionId().equals("F5")), "F5 was not available after all");
    }

    @Test
    void decide_baselineBudgetSpent_servesNone() {
        catalog.put(new Coupon("F5", CouponKind.FIXED, 5, 0, null, null, null, 0, null, true));
        DecisionMaker.Result r = maker(0).decide(request("u1", 40, null, "F5"));
        assertNull(r.coupon());
        assertTrue(r.reasons().contains(Reason.of(Reason.Code.BUDGET_EXHAUSTED, "F5")), r.reasons().toString());
    }

    @Test
    void decide_unknownNotOfferedOrIneligibleBaseline_isRefusedBeforeAnythingIsTakenOrLogged() {
        for (double share : new double[]{0, 1}) {
            DecisionMaker m = maker(share);
            DecisionMaker.Result unknown = m.decide(request("u1", 40, null, "GHOST"));
            assertEquals(DecisionMaker.BaselineRefusal.Kind.UNKNOWN, unknown.refusal().kind());
            DecisionMaker.Result notOffered = m.decide(request("u1", 40, List.of("P10"), "F5"));
            assertEquals(DecisionMaker.BaselineRefusal.Kind.NOT_OFFERED, notOffered.refusal().kind());
            DecisionMaker.Result ineligible = m.decide(request("u1", 20, null, "P10"));
            assertEquals(DecisionMaker.BaselineRefusal.Kind.INELIGIBLE, ineligible.refusal().kind());
            assertEquals(Reason.Code.BELOW_MIN_SPEND, ineligible.refusal().reason().code());
            assertTrue(ineligible.refusal().message().contains("BELOW_MIN_SPEND"), ineligible.refusal().message());
        }
        assertTrue(log.all.isEmpty(), "nothing logged");
        assertTrue(budgets.taken.isEmpty() && budgets.caps.isEmpty(), "nothing taken");
    }

    @Test
    void decide_halfLiveShare_splitsUsersStablyByHash() {
        DecisionMaker m = maker(0.5);
        int baseline = 0;
        for (int i = 0; i < 1_000; i++) {
            boolean first = m.decide(request("user-" + i, 40, null, null)).has(Reason.Code.BASELINE);
            boolean again = m.decide(request("user-" + i, 40, null, null)).has(Reason.Code.BASELINE);
            assertEquals(first, again, "a user stays in the group");
            baseline += first ? 1 : 0;
        }
        assertEquals(500, baseline, 50);
    }
}
