package io.couponflow.dynamodb;

import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter for items DynamoDB left unprocessed: before retry n the wait
 * is uniform in [0, min(cap, base · 2^(n−1))] milliseconds ("Exponential Backoff And Jitter", AWS
 * Architecture Blog, 2015). Full jitter spreads clients that were throttled together over the whole
 * interval instead of its upper half, so they do not collide again.
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
        try {
            Thread.sleep(waitMillis(retry, ThreadLocalRandom.current()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }

    /** The wait before retry number {@code retry}: uniform in [0, bound(retry)]. */
    long waitMillis(int retry, RandomGenerator random) {
        return random.nextLong(bound(retry) + 1);
    }

    /** min(cap, base · 2^(retry−1)). */
    long bound(int retry) {
        return Math.min(capMillis, baseMillis << Math.min(retry - 1, 20));
    }
}
