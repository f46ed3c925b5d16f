package io.couponflow.core.reward;

import io.couponflow.core.policy.Candidate;
import io.couponflow.core.Fakes;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

public class RewardAttributorTest {
    private static final long H = 3_600_000;

    public static DecisionRecord decision(String id, String user, long ts, String chosen, double cost) {
        List<Candidate> cands = List.of(new Candidate("none", new double[]{1, 1}, 0),
                new Candidate("C10", new double[]{1, 0}, cost));
        return new DecisionRecord(id, user, ts, "enc", "v1", new double[]{1}, 10.0, cands, chosen, 0.5, new double[]{0.5, 0.5},
                1.0, 0, List.of(), null);
    }

    private static BehaviourEvent purchase(String id, String user, long ts, double value) {
        return new BehaviourEvent(id, user, EventType.PURCHASE, ts, null, null, null, null, value, null, null, null);
    }

    @Test
    void attribute_lastOpenDecisionInWindow_getsMarginMinusCouponCost() {
        Fakes.Decisions log = new Fakes.Decisions();
        log.record(decision("d1", "u", 10 * H, "none", 0));
        log.record(decision("d2", "u", 11 * H, "C10", 10));
        RewardAttributor attributor = new RewardAttributor(log, new RewardAttributor.Settings(Duration.ofHours(24), 0.3));

        assertEquals(1, attributor.attribute(List.of(purchase("p1", "u", 12 * H, 100))));
        assertEquals(100 * 0.3 - 10, log.all.get(1).reward().value(), 1e-12);
        assertNull(log.all.get(0).reward(), "earlier decision stays open (last touch)");

        assertEquals(0, attributor.attribute(List.of(purchase("p1", "u", 12 * H, 100))), "a replay adds nothing");
        assertNull(log.all.get(0).reward());
    }

    @Test
    void attribute_outsideWindowOrBeforeDecision_isIgnored() {
        Fakes.Decisions log = new Fakes.Decisions();
        log.record(decision("d1", "u", 10 * H, "none", 0));
        RewardAttributor attributor = new RewardAttributor(log, new RewardAttributor.Settings(Duration.ofHours(1), 0.3));
        assertEquals(0, attributor.attribute(List.of(purchase("late", "u", 12 * H, 50))));
        assertEquals(0, attributor.attribute(List.of(purchase("early", "u", 9 * H, 50))));
        assertEquals(0, attributor.attribute(List.of(new BehaviourEvent("v", "u", EventType.VIEW, 10 * H + 5, null, null,
                null, null, null, null, null, null))));
        assertNull(log.all.get(0).reward());
    }
}
