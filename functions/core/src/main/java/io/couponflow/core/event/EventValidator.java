package io.couponflow.core.event;

import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.api.UserIdRule;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns one untyped JSON object (as a generic JSON parser yields it) into a {@link BehaviourEvent},
 * or into the list of everything wrong with it. Reports every problem it finds, not only the first,
 * so that a client fixes its payload in one round trip.
 */
public final class EventValidator {

    /** Ids that become part of DynamoDB keys: printable ASCII without the key separator. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@/+=-]+");

    private final EventLimits limits;

    public EventValidator(EventLimits limits) {
        this.limits = limits;
    }

    /** Either an event or the errors, never both. */
    public record Outcome(BehaviourEvent event, List<FieldError> errors) {
        public boolean valid() {
            return event != null;
        }
    }

    public Outcome validate(Map<String, Object> raw, Instant now) {
        Fields f = new Fields(raw);
        String eventId = f.id("eventId", true);
        String userId = f.userId();
        EventType type = f.type();
        Long ts = f.timestamp(now);
        String itemId = f.id("itemId", false);
        String category = f.text("category");
        Double price = f.amount("price", false, true);
        String query = f.text("query");
        boolean purchase = type == EventType.PURCHASE;
        Double orderValue = f.amount("orderValue", purchase, false);
        boolean couponEvent = type == EventType.COUPON_SHOWN || type == EventType.COUPON_REDEEMED;
        String couponId = f.id("couponId", couponEvent);
        String decisionId = f.id("decisionId", false);
        String sessionId = f.id("sessionId", false);
        if (type == EventType.SEARCH && query == null && f.absent("query")) {
            f.errors.add(new FieldError("query", ErrorCode.MISSING_FIELD, "a search event needs query"));
        }
        if (!f.errors.isEmpty()) {
            return new Outcome(null, List.copyOf(f.errors));
        }
        return new Outcome(new BehaviourEvent(eventId, userId, type, ts, itemId, category, price, query,
                orderValue, couponId, decisionId, sessionId), List.of());
    }

    /** Reads fields one at a time, collecting errors. */
    private final class Fields {
        private final Map<String, Object> raw;
        private final List<FieldError> errors = new ArrayList<>();

        Fields(Map<String, Object> raw) {
            this.raw = raw;
        }

        boolean absent(String name) {
            return raw.get(name) == null;
        }

        private Optional<String> string(String name, boolean required) {
            Object v = raw.get(name);
            if (v == null) {
                if (required) {
                    errors.add(new FieldError(name, ErrorCode.MISSING_FIELD, name + " is required"));
                }
                return Optional.empty();
            }
            if (!(v instanceof String s)) {
                errors.add(new FieldError(name, ErrorCode.WRONG_TYPE, name + " must be a string"));
                return Optional.empty();
            }
            return Optional.of(s);
        }

        String id(String name, boolean required) {
            Optional<String> s = string(name, required);
            if (s.isEmpty()) {
                return null;
            }
            String v = s.get();
            if (v.isEmpty() || v.length() > limits.maxIdLength()) {
                errors.add(new FieldError(name, ErrorCode.INVALID_STRING,
                        name + " must be 1 to " + limits.maxIdLength() + " characters, got " + v.length()));
                return null;
            }
            if (!ID.matcher(v).matches()) {
                errors.add(new FieldError(name, ErrorCode.INVALID_STRING,
                        name + " may hold only letters, digits and . _ : @ / + = -"));
                return null;
            }
            return v;
        }

        String userId() {
            Optional<String> s = string("userId", true);
            if (s.isEmpty()) {
                return null;
            }
            Optional<FieldError> wrong = UserIdRule.check("userId", s.get());
            wrong.ifPresent(errors::add);
            return wrong.isPresent() ? null : s.get();
        }

        String text(String name) {
            Optional<String> s = string(name, false);
            if (s.isEmpty()) {
                return null;
            }
            String v = s.get();
            if (v.length() > limits.maxTextLength()) {
                errors.add(new FieldError(name, ErrorCode.INVALID_STRING,
                        name + " must be at most " + limits.maxTextLength() + " characters, got " + v.length()));
                return null;
            }
            return v;
        }

        EventType type() {
            Optional<String> s = string("type", true);
            if (s.isEmpty()) {
                return null;
            }
            Optional<EventType> t = EventType.fromWire(s.get());
            if (t.isEmpty()) {
                errors.add(new FieldError("type", ErrorCode.UNKNOWN_VALUE,
                        "unknown event type '" + abbreviate(s.get()) + "'; known: " + EventType.knownNames()));
            }
            return t.orElse(null);
        }

        Long timestamp(Instant now) {
            Object v = raw.get("ts");
            if (v == null) {
                errors.add(new FieldError("ts", ErrorCode.MISSING_FIELD, "ts (epoch milliseconds) is required"));
                return null;
            }
            if (!(v instanceof Number n) || !isIntegral(n)) {
                errors.add(new FieldError("ts", ErrorCode.WRONG_TYPE, "ts must be an integer (epoch milliseconds)"));
                return null;
            }
            long ts = n.longValue();
            long oldest = now.minus(limits.maxAge()).toEpochMilli();
            long newest = now.plus(limits.maxFutureSkew()).toEpochMilli();
            if (ts < oldest || ts > newest) {
                errors.add(new FieldError("ts", ErrorCode.TIMESTAMP_OUT_OF_WINDOW,
                        "ts " + ts + " is outside the accepted window [" + oldest + ", " + newest + "]"));
                return null;
            }
            return ts;
        }

        Double amount(String name, boolean required, boolean zeroAllowed) {
            Object v = raw.get(name);
            if (v == null) {
                if (required) {
                    errors.add(new FieldError(name, ErrorCode.MISSING_FIELD, name + " is required for this event type"));
                }
                return null;
            }
            if (!(v instanceof Number n)) {
                errors.add(new FieldError(name, ErrorCode.WRONG_TYPE, name + " must be a number"));
                return null;
            }
            double d = n.doubleValue();
            boolean low = zeroAllowed ? d < 0 : d <= 0;
            if (Double.isNaN(d) || low || d > limits.maxAmount()) {
                errors.add(new FieldError(name, ErrorCode.OUT_OF_RANGE,
                        name + " must be " + (zeroAllowed ? "in [0, " : "in (0, ") + limits.maxAmount() + "], got " + d));
                return null;
            }
            return d;
        }
    }

    private static boolean isIntegral(Number n) {
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof java.math.BigInteger) {
            return !(n instanceof java.math.BigInteger b) || b.bitLength() < 63;
        }
        double d = n.doubleValue();
        return d == Math.rint(d) && Math.abs(d) < 9.0e15;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
