package io.couponflow.core.event;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class PayloadFingerprintTest {
    private static final BehaviourEvent BASE = new BehaviourEvent("e-1", "u-1", EventType.VIEW, 1_000L, "sku-1", "shoes",
            79.9, null, null, null, null, "s-1");

    private static BehaviourEvent with(UnaryOperator<Object[]> change) {
        Object[] f = {BASE.eventId(), BASE.userId(), BASE.type(), BASE.ts(), BASE.itemId(), BASE.category(), BASE.price(),
                BASE.query(), BASE.orderValue(), BASE.couponId(), BASE.decisionId(), BASE.sessionId()};
        f = change.apply(f);
        return new BehaviourEvent((String) f[0], (String) f[1], (EventType) f[2], (Long) f[3], (String) f[4],
                (String) f[5], (Double) f[6], (String) f[7], (Double) f[8], (String) f[9], (String) f[10], (String) f[11]);
    }

    private static UnaryOperator<Object[]> set(int i, Object v) {
        return f -> {
            f[i] = v;
            return f;
        };
    }

    @Test
    void of_ignoresTsAndTheKey_soAResendWithItsSendTimeIsADuplicate() {
        String base = PayloadFingerprint.of(BASE);
        assertEquals(base, PayloadFingerprint.of(BASE.withTs(9_999_999L)));
        assertEquals(base, PayloadFingerprint.of(with(set(0, "e-2"))), "the key is compared as the key, not hashed");
        assertEquals(43, base.length());
    }

    @Test
    void of_changesWithEveryPayloadField() {
        List<BehaviourEvent> variants = List.of(BASE, with(set(2, EventType.ADD_TO_CART)), with(set(4, "sku-2")),
                with(set(4, null)), with(set(5, "bags")), with(set(6, 79.91)), with(set(6, null)), with(set(7, "q")),
                with(set(8, 79.9)), with(set(9, "C10")), with(set(10, "d-1")), with(set(11, "s-2")));
        Set<String> fingerprints = new HashSet<>();
        variants.forEach(v -> fingerprints.add(PayloadFingerprint.of(v)));
        assertEquals(variants.size(), fingerprints.size());
    }

    @Test
    void of_noTwoPayloadsShareAnEncoding() {
        // the same characters spread differently over two fields, and empty against absent
        assertNotEquals(PayloadFingerprint.of(with(f -> { f[4] = "ab"; f[5] = "c"; return f; })),
                PayloadFingerprint.of(with(f -> { f[4] = "a"; f[5] = "bc"; return f; })));
        assertNotEquals(PayloadFingerprint.of(with(set(5, ""))), PayloadFingerprint.of(with(set(5, null))));
        assertNotEquals(PayloadFingerprint.of(with(set(5, "-"))), PayloadFingerprint.of(with(set(5, null))));
    }

    @Test
    void of_sameNumberWrittenTwoWays_isTheSame() {
        // JSON 79.9 and 79.90 parse to one double
        assertEquals(PayloadFingerprint.of(with(set(6, Double.valueOf("79.90")))), PayloadFingerprint.of(BASE));
    }
}
