package io.couponflow.dynamodb;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter for items DynamoDB left unprocessed.
 *
 * @param attempts   how many times a request is sent at most (first try included)
 * @param baseMillis the first wait's upper bound; it doubles each retry
 * @param capMillis  no wait is longer than this
 */
public record Backoff(int attempts, long baseMillis, long capMillis) {

    public static Backoff defaults() {
        return new Backoff(8, 20, 1_000);
    }

    /** Sleeps before retry number {@code retry} (1 = first retry). */
    public void pause(int retry) {
        long bound = Math.min(capMillis, baseMillis << Math.min(retry - 1, 20));
        long millis = ThreadLocalRandom.current().nextLong(bound / 2, bound + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
