package io.couponflow.core.coupon;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validates a coupon as sent to {@code PUT /v1/coupons/{id}}; reports every fault. */
public final class CouponValidator {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    public static final String NONE = "none";
    /** The field giving a coupon's expected peak issue rate (issues a second), from which its shards are derived. */
    public static final String PEAK = "peakIssuesPerSecond";
    /** Numbers that must be above their minimum (0), not merely at least it. */
    private static final Set<String> ABOVE_MIN = Set.of("value", PEAK);
    /** The coupon-id rule in words, for messages. */
    public static final String ID_RULE = "1 to 64 of A-Z a-z 0-9 . _ : - and not 'none'";

    /** The coupon-id rule: {@link #ID_RULE}. ("none" is the no-coupon action, never a coupon.) */
    public static boolean isCouponId(String id) {
        return id != null && ID.matcher(id).matches() && !NONE.equals(id);
    }

    public record Outcome(Coupon coupon, List<FieldError> errors) {
        public boolean valid() {
            return coupon != null;
        }
    }

    public Outcome validate(String couponId, Map<String, Object> raw) {
        List<FieldError> errors = new ArrayList<>();
        if (!isCouponId(couponId)) {
            errors.add(new FieldError("couponId", ErrorCode.INVALID_STRING, "coupon id must be " + ID_RULE));
        }
        CouponKind kind = null;
        Object k = raw.get("kind");
        if (k == null) {
            errors.add(new FieldError("kind", ErrorCode.MISSING_FIELD, "kind is required: fixed, percent or free_shipping"));
        } else if (!(k instanceof String ks) || CouponKind.fromWire(ks).isEmpty()) {
            errors.add(new FieldError("kind", ErrorCode.UNKNOWN_VALUE, "kind must be fixed, percent or free_shipping"));
        } else {
            kind = CouponKind.fromWire(ks).get();
        }
        double max = kind == CouponKind.PERCENT ? 90 : 10_000;
        Double value = number(raw, "value", true, 0, max, false, errors);
        Double minSpend = number(raw, "minSpend", false, 0, 1_000_000, true, errors);
        Double budget = number(raw, "dailyBudget", false, 0, 10_000_000, true, errors);
        Double cap = number(raw, "perUserCap", false, 1, 1_000, true, errors);
        Double shards = number(raw, "budgetShards", false, 1, BudgetShards.MAX, true, errors);
        Double peak = number(raw, PEAK, false, 0, BudgetShards.MAX_PEAK_ISSUES_PER_SECOND, false, errors);
        if (raw.get("budgetShards") != null && raw.get(PEAK) != null) {
            errors.add(new FieldError(PEAK, ErrorCode.CONFLICTING_FIELDS,
                    "give budgetShards or " + PEAK + " (which derives the shards), not both"));
        }
        if (raw.get(PEAK) != null && raw.get("dailyBudget") == null) {
            errors.add(new FieldError("dailyBudget", ErrorCode.MISSING_FIELD,
                    "dailyBudget is required with " + PEAK + ": the rate sizes the budget's shards"));
        }
        String category = null;
        Object c = raw.get("category");
        if (c != null) {
            if (!(c instanceof String cs) || cs.isEmpty() || cs.length() > 256) {
                errors.add(new FieldError("category", ErrorCode.INVALID_STRING, "category must be a string of 1 to 256 characters"));
            } else {
                category = cs;
            }
        }
        Instant from = instant(raw, "validFrom", errors);
        Instant to = instant(raw, "validTo", errors);
        if (from != null && to != null && !to.isAfter(from)) {
            errors.add(new FieldError("validTo", ErrorCode.OUT_OF_RANGE, "validTo must be after validFrom"));
        }
        boolean active = true;
        Object a = raw.get("active");
        if (a != null) {
            if (a instanceof Boolean b) {
                active = b;
            } else {
                errors.add(new FieldError("active", ErrorCode.WRONG_TYPE, "active must be true or false"));
            }
        }
        if (!errors.isEmpty()) {
            return new Outcome(null, List.copyOf(errors));
        }
        return new Outcome(new Coupon(couponId, kind, value, minSpend == null ? 0 : minSpend, category, from, to,
                budget == null ? null : budget.intValue(), cap == null ? null : cap.intValue(), active,
                shards == null ? null : shards.intValue(), peak), List.of());
    }

    private static Double number(Map<String, Object> raw, String name, boolean required, double min, double max,
                                 boolean integral, List<FieldError> errors) {
        Object v = raw.get(name);
        if (v == null) {
            if (required) {
                errors.add(new FieldError(name, ErrorCode.MISSING_FIELD, name + " is required"));
            }
            return null;
        }
        if (!(v instanceof Number n)) {
            errors.add(new FieldError(name, ErrorCode.WRONG_TYPE, name + " must be a number"));
            return null;
        }
        double d = n.doubleValue();
        boolean low = ABOVE_MIN.contains(name) ? d <= min : d < min;
        if (Double.isNaN(d) || low || d > max || (integral && d != Math.rint(d))) {
            errors.add(new FieldError(name, ErrorCode.OUT_OF_RANGE, name + " must be " + (integral ? "a whole number " : "")
                    + "in [" + min + ", " + max + "]" + (ABOVE_MIN.contains(name) ? " and above " + (int) min : "") + ", got " + d));
            return null;
        }
        return d;
    }

    private static Instant instant(Map<String, Object> raw, String name, List<FieldError> errors) {
        Object v = raw.get(name);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            errors.add(new FieldError(name, ErrorCode.WRONG_TYPE, name + " must be an ISO-8601 instant string"));
            return null;
        }
        try {
            return Instant.parse(s);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, ErrorCode.WRONG_TYPE, name + " must be an ISO-8601 instant such as 2026-12-01T00:00:00Z"));
            return null;
        }
    }
}
