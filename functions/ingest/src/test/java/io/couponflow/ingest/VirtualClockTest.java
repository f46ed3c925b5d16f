package io.couponflow.ingest;

import io.couponflow.core.clock.ClockFiles;
import io.couponflow.core.clock.FileClock;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.couponflow.testing.LambdaInvoker.apiGatewayEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * With {@code couponflow.clock-file} (the local stack's virtual clock) the function's now is the file's,
 * read at every request: events of a simulated year far from today are accepted, and moving the file
 * moves the accepted window.
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(VirtualClockTest.FromFile.class)
class VirtualClockTest {
    private static final Instant SIMULATED = Instant.parse("2100-01-01T08:00:00Z");
    private static final Path CLOCK = ClockFiles.inTemp(SIMULATED);

    public static class FromFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.clock-file", CLOCK.toString());
        }
    }

    private static HttpAnswer postView(String eventId, Instant ts) {
        return LambdaInvoker.invokeHttp(apiGatewayEvent("POST", "/v1/events", Map.of("events", List.of(Map.of(
                "eventId", eventId, "userId", "user-vc", "type", "view", "ts", ts.toEpochMilli())))));
    }

    @Test
    void postEvents_clockFile_windowFollowsTheFile() {
        HttpAnswer simulated = postView("vc-1", SIMULATED.minusSeconds(1));
        assertEquals(200, simulated.status(), simulated.body().toString());
        assertEquals(1, simulated.body().get("accepted").asInt(), "an event of the simulated day is inside the window");

        HttpAnswer today = postView("vc-2", Instant.now());
        assertEquals(400, today.status(), "the wall clock's today is 70+ years before the simulated now");
        assertEquals("TIMESTAMP_OUT_OF_WINDOW", today.errorCode());

        FileClock.publish(CLOCK, SIMULATED.plus(Duration.ofDays(31)));
        HttpAnswer stale = postView("vc-3", SIMULATED.minusSeconds(1));

        assertEquals(400, stale.status());
        assertEquals("TIMESTAMP_OUT_OF_WINDOW", stale.errorCode());
        assertEquals("ts", stale.body().get("rejected").get(0).get("field").asText());
    }
}
