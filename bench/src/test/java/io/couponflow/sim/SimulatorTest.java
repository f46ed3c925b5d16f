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
        assertEquals(0, new Shopper("s", Segment.SURE_THING, 1, 1, "c").buyProbability(p20, basket, m)
                - Segment.SURE_THING.baseBuy, 1e-12);
        assertTrue(new Shopper("p", Segment.PERSUADABLE, 1, 1, "c").upliftOf(p20, basket, m) > 0);
        assertTrue(new Shopper("d", Segment.SLEEPING_DOG, 1, 1, "c").upliftOf(p20, basket, m) < 0);
        assertTrue(new Shopper("s", Segment.SURE_THING, 1, 1, "c").upliftOf(p20, basket, m) < 0, "a sure thing's coupon is lost margin");
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
}
