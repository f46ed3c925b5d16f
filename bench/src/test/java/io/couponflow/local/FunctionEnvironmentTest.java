package io.couponflow.local;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Which settings reach the local stack's functions, and which win. */
class FunctionEnvironmentTest {

    @Test
    void functionEnvironment_shellCouponflowSettings_reachTheFunctions() {
        Map<String, String> env = LocalStack.functionEnvironment(Map.of("COUPONFLOW_TABLES_EVENTS", "couponflow-events"),
                Map.of(), Map.of("COUPONFLOW_SCORE_LIVE_SHARE", "0", "HOME", "/root"));
        assertEquals("0", env.get("COUPONFLOW_SCORE_LIVE_SHARE"));
        assertFalse(env.containsKey("HOME"), "settings are the COUPONFLOW_* variables (the process inherits the rest anyway)");
    }

    @Test
    void functionEnvironment_shellBeatsDemoAndWiringBeatsShell() {
        Map<String, String> env = LocalStack.functionEnvironment(
                Map.of("COUPONFLOW_TABLES_EVENTS", "couponflow-events"),
                Map.of("COUPONFLOW_SCORE_CACHE_TTL", "PT1S", "COUPONFLOW_INGEST_MARGIN_RATE", "0.3"),
                Map.of("COUPONFLOW_SCORE_CACHE_TTL", "PT5S", "COUPONFLOW_TABLES_EVENTS", "prod-events"));
        assertEquals("PT5S", env.get("COUPONFLOW_SCORE_CACHE_TTL"), "the operator's explicit setting over the demo's");
        assertEquals("0.3", env.get("COUPONFLOW_INGEST_MARGIN_RATE"), "the demo's setting where the shell has none");
        assertEquals("couponflow-events", env.get("COUPONFLOW_TABLES_EVENTS"), "the stack's own tables, whatever the shell says");
    }
}
