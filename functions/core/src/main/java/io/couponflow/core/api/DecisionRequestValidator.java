package io.couponflow.core.api;

import io.couponflow.core.coupon.CouponValidator;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.policy.DecisionContext;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the body of {@code POST /v1/decisions}, as a generic JSON parser yields it, into a decision
 * request or into everything wrong with it (beside {@code EventValidator} and {@code CouponValidator}):
 * {@code userId} by {@link UserIdRule}; {@code context} an optional object with {@code cartValue} in
 * [0, 1,000,000] and {@code channel}, {@code category} strings of 1 to 256 characters; {@code candidates}
 * an optional array of at most {@code maxCandidates} coupon ids ({@link CouponValidator#isCouponId});
 * {@code baseline} the shop's own choice, optional: {@code {"couponId": "F5"}}, or {@code {"couponId": null}}
 * or {@code null} for none.
 */
public final class DecisionRequestValidator {
    static final double MAX_CART_VALUE = 1_000_000;
    static final int MAX_TEXT = 256;

    private final int maxCandidates;

    /** @param maxCandidates most candidate ids in one request (the score function's setting, default 100) */
    public DecisionRequestValidator(int maxCandidates) {
        this.maxCandidates = maxCandidates;
    }

    /** Either a request or the errors, never both. */
    public record Outcome(DecisionMaker.Request request, List<FieldError> errors) {
        public boolean valid() {
            return request != null;
        }
    }

    public Outcome validate(Map<String, Object> body) {
        List<FieldError> errors = new ArrayList<>();
        String userId = userId(body.get("userId"), errors);
        Map<?, ?> context = context(body.get("context"), errors);
        double cartValue = cartValue(context.get("cartValue"), errors);
        String channel = text(context.get("channel"), "context.channel", errors);
        String category = text(context.get("category"), "context.category", errors);
        List<String> candidates = candidates(body.get("candidates"), errors);
        DecisionMaker.Baseline baseline = body.containsKey("baseline") ? baseline(body.get("baseline"), errors) : null;
        if (!errors.isEmpty()) {
            return new Outcome(null, List.copyOf(errors));
        }
        return new Outcome(new DecisionMaker.Request(userId, new DecisionContext(channel, cartValue, category), candidates,
                baseline), List.of());
    }

    /** {@code null} and {@code {"couponId": null}} are "the shop would give none"; the key must be there. */
    private static DecisionMaker.Baseline baseline(Object v, List<FieldError> errors) {
        if (v == null) {
            return new DecisionMaker.Baseline(null);
        }
        if (!(v instanceof Map<?, ?> m)) {
            errors.add(new FieldError("baseline", ErrorCode.WRONG_TYPE, "baseline must be an object {\"couponId\": id or null}, or null"));
            return null;
        }
        if (!m.containsKey("couponId")) {
            errors.add(new FieldError("baseline.couponId", ErrorCode.MISSING_FIELD,
                    "baseline.couponId is required: a coupon id, or null for none"));
            return null;
        }
        Object id = m.get("couponId");
        if (id == null) {
            return new DecisionMaker.Baseline(null);
        }
        if (!(id instanceof String s) || !CouponValidator.isCouponId(s)) {
            errors.add(new FieldError("baseline.couponId", ErrorCode.INVALID_STRING,
                    "baseline.couponId must be a coupon id (" + CouponValidator.ID_RULE + ") or null"));
            return null;
        }
        return new DecisionMaker.Baseline(s);
    }

    private static String userId(Object v, List<FieldError> errors) {
        if (v == null) {
            errors.add(new FieldError("userId", ErrorCode.MISSING_FIELD, "userId is required"));
            return null;
        }
        if (!(v instanceof String userId)) {
            errors.add(new FieldError("userId", ErrorCode.WRONG_TYPE, "userId must be a string"));
            return null;
        }
        Optional<FieldError> wrong = UserIdRule.check("userId", userId);
        wrong.ifPresent(errors::add);
        return wrong.isPresent() ? null : userId;
    }

    private static Map<?, ?> context(Object v, List<FieldError> errors) {
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            errors.add(new FieldError("context", ErrorCode.WRONG_TYPE, "context must be an object"));
            return Map.of();
        }
        return m;
    }

    private static double cartValue(Object v, List<FieldError> errors) {
        if (v == null) {
            return 0;
        }
        if (!(v instanceof Number n)) {
            errors.add(new FieldError("context.cartValue", ErrorCode.WRONG_TYPE, "context.cartValue must be a number"));
            return 0;
        }
        double d = n.doubleValue();
        if (Double.isNaN(d) || d < 0 || d > MAX_CART_VALUE) {
            errors.add(new FieldError("context.cartValue", ErrorCode.OUT_OF_RANGE,
                    "context.cartValue must be in [0, 1000000], got " + d));
            return 0;
        }
        return d;
    }

    private static String text(Object v, String field, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s) || s.isEmpty() || s.length() > MAX_TEXT) {
            errors.add(new FieldError(field, ErrorCode.INVALID_STRING, field + " must be a string of 1 to " + MAX_TEXT + " characters"));
            return null;
        }
        return s;
    }

    private List<String> candidates(Object v, List<FieldError> errors) {
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            errors.add(new FieldError("candidates", ErrorCode.WRONG_TYPE, "candidates must be an array of coupon ids"));
            return null;
        }
        if (list.size() > maxCandidates) {
            errors.add(new FieldError("candidates", ErrorCode.OUT_OF_RANGE,
                    "candidates has " + list.size() + " ids; the limit is " + maxCandidates));
            return null;
        }
        List<String> ids = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof String s) || !CouponValidator.isCouponId(s)) {
                errors.add(new FieldError("candidates[" + i + "]", ErrorCode.INVALID_STRING,
                        "each candidate must be a coupon id: " + CouponValidator.ID_RULE));
                return null;
            }
            ids.add(s);
        }
        return ids;
    }
}
