package io.couponflow.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.DynamoPolicyStore;
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

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.couponflow.testing.LambdaInvoker.callRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policy routes through the score function against dynalite: the same conditional pointer writes
 * as the retrain function's operator actions (core's ActivePolicyMoves). Its own policy name, so the
 * pointer starts empty whatever other test classes promoted.
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(PolicyRoutesTest.OwnPolicy.class)
class PolicyRoutesTest {
    static final String POLICY = "routes-test";

    public static class OwnPolicy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.score.policy", POLICY);
        }
    }

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    private void save(String version, long createdAt, String summaryJson) {
        int stateDim = PolicyFeatures.stateDim(32);
        new DynamoPolicyStore(client, tables.models(), POLICY).save(new PolicyVersion(version,
                Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim, new double[PolicyFeatures.ACTION_DIM * stateDim]), 1, 0.05),
                null, createdAt, "PASSED_GATE", summaryJson));
    }

    private static Map<String, Object> expecting(String active) {
        Map<String, Object> b = new HashMap<>();
        b.put("expectedActive", active);
        return b;
    }

    @Test
    void policies_listPromoteRollback_moveThePointerConditionally() {
        save("v-a", 1_000, "{\"outcome\":\"PROMOTED\",\"drDifference\":0.25,\"drDifferenceInterval\":[0.1,0.4]}");
        save("v-b", 2_000, "{\"outcome\":\"KEPT_AS_CANDIDATE\"}");

        HttpAnswer empty = callRoute("GET", "/v1/policies", null);
        assertEquals(200, empty.status(), empty.body().toString());
        assertTrue(empty.body().get("active").isNull());
        assertEquals(List.of("v-b", "v-a"), versions(empty.body()), "newest first");
        assertEquals(0.25, empty.body().at("/versions/1/summary/drDifference").asDouble(), 0, "the gate's figures");
        assertEquals(0.4, empty.body().at("/versions/1/summary/drDifferenceInterval/1").asDouble(), 0);

        assertEquals(409, callRoute("POST", "/v1/policies/rollback", null).status(), "nothing to roll back yet");
        HttpAnswer first = callRoute("POST", "/v1/policies/v-a/promote", null);
        assertEquals(200, first.status(), first.body().toString());
        assertEquals("v-a", first.body().get("active").asText());
        assertTrue(first.body().get("activeBefore").isNull());

        HttpAnswer again = callRoute("POST", "/v1/policies/v-a/promote", null);
        assertEquals(409, again.status());
        assertEquals("ALREADY_ACTIVE", again.errorCode());

        HttpAnswer stale = callRoute("POST", "/v1/policies/v-b/promote", expecting(null));
        assertEquals(409, stale.status(), "the operator expected no active version, v-a serves");
        assertEquals("ACTIVE_POLICY_MOVED", stale.errorCode());
        assertEquals("v-a", stale.body().get("active").asText());

        HttpAnswer second = callRoute("POST", "/v1/policies/v-b/promote", expecting("v-a"));
        assertEquals(200, second.status(), second.body().toString());
        HttpAnswer listed = callRoute("GET", "/v1/policies", null);
        assertEquals("v-b", listed.body().get("active").asText());
        assertEquals("v-a", listed.body().at("/history/0").asText());
        assertTrue(listed.body().at("/versions/0/active").asBoolean());
        assertFalse(listed.body().at("/versions/1/active").asBoolean());

        HttpAnswer back = callRoute("POST", "/v1/policies/rollback", null);
        assertEquals(200, back.status(), back.body().toString());
        assertEquals("v-b", back.body().get("activeBefore").asText());
        assertEquals("v-a", back.body().get("active").asText());
        HttpAnswer none = callRoute("POST", "/v1/policies/rollback", null);
        assertEquals("NOTHING_TO_ROLL_BACK", none.errorCode());
        assertEquals("v-a", new DynamoPolicyStore(client, tables.models(), POLICY).active().orElseThrow().version());
    }

    @Test
    void policies_badRequests_areClientErrors() {
        HttpAnswer ghost = callRoute("POST", "/v1/policies/v-ghost/promote", null);
        assertEquals(404, ghost.status());
        assertEquals("NOT_FOUND", ghost.errorCode());
        assertEquals(405, callRoute("GET", "/v1/policies/rollback", null).status());
        assertEquals(405, callRoute("DELETE", "/v1/policies", null).status());
        assertEquals(405, callRoute("GET", "/v1/policies/v-a/promote", null).status());
        HttpAnswer wrongType = callRoute("POST", "/v1/policies/v-a/promote", Map.of("expectedActive", 7));
        assertEquals(400, wrongType.status());
        assertEquals("WRONG_TYPE", wrongType.errorCode());
        assertEquals("expectedActive", wrongType.body().at("/error/field").asText());
        assertEquals("MISSING_FIELD", callRoute("POST", "/v1/policies/v-a/promote", Map.of()).errorCode());
        assertEquals(404, callRoute("POST", "/v1/policies/a/b/promote", null).status());
    }

    private static List<String> versions(JsonNode body) {
        List<String> out = new java.util.ArrayList<>();
        body.get("versions").forEach(v -> out.add(v.get("version").asText()));
        return out;
    }
}
