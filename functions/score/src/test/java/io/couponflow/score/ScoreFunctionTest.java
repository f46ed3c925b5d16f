package io.couponflow.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.coupon.BudgetShards;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import io.couponflow.dynamodb.DynamoCouponCatalog;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.couponflow.testing.LambdaInvoker.callRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score function invoked as Lambda invokes it, against dynalite and the real ONNX model. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
class ScoreFunctionTest {

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    private static HttpAnswer decide(Object body) {
        return callRoute("POST", "/v1/decisions", body);
    }

    private static void putCoupon(String id, Map<String, Object> body) {
        HttpAnswer a = callRoute("PUT", "/v1/coupons/" + id, body);
        assertEquals(200, a.status(), a.body().toString());
    }

    @Test
    void coupons_putValidatesAndGetReadsBack() {
        putCoupon("T-FIX", Map.of("kind", "fixed", "value", 5, "minSpend", 20, "dailyBudget", 10));
        HttpAnswer got = callRoute("GET", "/v1/coupons/T-FIX", null);
        assertEquals(200, got.status());
        assertEquals("fixed", got.body().get("kind").asText());
        assertEquals(10, got.body().get("dailyBudget").asInt());

        HttpAnswer bad = callRoute("PUT", "/v1/coupons/T-BAD", Map.of("kind", "bogus", "value", -1));
        assertEquals(400, bad.status());
        assertEquals("UNKNOWN_VALUE", bad.errorCode());
        assertEquals(2, bad.body().get("errors").size(), "both faults reported");
        assertEquals("NOT_FOUND", callRoute("GET", "/v1/coupons/NOPE", null).errorCode());
        assertEquals("INVALID_STRING", callRoute("PUT", "/v1/coupons/none", Map.of("kind", "fixed", "value", 1)).errorCode());
    }

    @Test
    void coupons_peakIssuesPerSecond_derivesTheShardsAndBadRatesAre400() {
        HttpAnswer put = callRoute("PUT", "/v1/coupons/FLASH", Map.of("kind", "fixed", "value", 5,
                "dailyBudget", 2_000_000, "peakIssuesPerSecond", 12_000));
        assertEquals(200, put.status(), put.body().toString());
        assertEquals(24, put.body().get("budgetShardsInUse").asInt(), "12,000 a second at 500 a shard");
        assertEquals("PEAK_ISSUES_PER_SECOND", put.body().get("budgetShardsFrom").asText());
        Coupon stored = new DynamoCouponCatalog(client, tables.coupons()).get("FLASH").orElseThrow();
        assertEquals(12_000.0, stored.peakIssuesPerSecond());
        assertEquals(24, BudgetShards.count(stored), "the stored coupon derives the same shards");
        assertEquals(12_000.0, callRoute("GET", "/v1/coupons/FLASH", null).body().get("peakIssuesPerSecond").asDouble());

        HttpAnswer tooFast = callRoute("PUT", "/v1/coupons/FLASH", Map.of("kind", "fixed", "value", 5,
                "dailyBudget", 2_000_000, "peakIssuesPerSecond", 60_000));
        assertEquals(400, tooFast.status());
        assertEquals("OUT_OF_RANGE", tooFast.errorCode());
        assertEquals("peakIssuesPerSecond", tooFast.body().at("/error/field").asText());
        HttpAnswer both = callRoute("PUT", "/v1/coupons/FLASH", Map.of("kind", "fixed", "value", 5,
                "dailyBudget", 2_000_000, "peakIssuesPerSecond", 1_000, "budgetShards", 3));
        assertEquals("CONFLICTING_FIELDS", both.errorCode());
        assertEquals("peakIssuesPerSecond", both.body().at("/error/field").asText());
        HttpAnswer noBudget = callRoute("PUT", "/v1/coupons/FLASH", Map.of("kind", "fixed", "value", 5,
                "peakIssuesPerSecond", 1_000));
        assertEquals("MISSING_FIELD", noBudget.errorCode());
        assertEquals("dailyBudget", noBudget.body().at("/error/field").asText());
        assertEquals(24, BudgetShards.count(new DynamoCouponCatalog(client, tables.coupons()).get("FLASH").orElseThrow()),
                "refused PUTs leave the stored coupon as it was");
    }

    @Test
    void decide_unknownUserWithoutPolicy_coldStartMostlyNoneOverEligible() {
        putCoupon("CS-A", Map.of("kind", "percent", "value", 10, "minSpend", 0));
        putCoupon("CS-B", Map.of("kind", "free_shipping", "value", 4.9, "minSpend", 1000));   // below min spend
        HttpAnswer a = decide(Map.of("userId", "never-seen", "context", Map.of("cartValue", 30, "channel", "app"),
                "candidates", List.of("CS-A", "CS-B", "CS-GHOST")));
        assertEquals(200, a.status(), a.body().toString());
        JsonNode b = a.body();
        assertNotNull(b.get("decisionId").asText());
        // cold-start ε 0.3 over {none, CS-A}: none 0.7 + 0.15, CS-A 0.15
        boolean none = b.get("coupon").isNull();
        assertEquals(none ? 0.85 : 0.15, b.get("propensity").asDouble(), 1e-12, b.toString());
        assertEquals("cold-start", b.get("policyVersion").asText());
        Set<String> reasons = reasons(b);
        assertTrue(reasons.containsAll(Set.of("NO_HISTORY", "COLD_START", "BELOW_MIN_SPEND:CS-B", "UNKNOWN_COUPON:CS-GHOST")),
                reasons.toString());
        assertTrue(b.get("encoderVersion").asText().startsWith("enc-"));
    }

