package io.couponflow.core.policy;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PolicyFeaturesTest {
    private static final long HOUR = 3_600_000L;
    private static final long NEWEST = 100 * 24 * HOUR;

    private static BehaviourEvent event(EventType type, long ts) {
        return new BehaviourEvent("e-" + ts, "u-1", type, ts, null, null, null, null,
                type == EventType.PURCHASE ? 40.0 : null, null, null, "s-1");
    }

    @Test
    void recency_countsWholeHoursOverThirtyDays_andIsOneWithoutSuchAnEvent() {
        List<BehaviourEvent> window = List.of(event(EventType.VIEW, NEWEST), event(EventType.PURCHASE, NEWEST - 36 * HOUR - 59_999),
                event(EventType.COUPON_SHOWN, NEWEST - 45 * 24 * HOUR));
        assertEquals(36 / 24.0 / 30, PolicyFeatures.recency(window, NEWEST, EventType.PURCHASE), 1e-12);
        assertEquals(1, PolicyFeatures.recency(window, NEWEST, EventType.COUPON_SHOWN), 1e-12);   // past the cap
        assertEquals(1, PolicyFeatures.recency(window, NEWEST, EventType.ADD_TO_CART), 1e-12);    // none in the window
    }

    @Test
    void recency_doesNotMoveWithMillisecondsOfClockJitter() {
        for (long jitter : new long[]{0, 1, 17, 999, 59_999}) {
            List<BehaviourEvent> window = List.of(event(EventType.VIEW, NEWEST + jitter), event(EventType.PURCHASE, NEWEST - 5_000));
            assertEquals(0, PolicyFeatures.recency(window, NEWEST + jitter, EventType.PURCHASE), 1e-12);
        }
    }

    @Test
    void sessionDuration_runsFromTheNewestSessionStart_logScaledAndCapped() {
        long start = NEWEST - 600_000;   // this session began 600 s before its newest event
        List<BehaviourEvent> window = List.of(event(EventType.ADD_TO_CART, NEWEST), event(EventType.VIEW, NEWEST - 60_000),
                event(EventType.SESSION_START, start), event(EventType.PURCHASE, start - 24 * HOUR),
                event(EventType.SESSION_START, start - 25 * HOUR));
        assertEquals(Math.log1p(600) / Math.log1p(8 * 3600.0), PolicyFeatures.sessionDuration(window), 1e-12);
        // no session_start in the window: the session counts from the oldest event the window holds
        List<BehaviourEvent> cut = List.of(event(EventType.VIEW, NEWEST), event(EventType.VIEW, NEWEST - 30_000));
        assertEquals(Math.log1p(30) / Math.log1p(8 * 3600.0), PolicyFeatures.sessionDuration(cut), 1e-12);
        assertEquals(1, PolicyFeatures.sessionDuration(List.of(event(EventType.VIEW, NEWEST),
                event(EventType.SESSION_START, NEWEST - 30 * HOUR))), 1e-12, "capped at 8 hours");
        assertEquals(0, PolicyFeatures.sessionDuration(List.of()), 1e-12);
        // a quick view-and-add reads far shorter than a slow one with the same counts
        List<BehaviourEvent> quick = List.of(event(EventType.ADD_TO_CART, NEWEST), event(EventType.VIEW, NEWEST - 5_000),
                event(EventType.SESSION_START, NEWEST - 35_000));
        List<BehaviourEvent> slow = List.of(event(EventType.ADD_TO_CART, NEWEST), event(EventType.VIEW, NEWEST - 900_000),
                event(EventType.SESSION_START, NEWEST - 1_800_000));
        assertTrue(PolicyFeatures.sessionDuration(slow) - PolicyFeatures.sessionDuration(quick) > 0.3);
    }

    @Test
    void stateBlocks_separateTheSessionFromTheShoppersHistory() {
        int hidden = 4;
        int[] b = PolicyFeatures.stateBlocksOf(PolicyFeatures.stateDim(hidden));
        int counts = hidden + PolicyFeatures.COUNTS;
        for (EventType t : EventType.values()) {
            boolean history = t == EventType.PURCHASE || t == EventType.COUPON_SHOWN || t == EventType.COUPON_REDEEMED;
            assertEquals(history ? 3 : 2, b[counts + t.ordinal()], t.wireName());
        }
        assertEquals(2, b[hidden + PolicyFeatures.DURATION], "the session's duration");
        assertEquals(3, b[hidden + PolicyFeatures.RECENCY], "days since the last purchase");
        assertEquals(3, b[hidden + PolicyFeatures.RECENCY + 1], "days since the last coupon");
        assertEquals(PolicyFeatures.CONTEXT_DIM, PolicyFeatures.RECENCY + 2, "the recencies close the context");
        for (int j = 0; j < hidden; j++) {
            assertEquals(0, b[j]);
        }
        for (int j = hidden; j < counts; j++) {
            assertEquals(1, b[j]);
        }
    }

    @Test
    void state_holdsTheSessionDurationBetweenTheCountsAndTheRecency() {
        List<BehaviourEvent> window = List.of(event(EventType.ADD_TO_CART, NEWEST), event(EventType.SESSION_START, NEWEST - 120_000));
        double[] z = PolicyFeatures.state(new float[]{0.1f, 0.2f}, 0.4, new DecisionContext("app", 30, null), window);
        assertEquals(PolicyFeatures.stateDim(2), z.length);
        assertEquals(PolicyFeatures.sessionDuration(window), z[2 + PolicyFeatures.DURATION], 1e-12);
        assertEquals(0.2, z[2 + PolicyFeatures.COUNTS + EventType.ADD_TO_CART.ordinal()], 1e-12);
        assertEquals(1, z[2 + PolicyFeatures.RECENCY], 1e-12, "no purchase in the window");
        assertEquals(1, z[z.length - 1], 1e-12);
    }
}
