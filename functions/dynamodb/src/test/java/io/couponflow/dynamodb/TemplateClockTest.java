package io.couponflow.dynamodb;

import io.couponflow.testing.RepoRoot;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Deployed functions run on the system clock: the settings that replace it (the sample tests' fixed
 * clock, the local stack's virtual clock) exist, and infra/template.yaml sets neither, globally or per function.
 */
class TemplateClockTest {
    private static final List<String> CLOCK_SETTINGS = List.of("COUPONFLOW_FIXED_CLOCK", "COUPONFLOW_CLOCK_FILE");

    @Test
    @SuppressWarnings("unchecked")
    void template_setsNoClockSetting() throws java.io.IOException {
        Set<String> settings = SamTemplateTest.settingVariables(RepoRoot.find());
        assertTrue(settings.containsAll(CLOCK_SETTINGS), "the clock settings are read by the functions: " + settings);

        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>)
                SamTemplate.load().get("Globals")).get("Function")).get("Environment")).get("Variables");
        int functions = 0;
        for (Map.Entry<String, Object> r : SamTemplate.resources().entrySet()) {
            Map<String, Object> res = (Map<String, Object>) r.getValue();
            if (!"AWS::Serverless::Function".equals(res.get("Type"))) {
                continue;
            }
            functions++;
            Map<String, Object> vars = new HashMap<>(globals);
            Map<String, Object> own = (Map<String, Object>) ((Map<String, Object>) res.get("Properties")).get("Environment");
            if (own != null) {
                vars.putAll((Map<String, Object>) own.get("Variables"));
            }
            for (String clock : CLOCK_SETTINGS) {
                assertFalse(vars.containsKey(clock), r.getKey() + " sets " + clock + ": a deployment must run on the system clock");
            }
        }
        assertEquals(3, functions);
    }
}
