package io.couponflow.core.api;

/**
 * Every machine-readable error code the API can return: the one source of truth for clients,
 * the README's API section and the tests. Each code knows the HTTP status it travels with.
 */
public enum ErrorCode {
    /** The body is not valid JSON, or not the JSON shape the route expects. */
    INVALID_JSON(400),
    /** The request did not say {@code Content-Type: application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415),
    /** The body is larger than the route accepts. */
    BODY_TOO_LARGE(413),
    /** A batch with no items. */
    EMPTY_BATCH(400),
    /** A batch with more items than the documented maximum. */
    BATCH_TOO_LARGE(413),
    /** A required field is absent or null. */
    MISSING_FIELD(400),
    /** A field has the wrong JSON type (a string where a number belongs, ...). */
    WRONG_TYPE(400),
    /** An event {@code type} or coupon {@code kind} that is not one of the known values. */
    UNKNOWN_VALUE(400),
    /** A number outside its allowed range. */
    OUT_OF_RANGE(400),
    /** Two fields that may not be given together (the message names both; {@code field} is the second). */
    CONFLICTING_FIELDS(400),
    /** A string longer than allowed, empty, or with characters ids may not hold. */
    INVALID_STRING(400),
    /** A timestamp outside the accepted window (too old or too far in the future). */
    TIMESTAMP_OUT_OF_WINDOW(400),
    /**
     * An event whose key (userId, eventId) is already stored with another payload: not written, and
     * the stored event is unchanged. A new event needs a new eventId.
     */
    IDEMPOTENCY_CONFLICT(409),
    /** The route exists but not for this method. */
    METHOD_NOT_ALLOWED(405),
    /** No such route or resource. */
    NOT_FOUND(404),
    /** {@code GET /v1/report} before the first retrain night has stored an A/B report. */
    NO_REPORT_YET(404),
    /** A decision request's {@code baseline.couponId} names no coupon in the catalogue. */
    UNKNOWN_BASELINE_COUPON(422),
    /**
     * A decision request's baseline coupon may not be given here: not among the request's candidates, or
     * ineligible now (inactive, outside its validity, below its minimum spend, another category).
     */
    INELIGIBLE_BASELINE_COUPON(422),
    /** A promotion that named the active version it expected, or a rollback, found ACTIVE moved meanwhile. */
    ACTIVE_POLICY_MOVED(409),
    /** The version asked for already serves. */
    ALREADY_ACTIVE(409),
    /** A rollback with no version that served before the current one. */
    NOTHING_TO_ROLL_BACK(409),
    /** The database did not answer or refused for capacity: resend (resends are safe). */
    STORE_UNAVAILABLE(503),
    /** Anything unexpected; details are in the logs under the request id, never in the answer. */
    INTERNAL(500);

    private final int httpStatus;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
