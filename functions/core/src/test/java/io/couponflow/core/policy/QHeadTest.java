package io.couponflow.core.policy;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QHeadTest {

    @Test
    void q_isTheBilinearForm() {
        // W = [[1, 2], [3, 4], [5, 6]], phi = [1, 0, 2], z = [0.5, -1] -> phi^T W z = (0.5 - 2) + 2 (2.5 - 6) = -8.5
        QHead h = new QHead(3, 2, new double[]{1, 2, 3, 4, 5, 6});
        assertEquals(-8.5, h.q(new double[]{1, 0, 2}, new double[]{0.5, -1}), 1e-12);
    }

    @Test
    void construction_refusesWrongSizeAndNonFiniteWeights() {
        assertThrows(IllegalArgumentException.class, () -> new QHead(2, 2, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new QHead(1, 1, new double[]{Double.NaN}));
    }

    @Test
    void features_noneAndCouponDifferOnlyInActionRows() {
        DecisionContext ctx = new DecisionContext("web", 80, "shoes");
        double[] none = PolicyFeatures.none();
        double[] fixed = PolicyFeatures.coupon(new io.couponflow.core.coupon.Coupon("c", io.couponflow.core.coupon.CouponKind.FIXED,
                10, 0, "shoes", null, null, null, null, true), ctx, null);
        assertArrayEquals(new double[]{1, 0, 0, 0, 0, 0, 0, 0}, none, 0, "none: only the shared row");
        assertEquals(1, fixed[0]);
        assertEquals(1, fixed[1], "any coupon");
        assertEquals(1, fixed[2], "fixed amount");
        assertEquals(10.0 / 80, fixed[5], 1e-12);
        assertEquals(10.0 / 50, fixed[6], 1e-12);
        assertEquals(1, fixed[7], "category match");
        List<BehaviourEvent> window = List.of(BehaviourEvent.of("2", "u", EventType.VIEW, 2),
                BehaviourEvent.of("1", "u", EventType.VIEW, 1));
        double[] z = PolicyFeatures.state(new float[]{0.5f}, 0.3, ctx, window);
        assertEquals(PolicyFeatures.stateDim(1), z.length);
        assertEquals(1.0, z[z.length - 1]);
        assertEquals(0.3, z[1 + 5], 1e-12);
        assertEquals(0.4, z[1 + PolicyFeatures.COUNTS + EventType.VIEW.ordinal()], 1e-12, "two views");
    }
}