    @Test
    void decide_badRequests_getA400WithField() {
        assertEquals("MISSING_FIELD", decide(Map.of("context", Map.of())).errorCode());
        assertEquals("context.cartValue", decide(Map.of("userId", "u", "context", Map.of("cartValue", "lots")))
                .body().at("/error/field").asText());
        assertEquals("OUT_OF_RANGE", decide(Map.of("userId", "u", "context", Map.of("cartValue", -5))).errorCode());
        assertEquals("WRONG_TYPE", decide(Map.of("userId", "u", "candidates", "CS-A")).errorCode());
        assertEquals("INVALID_JSON", decide("{oops").errorCode());
        HttpAnswer several = decide(Map.of("userId", "", "context", Map.of("cartValue", -5)));
        assertEquals(400, several.status());
        assertEquals("userId", several.body().at("/error/field").asText(), "the first fault in error");
        assertEquals(2, several.body().get("errors").size(), "every fault in errors");
    }

    @Test
    void decide_exhaustedBudgetAndCategory_areRefusedWithReasons() {
        putCoupon("BX", Map.of("kind", "fixed", "value", 3, "dailyBudget", 0));
        putCoupon("CAT", Map.of("kind", "fixed", "value", 3, "category", "shoes"));
        HttpAnswer a = decide(Map.of("userId", "u-bx", "context", Map.of("cartValue", 10, "category", "hats"),
                "candidates", List.of("BX", "CAT")));
        assertEquals(200, a.status());
        assertTrue(a.body().get("coupon").isNull());
        assertEquals(1.0, a.body().get("propensity").asDouble(), 1e-12);
        Set<String> reasons = reasons(a.body());
        assertTrue(reasons.containsAll(Set.of("BUDGET_EXHAUSTED:BX", "CATEGORY_MISMATCH:CAT", "NO_ELIGIBLE_COUPON")),
                reasons.toString());
    }

    @Test
    void decide_withActivePolicy_greedyChoiceIsLoggedWithExactPropensity() {
        putCoupon("P-BIG", Map.of("kind", "fixed", "value", 20));
        int stateDim = PolicyFeatures.stateDim(32);
        double[] w = new double[PolicyFeatures.ACTION_DIM * stateDim];
        // conversion 0.2 without a coupon, 0.2 + 0.5 with a fixed-amount one (rows 0 and 2, constant state
        // feature); a sale is worth the cart (v = 1): at cart 50, Q(none) = 10 and Q(P-BIG) = 0.7 × (50 − 20) = 21
        w[stateDim - 1] = 0.2;
        w[2 * stateDim + stateDim - 1] = 0.5;
        DynamoPolicyStore store = new DynamoPolicyStore(client, tables.models(), "default");
        store.save(new PolicyVersion("v-test-1", Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim, w), 1, 0.2), null,
                Instant.now().toEpochMilli(), "CANDIDATE", "{}"));
        String current = store.active().map(PolicyVersion::version).orElse(null);
        assertTrue(store.promote("v-test-1", current));
        try {
            HttpAnswer a = decide(Map.of("userId", "u-pol", "context", Map.of("cartValue", 50), "candidates", List.of("P-BIG")));
            assertEquals(200, a.status());
            assertEquals("v-test-1", a.body().get("policyVersion").asText());
            boolean greedy = reasons(a.body()).contains("GREEDY");
            double expected = greedy ? 0.8 + 0.2 / 2 : 0.2 / 2;
            assertEquals(expected, a.body().get("propensity").asDouble(), 1e-12);
            if (greedy) {
                assertEquals("P-BIG", a.body().at("/coupon/couponId").asText());
                assertEquals(21 - 10, a.body().get("expectedUplift").asDouble(), 1e-9);
            }
            DecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(1));
            DecisionRecord logged = log.since("u-pol", 0).get(0);
            assertEquals(a.body().get("decisionId").asText(), logged.decisionId());
            assertEquals(expected, logged.propensity(), 1e-12);
            assertEquals(2, logged.candidates().size());
            assertEquals(stateDim, logged.state().length);
        } finally {
            store.rollback();
        }
    }

    private static Set<String> reasons(JsonNode b) {
        Set<String> out = new HashSet<>();
        b.get("reasons").forEach(r -> out.add(r.asText()));
        return out;
    }
}
