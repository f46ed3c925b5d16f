package io.couponflow.core.ingest;

import io.couponflow.core.api.ErrorCode;

/** One reason one item of a batch was refused. An item with several faults yields several. */
public record Rejection(int index, String eventId, String field, ErrorCode code, String message) {
}
