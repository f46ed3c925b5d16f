package io.couponflow.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.Map;

import static io.couponflow.testing.LambdaInvoker.apiGatewayEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /v1/health through the Lambda event server: the encoder, the serving policy and whether the
 * policy store can be read. Its own policy name keeps its ACTIVE pointer apart; the last test stops
 * the database, so the class runs on its own profile (a fresh application and dynalite).
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(HealthTest.OwnPolicy.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HealthTest {

    public static class OwnPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.score.policy", "health-test");
        }
    }

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    private static HttpAnswer health() {
        return LambdaInvoker.invokeHttp(apiGatewayEvent("GET", "/v1/health", null));
    }

    @Test
    @Order(1)
    void health_followsTheServingPolicyAndFlagsOneTrainedOnAnotherEncoder() {
        HttpAnswer cold = health();
        assertEquals(200, cold.status(), cold.body().toString());
        assertEquals("UP", cold.body().get("status").asText());
        assertTrue(cold.body().at("/encoder/loaded").asBoolean());
        String encoder = cold.body().at("/encoder/version").asText();
        assertTrue(encoder.startsWith("enc-"), encoder);
        assertTrue(cold.body().at("/policy/active").isNull());
        assertEquals("cold-start", cold.body().get("decisionsServedBy").asText());

        DynamoPolicyStore store = new DynamoPolicyStore(client, tables.models(), "health-test");
        int sd = PolicyFeatures.stateDim(32);
        store.save(new PolicyVersion("v-h-good", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, sd, new double[PolicyFeatures.ACTION_DIM * sd]),
                0.3, 0.1), PolicyFeatures.stateVersion(encoder), 0, "PASSED_GATE", "{}"));
        assertTrue(store.promote("v-h-good", null));
        HttpAnswer serving = health();
        assertEquals(200, serving.status(), serving.body().toString());
        assertEquals("v-h-good", serving.body().at("/policy/active").asText());
        assertTrue(serving.body().at("/policy/encoderMatches").asBoolean());
        assertEquals("policy", serving.body().get("decisionsServedBy").asText());

        // a policy trained on another encoder (a new model deployed before its policy): not used
        store.save(new PolicyVersion("v-h-stale", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, sd, new double[PolicyFeatures.ACTION_DIM * sd]),
                0.3, 0.1), PolicyFeatures.stateVersion("enc-previous"), 0, "PASSED_GATE", "{}"));
        assertTrue(store.promote("v-h-stale", "v-h-good"));
        HttpAnswer stale = health();
        assertEquals(503, stale.status(), stale.body().toString());
        assertEquals("DEGRADED", stale.body().get("status").asText());
        assertFalse(stale.body().at("/policy/encoderMatches").asBoolean());
        assertEquals("cold-start", stale.body().get("decisionsServedBy").asText());
        HttpAnswer decision = LambdaInvoker.invokeHttp(apiGatewayEvent("POST", "/v1/decisions",
                Map.of("userId", "u-health", "context", Map.of("cartValue", 30))));
        assertEquals(200, decision.status(), decision.body().toString());
        assertEquals("cold-start", decision.body().get("policyVersion").asText());
        assertTrue(decision.body().get("reasons").toString().contains("POLICY_ENCODER_MISMATCH"), decision.body().toString());

        assertTrue(store.rollback());
        assertEquals(200, health().status());
    }

    @Test
    @Order(2)
    void health_otherMethod_is405() {
        HttpAnswer a = LambdaInvoker.invokeHttp(apiGatewayEvent("POST", "/v1/health", Map.of()));
        assertEquals(405, a.status());
        assertEquals("METHOD_NOT_ALLOWED", a.errorCode());
    }

    @Test
    @Order(3)
    void health_databaseStopped_is503WithoutLeakingTheCause() {
        DynaliteTestResource.server().kill();
        HttpAnswer a = health();
        assertEquals(503, a.status(), a.body().toString());
        JsonNode b = a.body();
        assertEquals("DEGRADED", b.get("status").asText());
        assertTrue(b.at("/encoder/loaded").asBoolean(), "the model is still loaded");
        assertEquals("policy store unreadable", b.at("/policy/error").asText());
        assertEquals("cold-start", b.get("decisionsServedBy").asText());
    }
}
