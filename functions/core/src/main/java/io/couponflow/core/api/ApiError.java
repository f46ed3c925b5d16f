package io.couponflow.core.api;

import java.util.Objects;

/**
 * An error as the API reports it: {@code {"error":{"code","message","field"}}}.
 * {@code field} is null when the error is not about one field.
 */
public record ApiError(ErrorCode code, String message, String field) {
    public ApiError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ApiError of(ErrorCode code, String message) {
        return new ApiError(code, message, null);
    }

    /** The fault of one field, as the API reports it. */
    public static ApiError of(FieldError e) {
        return new ApiError(e.code(), e.message(), e.field());
    }

    public int httpStatus() {
        return code.httpStatus();
    }
}
