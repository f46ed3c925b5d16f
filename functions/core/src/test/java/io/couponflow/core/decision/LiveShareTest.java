package io.couponflow.core.decision;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveShareTest {

    @Test
    void live_extremes_everyoneOrNoOne() {
        assertTrue(new LiveShare(1, "s").live("anyone"));
        assertFalse(new LiveShare(0, "s").live("anyone"));
        assertTrue(LiveShare.everyone().live("anyone"));
    }

    @Test
    void live_raisingTheShare_onlyMovesUsersFromBaselineToLive() {
        LiveShare low = new LiveShare(0.3, "s");
        LiveShare high = new LiveShare(0.6, "s");
        int lowLive = 0;
        int highLive = 0;
        for (int i = 0; i < 10_000; i++) {
            String u = "u" + i;
            if (low.live(u)) {
                assertTrue(high.live(u), u);
                lowLive++;
            }
            highLive += high.live(u) ? 1 : 0;
        }
        assertEquals(3_000, lowLive, 150);
        assertEquals(6_000, highLive, 150);
    }

    @Test
    void bucket_isStableAndDependsOnTheSalt() {
        assertEquals(new LiveShare(0.5, "a").bucket("u-42"), new LiveShare(0.9, "a").bucket("u-42"));
        int same = 0;
        for (int i = 0; i < 1_000; i++) {
            same += new LiveShare(0.5, "a").live("u" + i) == new LiveShare(0.5, "b").live("u" + i) ? 1 : 0;
        }
        assertEquals(500, same, 60, "another salt is another, independent split");
    }

    @Test
    void constructor_shareOutsideZeroToOne_throws() {
        for (double bad : new double[]{-0.1, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new LiveShare(bad, "s"));
            assertTrue(e.getMessage().contains(Double.toString(bad)), e.getMessage());
        }
    }
}
