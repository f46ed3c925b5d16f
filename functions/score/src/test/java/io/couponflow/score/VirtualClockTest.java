package io.couponflow.score;

import io.couponflow.core.clock.ClockFiles;
import io.couponflow.core.clock.FileClock;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.couponflow.testing.LambdaInvoker.callRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With {@code couponflow.clock-file} (the local stack's virtual clock) a decision is taken at the file's
 * now: coupon validity is judged, and the decision logged, at the simulated time, which moves with the file.
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(VirtualClockTest.FromFile.class)
class VirtualClockTest {
    private static final Instant SIMULATED = Instant.parse("2100-01-01T08:00:00Z");
    private static final Path CLOCK = ClockFiles.inTemp(SIMULATED);

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    public static class FromFile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.clock-file", CLOCK.toString());
        }
    }

    private static Set<String> decideReasons(String user) {
        HttpAnswer a = callRoute("POST", "/v1/decisions", Map.of("userId", user, "context", Map.of("cartValue", 40),
                "candidates", List.of("VC-NEWYEAR")));
        assertEquals(200, a.status(), a.body().toString());
        Set<String> out = new HashSet<>();
        a.body().get("reasons").forEach(r -> out.add(r.asText()));
        return out;
    }

    @Test
    void decide_clockFile_validityAndLogFollowTheFile() {
        HttpAnswer put = callRoute("PUT", "/v1/coupons/VC-NEWYEAR", Map.of("kind", "fixed", "value", 5,
                "validFrom", "2099-12-31T00:00:00Z", "validTo", "2100-01-02T00:00:00Z"));
        assertEquals(200, put.status(), put.body().toString());

        Set<String> during = decideReasons("u-vc-1");
        assertFalse(during.contains("OUTSIDE_VALIDITY:VC-NEWYEAR"), "valid at the simulated now: " + during);
        assertTrue(during.contains("COLD_START"), during.toString());

        FileClock.publish(CLOCK, SIMULATED.plus(Duration.ofDays(2)));
        Set<String> after = decideReasons("u-vc-2");

        assertTrue(after.containsAll(Set.of("OUTSIDE_VALIDITY:VC-NEWYEAR", "NO_ELIGIBLE_COUPON")), after.toString());
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(1));
        assertEquals(List.of(SIMULATED.toEpochMilli()), log.since("u-vc-1", 0).stream().map(DecisionRecord::ts).toList());
        assertEquals(List.of(SIMULATED.plus(Duration.ofDays(2)).toEpochMilli()),
                log.since("u-vc-2", 0).stream().map(DecisionRecord::ts).toList());
    }
}
