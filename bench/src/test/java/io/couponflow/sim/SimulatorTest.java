package io.couponflow.sim;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest {

    @Test
    void sameSeed_sameShoppersVisitsAndDraws() {
        List<Simulator.Visit> a = new Simulator(Market.balanced(300), 5).day(3, 1_000_000);
        List<Simulator.Visit> b = new Simulator(Market.balanced(300), 5).day(3, 1_000_000);
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).session(), b.get(i).session());
            assertEquals(a.get(i).draw(), b.get(i).draw());
        }
    }

    @Test
    void segments_respondAsTheirQuadrant() {
        Market m = Market.balanced(10);
        Market.SimCoupon p20 = m.coupons().get(2);
        double basket = 60;
        assertEquals(0, new Shopper("s", Segment.SURE_THING, 1, 1, "c").buyProbability(p20, basket, m, 0)
                - Segment.SURE_THING.baseBuy, 1e-12);
        assertTrue(new Shopper("p", Segment.PERSUADABLE, 1, 1, "c").upliftOf(p20, basket, m, 0) > 0);
        assertTrue(new Shopper("d", Segment.SLEEPING_DOG, 1, 1, "c").upliftOf(p20, basket, m, 0) < 0);
        assertTrue(new Shopper("s", Segment.SURE_THING, 1, 1, "c").upliftOf(p20, basket, m, 0) < 0, "a sure thing's coupon is lost margin");
    }

    @Test
    void oracle_isAtLeastAsGoodAsEveryBaselineAtEveryVisit() {
        Simulator sim = new Simulator(Market.balanced(500), 9);
        Baselines baselines = new Baselines(sim.market(), sim.day(0, 0));
        for (Simulator.Visit v : sim.day(1, 0)) {
            Map<String, double[]> o = baselines.evaluate(v);
            double oracle = o.get(Baselines.ORACLE)[0];
            for (Map.Entry<String, double[]> e : o.entrySet()) {
                assertTrue(oracle >= e.getValue()[0] - 1e-12, e.getKey() + " beat the oracle at visit " + v.index());
            }
            assertTrue(v.session().get(0).get("type").equals("session_start"));
        }
    }

    @Test
    void habitForming_couponsRaiseTheExpectationThatLowersBuyingWithoutOne_andItFades() {
        Market m = Market.habitForming(10);
        Market.Dynamics d = m.dynamics();
        Shopper sure = new Shopper("s", Segment.SURE_THING, 1, 1, "c");
        assertEquals(0.65, sure.buyProbability(null, 60, m, 0), 1e-12, "no coupons expected: the segment's rate");
        assertEquals(0.65 * (1 - d.habituation() * 0.5), sure.buyProbability(null, 60, m, 1), 1e-12, "one coupon expected: g = 1/2");
        assertEquals(0.65, sure.buyProbability(m.coupon("P10"), 60, m, 1), 1e-12, "a coupon meets the expectation");
        Shopper persuadable = new Shopper("p", Segment.PERSUADABLE, 1, 1, "c");
        assertEquals(0.10 + 0.55 * (1 - d.fatigue() * 0.75), persuadable.buyProbability(m.coupon("P20"), 60, m, 3), 1e-12,
                "a coupon the shopper expects moves them less (fatigue)");

        // one shopper through the simulator: a coupon raises the expectation by one, days without fade it
        Simulator sim = new Simulator(m, 3);
        String id = sim.shoppers().get(0).id();
        Simulator.Visit first = nextVisit(sim, id, 1);
        List<Map<String, Object>> events = sim.outcome(first, "P10", "d1", false, 5_000_000L);
        assertEquals("coupon_shown", events.get(0).get("type"), "the shop logs the coupon it showed");
        Simulator.Visit later = nextVisit(sim, id, first.day() + 1);
        assertEquals((first.habit() + 1) * Math.pow(0.5, (later.day() - first.day()) / d.couponHalfLifeDays()), later.habit(), 1e-12);
    }

    @Test
    void habitForming_someShoppersArriveConditionedByPastPromotions() {
        Market m = Market.habitForming(4_000);
        Simulator sim = new Simulator(m, 5);
        List<Simulator.Visit> day1 = sim.day(1, 86_400_000L);
        long conditioned = day1.stream().filter(v -> v.habit() > 0).count();
        assertEquals(m.dynamics().conditionedShare(), conditioned / (double) day1.size(), 0.06);
        assertTrue(day1.stream().allMatch(v -> v.habit() == 0 || v.habit() == m.dynamics().conditionedExpectation() * Math.pow(0.5, 1 / m.dynamics().couponHalfLifeDays())));
    }

    private static Simulator.Visit nextVisit(Simulator sim, String id, int fromDay) {
        for (int d = fromDay; ; d++) {
            for (Simulator.Visit v : sim.day(d, d * 86_400_000L)) {
                if (v.shopper().id().equals(id)) {
                    return v;
                }
            }
        }
    }

    @Test
    void habitForming_purchasesBringShoppersBack() {
        Market m = Market.habitForming(2_000);
        // two worlds from one seed: everybody buys at every visit in one, nobody in the other
        int buyers = visitsOverDays(new Simulator(m, 4), true);
        int lapsed = visitsOverDays(new Simulator(m, 4), false);
        assertTrue(buyers > 1.5 * lapsed, buyers + " visits when every visit ends in a sale, " + lapsed + " when none does");
        int interactionless = visitsOverDays(new Simulator(Market.balanced(2_000), 4), true);
        int interactionlessToo = visitsOverDays(new Simulator(Market.balanced(2_000), 4), false);
        assertEquals(interactionless, interactionlessToo, "without dynamics a sale changes nothing later");
    }

    private static int visitsOverDays(Simulator sim, boolean bought) {
        int visits = 0;
        for (int d = 1; d <= 20; d++) {
            for (Simulator.Visit v : sim.day(d, d * 86_400_000L)) {
                sim.outcome(v, null, "d", bought, d * 86_400_000L + 1);
                visits += d > 10 ? 1 : 0;
            }
        }
        return visits;
    }
}
