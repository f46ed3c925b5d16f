package io.couponflow.dynamodb;

import io.couponflow.testing.RepoRoot;
import org.junit.jupiter.api.Test;

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
    void template_setsNoClockSetting() throws java.io.IOException {
        Set<String> settings = SamTemplateTest.settingVariables(RepoRoot.find());
        assertTrue(settings.containsAll(CLOCK_SETTINGS), "the clock settings are read by the functions: " + settings);

        Map<String, Map<String, Object>> environments = SamTemplate.functionEnvironments();
        environments.forEach((function, vars) -> {
            for (String clock : CLOCK_SETTINGS) {
                assertFalse(vars.containsKey(clock), function + " sets " + clock + ": a deployment must run on the system clock");
            }
        });
        assertEquals(3, environments.size());
    }
}
