package io.couponflow.core.api;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DecisionRequestValidatorTest {
    private final DecisionRequestValidator validator = new DecisionRequestValidator(3);

    private static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new HashMap<>();
        m.put("userId", "u 42");
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void validate_fullRequest_keepsEveryField() {
        DecisionRequestValidator.Outcome o = validator.validate(body("context",
                Map.of("channel", "web", "cartValue", 80, "category", "shoes"), "candidates", List.of("TENOFF", "SHIP")));
        assertTrue(o.valid(), o.errors().toString());
        assertEquals("u 42", o.request().userId());
        assertEquals(80.0, o.request().context().cartValue());
        assertEquals("web", o.request().context().channel());
        assertEquals("shoes", o.request().context().category());
        assertEquals(List.of("TENOFF", "SHIP"), o.request().candidateIds());
    }

    @Test
    void validate_onlyUserId_isTheWholeCatalogueAndAnEmptyContext() {
        DecisionRequestValidator.Outcome o = validator.validate(body());
        assertTrue(o.valid());
        assertNull(o.request().candidateIds());
        assertEquals(0.0, o.request().context().cartValue());
    }

    static Stream<Arguments> invalid() {
        Map<String, Object> noUser = new HashMap<>();
        return Stream.of(
                Arguments.of(noUser, "userId", ErrorCode.MISSING_FIELD),
                Arguments.of(body("userId", 42), "userId", ErrorCode.WRONG_TYPE),
                Arguments.of(body("userId", ""), "userId", ErrorCode.INVALID_STRING),
                Arguments.of(body("userId", "x".repeat(129)), "userId", ErrorCode.INVALID_STRING),
                Arguments.of(body("userId", "tab\there"), "userId", ErrorCode.INVALID_STRING),
                Arguments.of(body("context", "web"), "context", ErrorCode.WRONG_TYPE),
                Arguments.of(body("context", Map.of("cartValue", "lots")), "context.cartValue", ErrorCode.WRONG_TYPE),
                Arguments.of(body("context", Map.of("cartValue", -5)), "context.cartValue", ErrorCode.OUT_OF_RANGE),
                Arguments.of(body("context", Map.of("cartValue", 1_000_001)), "context.cartValue", ErrorCode.OUT_OF_RANGE),
                Arguments.of(body("context", Map.of("cartValue", Double.NaN)), "context.cartValue", ErrorCode.OUT_OF_RANGE),
                Arguments.of(body("context", Map.of("channel", "")), "context.channel", ErrorCode.INVALID_STRING),
                Arguments.of(body("context", Map.of("category", "c".repeat(257))), "context.category", ErrorCode.INVALID_STRING),
                Arguments.of(body("context", Map.of("channel", 7)), "context.channel", ErrorCode.INVALID_STRING),
                Arguments.of(body("candidates", "CS-A"), "candidates", ErrorCode.WRONG_TYPE),
                Arguments.of(body("candidates", List.of("A", "B", "C", "D")), "candidates", ErrorCode.OUT_OF_RANGE),
                Arguments.of(body("candidates", List.of("A", 5)), "candidates[1]", ErrorCode.INVALID_STRING),
                Arguments.of(body("candidates", List.of("has space")), "candidates[0]", ErrorCode.INVALID_STRING),
                Arguments.of(body("candidates", List.of("none")), "candidates[0]", ErrorCode.INVALID_STRING),
                Arguments.of(body("candidates", List.of("x".repeat(65))), "candidates[0]", ErrorCode.INVALID_STRING),
                Arguments.of(body("baseline", "F5"), "baseline", ErrorCode.WRONG_TYPE),
                Arguments.of(body("baseline", Map.of()), "baseline.couponId", ErrorCode.MISSING_FIELD),
                Arguments.of(body("baseline", Map.of("couponId", 5)), "baseline.couponId", ErrorCode.INVALID_STRING),
                Arguments.of(body("baseline", Map.of("couponId", "none")), "baseline.couponId", ErrorCode.INVALID_STRING));
    }

    @Test
    void validate_baseline_couponNoneOrAbsent() {
        assertEquals("F5", validator.validate(body("baseline", Map.of("couponId", "F5"))).request().baseline().couponId());
        Map<String, Object> none = new HashMap<>();
        none.put("couponId", null);
        assertNull(validator.validate(body("baseline", none)).request().baseline().couponId(), "{couponId: null} is none");
        assertNull(validator.validate(body("baseline", null)).request().baseline().couponId(), "null is none");
        assertNull(validator.validate(body()).request().baseline(), "no baseline: couponflow serves as before");
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void validate_badField_isReportedWithItsCode(Map<String, Object> body, String field, ErrorCode code) {
        DecisionRequestValidator.Outcome o = validator.validate(body);
        assertFalse(o.valid());
        assertNull(o.request());
        assertEquals(1, o.errors().size(), o.errors().toString());
        assertEquals(field, o.errors().get(0).field());
        assertEquals(code, o.errors().get(0).code());
    }

    @Test
    void validate_severalFaults_areAllReported() {
        List<Object> candidates = new ArrayList<>(Collections.nCopies(4, "A"));
        Map<String, Object> b = body("userId", "", "context", Map.of("cartValue", -1, "channel", ""), "candidates", candidates);
        assertEquals(List.of("userId", "context.cartValue", "context.channel", "candidates"),
                validator.validate(b).errors().stream().map(FieldError::field).toList());
    }

    @Test
    void userIdMessages_giveTheLengthNeverTheId() {
        DecisionRequestValidator.Outcome o = validator.validate(body("userId", "secret-" + "x".repeat(130)));
        assertTrue(o.errors().get(0).message().contains("137"), o.errors().get(0).message());
        assertFalse(o.errors().get(0).message().contains("secret"));
    }
}
