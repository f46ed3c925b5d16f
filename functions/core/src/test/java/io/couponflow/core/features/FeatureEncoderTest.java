package io.couponflow.core.features;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FeatureEncoderTest {
    private static final FeatureSpec SPEC = new FeatureSpec("t", 4, List.of("session_start", "view", "search",
            "add_to_cart", "remove_from_cart", "purchase", "coupon_shown", "coupon_redeemed"), 64,
            new double[]{5, 10, 20, 50, 100, 200, 500}, new double[]{10, 60, 300, 1800, 21600, 86400, 604800}, 32);

    @Test
    void fnv1a32_matchesPublishedVectors() {
        assertEquals(0x811C9DC5, FeatureEncoder.fnv1a32(""));
        assertEquals(0xE40C292C, FeatureEncoder.fnv1a32("a"));
        assertEquals(0xBF9CF968, FeatureEncoder.fnv1a32("foobar"));
    }

    @Test
    void encode_rightPadsOldestFirstAndBucketsGapsAndPrices() {
        FeatureEncoder enc = new FeatureEncoder(SPEC);
        BehaviourEvent older = new BehaviourEvent("1", "u", EventType.VIEW, 1_000_000, null, null, 7.5, null, null, null, null, null);
        BehaviourEvent newer = new BehaviourEvent("2", "u", EventType.PURCHASE, 1_000_000 + 120_000, null, "shoes", null, null,
                250.0, null, null, null);
        SequenceFeatures f = enc.encode(List.of(newer, older));   // newest first, as queried
        assertEquals(2, f.length());
        assertArrayEquals(new long[]{2, 6, 0, 0}, f.types());
        assertArrayEquals(new long[]{1, 2 + Integer.remainderUnsigned(FeatureEncoder.fnv1a32("shoes"), 64), 0, 0}, f.categories());
        assertArrayEquals(new long[]{3, 8, 0, 0}, f.prices(), "7.5 -> one boundary <= it; 250 -> six");
        assertArrayEquals(new long[]{1, 4, 0, 0}, f.gaps(), "first unknown; 120 s -> two boundaries <= it");
    }

    @Test
    void encode_keepsOnlyTheWindow() {
        FeatureEncoder enc = new FeatureEncoder(SPEC);
        List<BehaviourEvent> six = List.of(6, 5, 4, 3, 2, 1).stream()
                .map(i -> BehaviourEvent.of("e" + i, "u", EventType.SEARCH, i * 1000L)).toList();
        SequenceFeatures f = enc.encode(six);
        assertEquals(4, f.length());
        assertArrayEquals(new long[]{1, 2, 2, 2}, f.gaps());
    }
}
