package io.couponflow.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarketFileTest {
    private static final String OUTLET = """
            {"name": "outlet", "shares": {"sureThing": 0.25, "persuadable": 0.35, "lostCause": 0.25, "sleepingDog": 0.15},
             "visitRate": 0.15, "basketMean": 45, "depthForFullEffect": 0.25, "marginRate": 0.3,
             "coupons": [{"id": "F5", "kind": "fixed", "value": 5, "minSpend": 30},
                         {"id": "P15", "kind": "percent", "value": 15, "minSpend": 0},
                         {"id": "SHIP", "kind": "free_shipping", "value": 4.9, "minSpend": 0}]}""";

    private static ObjectNode outlet() throws Exception {
        return (ObjectNode) new ObjectMapper().readTree(OUTLET);
    }

    @Test
    void parse_theIssuesExample() throws Exception {
        Market m = MarketFile.parse(outlet(), 100);
        assertEquals("outlet", m.name());
        assertEquals(0.35, m.shares()[Segment.PERSUADABLE.ordinal()], 0);
        assertEquals(3, m.coupons().size());
        assertEquals(15 * 0.45, m.coupon("P15").cost(45), 1e-12);
        assertEquals(null, m.dynamics());
    }

    private static String refusal(ObjectNode root) {
        return assertThrows(MarketFile.InvalidMarket.class, () -> MarketFile.parse(root, 100)).getMessage();
    }

    @Test
    void badFiles_areRefusedNamingTheField() throws Exception {
        ObjectNode r = outlet();
        ((ObjectNode) r.get("shares")).put("persuadable", 0.3);
        assertEquals("shares: must sum to 1, they sum to 0.9500", refusal(r));

        r = outlet();
        ((ObjectNode) r.get("coupons").get(1)).put("kind", "bogus");
        assertEquals("coupons[1].kind: unknown kind 'bogus' (fixed, percent, free_shipping)", refusal(r));

        r = outlet();
        ((ObjectNode) r.get("coupons").get(0)).put("value", -5);
        assertEquals("coupons[0].value: -5 must be above 0 and at most 1000000", refusal(r));

        r = outlet();
        r.putArray("coupons");
        assertEquals("coupons: required, a non-empty array", refusal(r));

        r = outlet();
        r.remove("visitRate");
        assertEquals("visitRate: required, a number", refusal(r));

        r = outlet();
        ((ObjectNode) r.get("shares")).put("bargainHunter", 0);
        assertEquals("shares.bargainHunter: unknown segment (sureThing, persuadable, lostCause, sleepingDog)", refusal(r));
    }
}
