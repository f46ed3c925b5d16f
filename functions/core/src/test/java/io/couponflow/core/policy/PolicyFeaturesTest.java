package io.couponflow.core.policy;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
