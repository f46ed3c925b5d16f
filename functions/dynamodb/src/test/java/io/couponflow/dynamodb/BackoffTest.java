package io.couponflow.dynamodb;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {
    private final Backoff backoff = new Backoff(8, 20, 1_000);

    @Test
    void bound_doublesFromBaseAndStopsAtCap() {
        assertEquals(20, backoff.bound(1));
        assertEquals(40, backoff.bound(2));
        assertEquals(640, backoff.bound(6));
        assertEquals(1_000, backoff.bound(7));
        assertEquals(1_000, backoff.bound(60), "no overflow far out");
    }

    /** Full jitter: uniform over [0, bound], not over its upper half (what the old code drew). */
    @Test
    void waitMillis_isUniformFromZeroToTheBound() {
        Random random = new Random(42);
        for (int retry : new int[]{1, 3, 7}) {
            long bound = backoff.bound(retry);
            int n = 20_000;
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            double sum = 0;
            int lowerHalf = 0;   // waits of at most bound/2
            for (int i = 0; i < n; i++) {
                long w = backoff.waitMillis(retry, random);
                min = Math.min(min, w);
                max = Math.max(max, w);
                sum += w;
                lowerHalf += w <= bound / 2 ? 1 : 0;
            }
            assertEquals(0, min, "retry " + retry + " can wait not at all");
            assertEquals(bound, max, "retry " + retry + " can wait the whole bound");
            // mean of the uniform on {0..b} is b/2, standard error b/sqrt(12 n)
            assertEquals(bound / 2.0, sum / n, 4 * bound / Math.sqrt(12.0 * n), "retry " + retry + " mean");
            double expectedLower = (bound / 2 + 1) / (double) (bound + 1);   // about half; the old draw (from bound/2 up) gave almost none
            assertTrue(Math.abs(lowerHalf / (double) n - expectedLower) < 0.02,
                    "retry " + retry + ": " + lowerHalf + " of " + n + " waits in the lower half");
        }
    }
}
