package io.couponflow.core.api;

import java.util.Optional;

/**
 * The one rule for user ids, wherever one arrives (an event, a decision request, an erasure): opaque
 * text of 1 to 128 characters without control characters. Ids are never echoed in messages (they may
 * be personal); a message gives the length only.
 */
public final class UserIdRule {
    public static final int MAX_LENGTH = 128;

    private UserIdRule() {
    }

    /** What is wrong with {@code userId} (reported against {@code field}), or nothing. */
    public static Optional<FieldError> check(String field, String userId) {
        if (userId.isEmpty() || userId.length() > MAX_LENGTH) {
            return Optional.of(new FieldError(field, ErrorCode.INVALID_STRING,
                    field + " must be 1 to " + MAX_LENGTH + " characters, got " + userId.length()));
        }
        if (userId.chars().anyMatch(Character::isISOControl)) {
            return Optional.of(new FieldError(field, ErrorCode.INVALID_STRING, field + " may not hold control characters"));
        }
        return Optional.empty();
    }
}
