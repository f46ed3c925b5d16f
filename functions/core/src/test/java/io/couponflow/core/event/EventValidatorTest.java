package io.couponflow.core.event;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventValidatorTest {
    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final long T = NOW.toEpochMilli();
    private final EventValidator validator = new EventValidator(EventLimits.defaults());

    private static Map<String, Object> view() {
        Map<String, Object> m = new HashMap<>();
        m.put("eventId", "e-1");
        m.put("userId", "user 1 (opaque, spaces allowed)");
        m.put("type", "view");
        m.put("ts", T - 1_000);
        m.put("itemId", "sku-9");
        m.put("price", 19.99);
        return m;
    }

    private static Map<String, Object> with(String key, Object value) {
        Map<String, Object> m = view();
        if (value == null) {
            m.remove(key);
        } else {
            m.put(key, value);
        }
        return m;
    }

    @Test
    void validate_goodView_yieldsEventWithEveryField() {
        EventValidator.Outcome o = validator.validate(view(), NOW);
        assertTrue(o.valid());
        assertEquals(EventType.VIEW, o.event().type());
        assertEquals(T - 1_000, o.event().ts());
        assertEquals(19.99, o.event().price());
        assertNull(o.event().orderValue());
    }

    @Test
    void validate_bigDecimalAndIntegralDoubleTimestamps_areAccepted() {
        assertTrue(validator.validate(with("price", new BigDecimal("5.25")), NOW).valid());
        assertTrue(validator.validate(with("ts", (double) (T - 5)), NOW).valid());
    }

    static Stream<Arguments> faults() {
        Map<String, Object> purchaseWithoutValue = with("type", "purchase");
        Map<String, Object> redeemWithoutCoupon = with("type", "coupon_redeemed");
        Map<String, Object> searchWithoutQuery = with("type", "search");
        return Stream.of(
                Arguments.of(with("eventId", null), "eventId", ErrorCode.MISSING_FIELD),
                Arguments.of(with("eventId", ""), "eventId", ErrorCode.INVALID_STRING),
                Arguments.of(with("eventId", "a#b"), "eventId", ErrorCode.INVALID_STRING),
                Arguments.of(with("eventId", "x".repeat(129)), "eventId", ErrorCode.INVALID_STRING),
                Arguments.of(with("eventId", 12), "eventId", ErrorCode.WRONG_TYPE),
                Arguments.of(with("userId", null), "userId", ErrorCode.MISSING_FIELD),
                Arguments.of(with("userId", "bad\nid"), "userId", ErrorCode.INVALID_STRING),
                Arguments.of(with("type", "teleport"), "type", ErrorCode.UNKNOWN_VALUE),
                Arguments.of(with("type", null), "type", ErrorCode.MISSING_FIELD),
                Arguments.of(with("ts", null), "ts", ErrorCode.MISSING_FIELD),
                Arguments.of(with("ts", "2026-11-28"), "ts", ErrorCode.WRONG_TYPE),
                Arguments.of(with("ts", 1.5), "ts", ErrorCode.WRONG_TYPE),
                Arguments.of(with("ts", T - 31L * 24 * 3600 * 1000), "ts", ErrorCode.TIMESTAMP_OUT_OF_WINDOW),
                Arguments.of(with("ts", T + 6 * 60 * 1000), "ts", ErrorCode.TIMESTAMP_OUT_OF_WINDOW),
                Arguments.of(with("price", -0.01), "price", ErrorCode.OUT_OF_RANGE),
                Arguments.of(with("price", 2_000_000), "price", ErrorCode.OUT_OF_RANGE),
                Arguments.of(with("price", "cheap"), "price", ErrorCode.WRONG_TYPE),
                Arguments.of(with("category", "c".repeat(257)), "category", ErrorCode.INVALID_STRING),
                Arguments.of(purchaseWithoutValue, "orderValue", ErrorCode.MISSING_FIELD),
                Arguments.of(redeemWithoutCoupon, "couponId", ErrorCode.MISSING_FIELD),
                Arguments.of(searchWithoutQuery, "query", ErrorCode.MISSING_FIELD));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void validate_oneFault_isReportedWithFieldAndCode(Map<String, Object> raw, String field, ErrorCode code) {
        EventValidator.Outcome o = validator.validate(raw, NOW);
        assertFalse(o.valid());
        assertEquals(List.of(field), o.errors().stream().map(FieldError::field).toList());
        assertEquals(code, o.errors().get(0).code());
        assertFalse(o.errors().get(0).message().isBlank());
    }

    @Test
    void validate_purchaseWithZeroOrderValue_isOutOfRange() {
        Map<String, Object> m = with("type", "purchase");
        m.put("orderValue", 0);
        assertEquals(ErrorCode.OUT_OF_RANGE, validator.validate(m, NOW).errors().get(0).code());
    }

    @Test
    void validate_severalFaults_areAllReported() {
        Map<String, Object> m = new HashMap<>();
        m.put("type", "view");
        m.put("price", "x");
        List<String> fields = validator.validate(m, NOW).errors().stream().map(FieldError::field).toList();
        assertEquals(List.of("eventId", "userId", "ts", "price"), fields);
    }
}
