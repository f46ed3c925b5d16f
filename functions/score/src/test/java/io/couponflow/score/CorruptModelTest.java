package io.couponflow.score;

import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static io.couponflow.testing.LambdaInvoker.apiGatewayEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A corrupt model file: the function still starts and answers, with the cold-start policy. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(CorruptModelTest.CorruptModel.class)
class CorruptModelTest {

    public static class CorruptModel implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path f = Files.createTempFile("corrupt", ".onnx");
                Files.write(f, "not an onnx graph".getBytes());
                f.toFile().deleteOnExit();
                return Map.of("couponflow.score.model-path", f.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void decide_corruptModel_answers200WithColdStartAndReason() {
        HttpAnswer a = LambdaInvoker.invokeHttp(apiGatewayEvent("POST", "/v1/decisions",
                Map.of("userId", "u-corrupt", "context", Map.of("cartValue", 20))));
        assertEquals(200, a.status(), a.body().toString());
        Set<String> reasons = new HashSet<>();
        a.body().get("reasons").forEach(r -> reasons.add(r.asText()));
        assertTrue(reasons.containsAll(Set.of("MODEL_UNAVAILABLE", "COLD_START")), reasons.toString());
        assertEquals("cold-start", a.body().get("policyVersion").asText());
        assertTrue(a.body().get("encoderVersion").isNull());
    }

    @Test
    void health_corruptModel_is503NamingTheFailure() {
        HttpAnswer a = LambdaInvoker.invokeHttp(apiGatewayEvent("GET", "/v1/health", null));
        assertEquals(503, a.status(), a.body().toString());
        assertEquals("DEGRADED", a.body().get("status").asText());
        assertEquals(false, a.body().at("/encoder/loaded").asBoolean());
        assertTrue(a.body().at("/encoder/failure").asText().contains("could not be loaded"), a.body().toString());
        assertEquals("cold-start", a.body().get("decisionsServedBy").asText());
    }
}
