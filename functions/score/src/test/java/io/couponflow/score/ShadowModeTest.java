package io.couponflow.score;

import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoCouponCatalog;
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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.couponflow.testing.LambdaInvoker.callRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Shadow mode through the score function, against dynalite: with {@code couponflow.score.live-share=0}
 * every user is outside the live share, so a request with a baseline is served the baseline and
 * couponflow's draw is logged beside it; a request without one is decided as always.
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(ShadowModeTest.NobodyLive.class)
class ShadowModeTest {

    public static class NobodyLive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.score.live-share", "0");
        }
    }

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    /** Leaves the baseline key out (null as a value means "the shop gives none"). */
    private static final Object NO_BASELINE = new Object();

    private static HttpAnswer decide(String user, double cart, List<String> candidates, Object baseline) {
        Map<String, Object> body = new HashMap<>();
        body.put("userId", user);
        body.put("context", Map.of("channel", "web", "cartValue", cart));
        if (candidates != null) {
            body.put("candidates", candidates);
        }
        if (baseline != NO_BASELINE) {
            body.put("baseline", baseline);
        }
        return callRoute("POST", "/v1/decisions", body);
    }

    private static Map<String, Object> baseline(String couponId) {
        Map<String, Object> b = new HashMap<>();
        b.put("couponId", couponId);
        return b;
    }

    private void putCoupon(String id, Map<String, Object> body) {
        assertEquals(200, callRoute("PUT", "/v1/coupons/" + id, body).status());
    }

    private DecisionRecord logged(String user) {
        List<DecisionRecord> all = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(1)).since(user, 0);
        assertEquals(1, all.size(), "one decision logged for " + user);
        return all.get(0);
    }

    @Test
    void decide_outsideLiveShare_servesBaselineAndLogsShadowDraw() {
        putCoupon("SH-A", Map.of("kind", "fixed", "value", 5, "minSpend", 20, "dailyBudget", 10));
        putCoupon("SH-B", Map.of("kind", "percent", "value", 10));
        HttpAnswer a = decide("sh-user-1", 60, List.of("SH-A", "SH-B"), baseline("SH-A"));

        assertEquals(200, a.status(), a.body().toString());
        assertEquals("SH-A", a.body().at("/coupon/couponId").asText());
        assertEquals(1.0, a.body().get("propensity").asDouble(), 0);
        assertEquals(DecisionRecord.BASELINE_POLICY, a.body().get("policyVersion").asText());
        assertTrue(reasons(a.body()).contains("BASELINE"), a.body().toString());

        DecisionRecord d = logged("sh-user-1");
        assertEquals("SH-A", d.chosen());
        assertEquals("SH-A", d.baseline());
        assertTrue(d.servedByBaseline());
        DecisionRecord.Shadow shadow = d.shadow();
        assertNotNull(shadow);
        assertEquals(DecisionMaker.COLD_START_POLICY, shadow.policyVersion());
        assertEquals(d.candidates().size(), shadow.probabilities().length, "a probability per candidate");
        assertEquals(1.0, Arrays.stream(shadow.probabilities()).sum(), 1e-9);
        assertTrue(Arrays.stream(shadow.probabilities()).allMatch(p -> p > 0), "every action possible in the shadow");
        int shadowIndex = d.candidates().stream().map(c -> c.actionId()).toList().indexOf(shadow.chosen());
        assertEquals(shadow.probabilities()[shadowIndex], shadow.propensity(), 1e-12);
        // the served coupon took its budget like any other
        assertEquals(1, issuedToday("SH-A"));
    }

    @Test
    void decide_baselineNone_servesNoCoupon() {
        putCoupon("SH-C", Map.of("kind", "fixed", "value", 5));
        for (Object none : new Object[]{baseline(null), null}) {   // {"couponId": null} and null alike
            String user = "sh-user-2" + (none == null ? "n" : "c");
            HttpAnswer a = decide(user, 60, List.of("SH-C"), none);
            assertEquals(200, a.status(), a.body().toString());
            assertTrue(a.body().get("coupon").isNull());
            assertTrue(reasons(a.body()).contains("BASELINE"));
            assertEquals(DecisionRecord.NONE, logged(user).chosen());
        }
    }

    @Test
    void decide_withoutBaseline_isDecidedByCouponflowAsBefore() {
        HttpAnswer a = decide("sh-user-3", 60, null, NO_BASELINE);
        assertEquals(200, a.status(), a.body().toString());
        assertFalse(reasons(a.body()).contains("BASELINE"));
        assertEquals(DecisionMaker.COLD_START_POLICY, a.body().get("policyVersion").asText());
        assertNull(logged("sh-user-3").shadow());
    }

    @Test
    void decide_unknownBaselineCoupon_is422WithFieldAndNothingLogged() {
        HttpAnswer a = decide("sh-user-4", 60, null, baseline("SH-GHOST"));
        assertEquals(422, a.status());
        assertEquals("UNKNOWN_BASELINE_COUPON", a.errorCode());
        assertEquals("baseline.couponId", a.body().at("/error/field").asText());
        assertTrue(a.body().at("/error/message").asText().contains("SH-GHOST"));
        assertTrue(new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(1)).since("sh-user-4", 0).isEmpty());
    }

    @Test
    void decide_ineligibleOrNotOfferedBaseline_is422AndTakesNoBudget() {
        putCoupon("SH-MIN", Map.of("kind", "fixed", "value", 5, "minSpend", 100, "dailyBudget", 10));
        putCoupon("SH-OTHER", Map.of("kind", "fixed", "value", 5));
        HttpAnswer below = decide("sh-user-5", 30, null, baseline("SH-MIN"));
        assertEquals(422, below.status());
        assertEquals("INELIGIBLE_BASELINE_COUPON", below.errorCode());
        assertEquals("baseline.couponId", below.body().at("/error/field").asText());
        assertTrue(below.body().at("/error/message").asText().contains("BELOW_MIN_SPEND"), below.body().toString());

        HttpAnswer notOffered = decide("sh-user-5", 300, List.of("SH-OTHER"), baseline("SH-MIN"));
        assertEquals("INELIGIBLE_BASELINE_COUPON", notOffered.errorCode());
        assertTrue(new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(1)).since("sh-user-5", 0).isEmpty());
        assertEquals(0, issuedToday("SH-MIN"));
    }

    /** Today's issues of a coupon over all its budget shards, as the score function counts them. */
    private int issuedToday(String couponId) {
        Coupon c = new DynamoCouponCatalog(client, tables.coupons())
                .get(couponId).orElseThrow();
        return new CouponBudgets(new DynamoBudgetCounter(client, tables.budgets(), Clock.systemUTC()),
                CouponBudgets.Settings.defaults(), Clock.systemUTC())
                .used(List.of(c), DecisionMaker.day(Instant.now())).getOrDefault(couponId, 0);
    }

    @Test
    void decide_malformedBaseline_is400WrongType() {
        HttpAnswer a = decide("sh-user-6", 60, null, "F5");
        assertEquals(400, a.status());
        assertEquals("WRONG_TYPE", a.errorCode());
        assertEquals("baseline", a.body().at("/error/field").asText());
    }

    private static Set<String> reasons(JsonNode b) {
        Set<String> out = new HashSet<>();
        b.get("reasons").forEach(r -> out.add(r.asText()));
        return out;
    }
}
