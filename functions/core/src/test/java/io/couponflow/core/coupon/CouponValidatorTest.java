package io.couponflow.core.coupon;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

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
    void validate_peakIssuesPerSecond_isKeptAndSizesTheShards() {
        CouponValidator.Outcome o = v.validate("FLASH", Map.of("kind", "fixed", "value", 5, "dailyBudget", 2_000_000,
                "peakIssuesPerSecond", 12_000));
        assertTrue(o.valid(), o.errors().toString());
        assertEquals(12_000.0, o.coupon().peakIssuesPerSecond());
        assertEquals(24, BudgetShards.count(o.coupon()));
        assertEquals(0.25, v.validate("SLOW", Map.of("kind", "fixed", "value", 5, "dailyBudget", 10,
                "peakIssuesPerSecond", 0.25)).coupon().peakIssuesPerSecond(), "a fractional rate is a rate");
    }

    @ParameterizedTest
    @MethodSource("badPeakRates")
    void validate_badPeakIssuesPerSecond_isRefusedWithFieldAndCode(Map<String, Object> body, String field, ErrorCode code) {
        CouponValidator.Outcome o = v.validate("FLASH", body);
        assertTrue(!o.valid(), "accepted " + body);
        assertEquals(List.of(field + " " + code), o.errors().stream().map(e -> e.field() + " " + e.code()).toList());
    }

    static Stream<Arguments> badPeakRates() {
        return Stream.of(
                Arguments.of(peak(0), "peakIssuesPerSecond", ErrorCode.OUT_OF_RANGE),
                Arguments.of(peak(-3), "peakIssuesPerSecond", ErrorCode.OUT_OF_RANGE),
                Arguments.of(peak(BudgetShards.MAX_PEAK_ISSUES_PER_SECOND + 1), "peakIssuesPerSecond", ErrorCode.OUT_OF_RANGE),
                Arguments.of(peak(Double.NaN), "peakIssuesPerSecond", ErrorCode.OUT_OF_RANGE),
                Arguments.of(peak("fast"), "peakIssuesPerSecond", ErrorCode.WRONG_TYPE),
                Arguments.of(with(peak(1_000), "budgetShards", 4), "peakIssuesPerSecond", ErrorCode.CONFLICTING_FIELDS),
                Arguments.of(Map.of("kind", "fixed", "value", 5, "peakIssuesPerSecond", 1_000), "dailyBudget",
                        ErrorCode.MISSING_FIELD));
    }

    private static Map<String, Object> peak(Object rate) {
        return Map.of("kind", "fixed", "value", 5, "dailyBudget", 1_000, "peakIssuesPerSecond", rate);
    }

    private static Map<String, Object> with(Map<String, Object> body, String key, Object value) {
        Map<String, Object> m = new HashMap<>(body);
        m.put(key, value);
        return m;
    }

    @Test
    void cost_byKind() {
        assertEquals(5, new Coupon("a", CouponKind.FIXED, 5, 0, null, null, null, null, null, true).cost(40), 1e-12);
        assertEquals(3, new Coupon("a", CouponKind.FIXED, 5, 0, null, null, null, null, null, true).cost(3), 1e-12);
        assertEquals(4.9, new Coupon("a", CouponKind.FREE_SHIPPING, 4.9, 0, null, null, null, null, null, true).cost(40), 1e-12);
    }
}
