package io.couponflow.core.coupon;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CouponValidatorTest {
    private final CouponValidator v = new CouponValidator();

    @Test
    void validate_fullCoupon_isAccepted() {
        CouponValidator.Outcome o = v.validate("SPRING-10", Map.of("kind", "percent", "value", 10, "minSpend", 30,
                "category", "shoes", "validFrom", "2026-12-01T00:00:00Z", "validTo", "2026-12-31T00:00:00Z",
                "dailyBudget", 100, "perUserCap", 2, "active", true));
        assertTrue(o.valid(), o.errors().toString());
        assertEquals(3.0, o.coupon().cost(30), 1e-12);
    }

    @Test
    void validate_faults_areEachReported() {
        CouponValidator.Outcome o = v.validate("X", Map.of("kind", "percent", "value", 95, "dailyBudget", 1.5,
                "validFrom", "2026-12-02T00:00:00Z", "validTo", "2026-12-01T00:00:00Z", "active", "yes"));
        assertEquals(Map.of("value", ErrorCode.OUT_OF_RANGE, "dailyBudget", ErrorCode.OUT_OF_RANGE,
                        "validTo", ErrorCode.OUT_OF_RANGE, "active", ErrorCode.WRONG_TYPE),
                o.errors().stream().collect(java.util.stream.Collectors.toMap(FieldError::field, FieldError::code)));
        assertEquals(ErrorCode.MISSING_FIELD, v.validate("X", Map.of("value", 1)).errors().get(0).code());
        assertEquals(ErrorCode.OUT_OF_RANGE, v.validate("X", Map.of("kind", "fixed", "value", 0)).errors().get(0).code());
    }

    @Test
    void cost_byKind() {
        assertEquals(5, new Coupon("a", CouponKind.FIXED, 5, 0, null, null, null, null, null, true).cost(40), 1e-12);
        assertEquals(3, new Coupon("a", CouponKind.FIXED, 5, 0, null, null, null, null, null, true).cost(3), 1e-12);
        assertEquals(4.9, new Coupon("a", CouponKind.FREE_SHIPPING, 4.9, 0, null, null, null, null, null, true).cost(40), 1e-12);
    }
}
