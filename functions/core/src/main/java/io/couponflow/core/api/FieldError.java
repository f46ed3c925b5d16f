package io.couponflow.core.api;

/** One thing wrong with one field of one input item. */
public record FieldError(String field, ErrorCode code, String message) {
}
