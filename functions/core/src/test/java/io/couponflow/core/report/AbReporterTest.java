package io.couponflow.core.report;

import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.Candidate;
import io.couponflow.core.policy.PolicyFeatures;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AbReporterTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration WINDOW = Duration.ofHours(1);
    private static final Bootstrap BOOTSTRAP = new Bootstrap(200, 0.9, 7);
    private static final List<Candidate> CANDIDATES = List.of(new Candidate("none", PolicyFeatures.none(), 0),
            new Candidate("F5", new double[]{1, 1, 1, 0, 0, 0.1, 0.1, 0}, 5));
    private static int ids;

    /**
     * A closed decision {@code hoursAgo} before NOW; {@code shadow} non-null: the baseline served and
     * couponflow would have chosen {@code shadow}; {@code sale}: a purchase of 50 at margin 0.3 was credited.
     */
    private static DecisionRecord decision(String user, double hoursAgo, String chosen, String baseline, String shadow,
                                           boolean sale) {
        long ts = NOW.toEpochMilli() - (long) (hoursAgo * 3_600_000);
        double cost = chosen.equals("F5") ? 5 : 0;
        DecisionRecord.Reward reward = new DecisionRecord.Reward(sale ? 15 - cost : 0, sale ? 50 : 0, ts + 1,
                sale ? "p" + ids : "window-closed");
        return new DecisionRecord("d" + ids++, user, ts, "enc", shadow == null ? "v1" : DecisionRecord.BASELINE_POLICY,
                new double[]{1}, 50, CANDIDATES, chosen, shadow == null ? 0.5 : 1, new double[]{0.5, 0.5}, 0, 0,
                List.of(), reward, baseline,
                shadow == null ? null : new DecisionRecord.Shadow(shadow, 0.5, new double[]{0.5, 0.5}, "v1", 0, 0));
    }

    private static List<DecisionRecord> handMade() {
        return List.of(
                decision("live-1", 30, "F5", "none", null, true),      // reward 10, spend 5, disagrees
                decision("live-1", 20, "none", "none", null, false),   // reward 0, agrees
                decision("live-2", 10, "none", "F5", null, true),      // reward 15, disagrees
                decision("base-1", 40, "F5", "F5", "F5", false),       // reward 0, couponflow agrees
                decision("base-2", 5, "none", "none", "F5", true),     // reward 15, couponflow would have given F5
                decision("other", 3, "none", null, null, true),        // no baseline: in neither group
                decision("late", 0.5, "F5", "F5", null, true),         // window still open
                decision("old", 24 * 8, "F5", "F5", null, true));      // before the 7 days
    }

    @Test
    void compute_handMadeDecisions_groupsByWhoServedAndComparesTheirMeans() {
        AbReport r = AbReporter.compute(handMade(), NOW, 7, WINDOW, BOOTSTRAP, 0.5);

        assertEquals(NOW.toEpochMilli(), r.computedAt());
        assertEquals(NOW.minus(Duration.ofDays(7)).toEpochMilli(), r.from());
        assertEquals(NOW.minus(WINDOW).toEpochMilli(), r.to());
        assertEquals(7, r.days());
        assertEquals(0.5, r.samplingRate(), 0);
        assertEquals(0.9, r.confidence(), 0);

        AbReport.Group live = r.live();
        assertEquals(2, live.users());
        assertEquals(3, live.decisions());
        assertEquals(25.0 / 3, live.rewardPerDecision().value(), 1e-12);
        assertEquals(2, live.conversions());
        assertEquals(1, live.couponsIssued());
        assertEquals(5, live.couponSpend(), 0, "the coupon given at a decision a sale was credited to");
        assertEquals(new AbReport.Agreement(3, 1, 1.0 / 3), live.agreement());

        AbReport.Group baseline = r.baseline();
        assertEquals(2, baseline.users());
        assertEquals(2, baseline.decisions());
        assertEquals(7.5, baseline.rewardPerDecision().value(), 1e-12);
        assertEquals(1, baseline.conversions());
        assertEquals(1, baseline.couponsIssued());
        assertEquals(0, baseline.couponSpend(), 0, "its coupon's shopper did not buy");
        assertEquals(new AbReport.Agreement(2, 1, 0.5), baseline.agreement());

        assertEquals(25.0 / 3 - 7.5, r.incrementalProfit().value(), 1e-12);
        assertEquals(new AbReport.Agreement(5, 2, 0.4), r.agreement());
        assertEquals(1, r.withoutBaseline());
        assertEquals(1, r.stillOpen());

        for (AbReport.Interval i : List.of(live.rewardPerDecision(), baseline.rewardPerDecision(), r.incrementalProfit())) {
            assertTrue(i.lower() <= i.value() && i.value() <= i.upper(), i.toString());
            assertTrue(i.upper() > i.lower(), "shoppers differ, so resamples differ: " + i);
        }
        // a shopper's mean lies within what the group's shoppers realised
        assertTrue(live.rewardPerDecision().lower() >= 5 && live.rewardPerDecision().upper() <= 15, live.toString());
    }

    @Test
    void compute_isReproducible() {
        assertEquals(AbReporter.compute(handMade(), NOW, 7, WINDOW, BOOTSTRAP, 1),
                AbReporter.compute(handMade(), NOW, 7, WINDOW, BOOTSTRAP, 1));
    }

    @Test
    void compute_oneGroupEmpty_hasNoMeanNoDifference() {
        List<DecisionRecord> liveOnly = handMade().stream().filter(d -> !d.servedByBaseline()).toList();
        AbReport r = AbReporter.compute(liveOnly, NOW, 7, WINDOW, BOOTSTRAP, 1);
        assertEquals(0, r.baseline().decisions());
        assertEquals(0, r.baseline().users());
        assertNull(r.baseline().rewardPerDecision());
        assertNull(r.baseline().agreement().rate());
        assertNull(r.incrementalProfit());
        assertEquals(3, r.live().decisions());

        AbReport nothing = AbReporter.compute(List.of(), NOW, 7, WINDOW, BOOTSTRAP, 1);
        assertNull(nothing.live().rewardPerDecision());
        assertNull(nothing.agreement().rate());
        assertEquals(0, nothing.withoutBaseline());
    }

    @Test
    void compute_shorterPeriod_leavesOlderDecisionsOut() {
        AbReport oneDay = AbReporter.compute(handMade(), NOW, 1, WINDOW, BOOTSTRAP, 1);
        assertEquals(2, oneDay.live().decisions(), "the decision 30 hours ago is out");
        assertEquals(1, oneDay.baseline().decisions(), "the one 40 hours ago is out");
        assertThrows(IllegalArgumentException.class, () -> AbReporter.compute(handMade(), NOW, 0, WINDOW, BOOTSTRAP, 1));
    }

    /**
     * Many decisions of each shopper: two groups with a true difference of 2 per decision and shoppers
     * whose own level varies. The interval resamples shoppers, so it is as wide as the shoppers'
     * spread makes it; the same decisions treated as one shopper each would be narrower.
     */
    @Test
    void compute_manyShoppers_intervalResamplesShoppersAndFindsTheDifference() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<DecisionRecord> clustered = new ArrayList<>();
        List<DecisionRecord> spread = new ArrayList<>();
        for (int u = 0; u < 200; u++) {
            boolean live = u % 2 == 0;
            boolean buyer = rnd.nextDouble() < 0.5;   // a shopper buys at every decision or at none
            for (int k = 0; k < 10; k++) {
                boolean sale = buyer && (live || k < 8);   // live shoppers buy 10 times in 10, baseline 8
                DecisionRecord d = decision("u" + u, 2 + k, "none", "none", live ? null : "none", sale);
                clustered.add(d);
                spread.add(decision("u" + u + "-" + k, 2 + k, "none", "none", live ? null : "none", sale));
            }
        }
        AbReport c = AbReporter.compute(clustered, NOW, 7, WINDOW, BOOTSTRAP, 1);
        AbReport s = AbReporter.compute(spread, NOW, 7, WINDOW, BOOTSTRAP, 1);
        assertEquals(c.incrementalProfit().value(), s.incrementalProfit().value(), 1e-12, "same decisions, same means");
        double widthClustered = c.incrementalProfit().upper() - c.incrementalProfit().lower();
        double widthSpread = s.incrementalProfit().upper() - s.incrementalProfit().lower();
        assertTrue(widthClustered > 2 * widthSpread, widthClustered + " vs " + widthSpread);
        assertEquals(100, c.live().users());
        assertEquals(1000, c.live().decisions());
        assertEquals(1.0, c.agreement().rate(), 0);
    }

    @Test
    void run_storesTheReportAsJson() {
        Fakes.Reports store = new Fakes.Reports();
        AbReport r = new AbReporter(store, report -> "{\"live\":" + report.live().decisions() + "}")
                .run(handMade(), NOW, 7, WINDOW, BOOTSTRAP, 1);
        assertEquals("{\"live\":3}", store.latest().orElseThrow());
        assertEquals(r.computedAt(), store.computedAt);
    }
}
