package io.couponflow.score;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.report.AbReporter;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.DynamoReportStore;
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
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static io.couponflow.testing.LambdaInvoker.callRoute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /v1/report} through the score function against dynalite: 404 before any night, then the
 * report the retrain logic (core's RetrainJob with the DynamoDB report store, as the retrain function
 * runs it) computed over decisions the score function made with baselines at a live share of 0.5.
 * Its own policy name and a fresh dynalite (own profile), so every decision counted is this test's.
 */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
@TestProfile(ReportRouteTest.HalfLive.class)
class ReportRouteTest {
    static final String POLICY = "report-test";

    public static class HalfLive implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("couponflow.score.policy", POLICY, "couponflow.score.live-share", "0.5");
        }
    }

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    @Inject
    ObjectMapper json;

    /** Running sums of one group, from the answers and the credited sales. */
    private static final class Totals {
        int decisions;
        double reward;
        int coupons;
        double spend;
        int agreed;

        double mean() {
            return reward / decisions;
        }
    }

    @Test
    void report_404BeforeTheFirstNight_thenComparesLiveAndBaselineShoppers() {
        HttpAnswer none = callRoute("GET", "/v1/report", null);
        assertEquals(404, none.status(), none.body().toString());
        assertEquals("NO_REPORT_YET", none.errorCode());
        assertEquals(405, callRoute("POST", "/v1/report", Map.of()).status());

        assertEquals(200, callRoute("PUT", "/v1/coupons/RR-A", Map.of("kind", "fixed", "value", 5)).status());
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(30));
        Totals live = new Totals();
        Totals baseline = new Totals();
        for (int i = 0; i < 24; i++) {
            String user = "rr-user-" + i;
            String baselineCoupon = i % 2 == 0 ? "RR-A" : null;
            Map<String, Object> b = new HashMap<>();
            b.put("couponId", baselineCoupon);
            HttpAnswer a = callRoute("POST", "/v1/decisions", Map.of("userId", user,
                    "context", Map.of("channel", "web", "cartValue", 60), "baseline", b));
            assertEquals(200, a.status(), a.body().toString());
            boolean servedBaseline = DecisionRecord.BASELINE_POLICY.equals(a.body().get("policyVersion").asText());
            String served = a.body().get("coupon").isNull() ? DecisionRecord.NONE : a.body().at("/coupon/couponId").asText();
            DecisionRecord d = log.since(user, 0).get(0);
            Totals t = servedBaseline ? baseline : live;
            t.decisions++;
            t.coupons += served.equals("RR-A") ? 1 : 0;
            String baselineAction = baselineCoupon == null ? DecisionRecord.NONE : baselineCoupon;
            t.agreed += (servedBaseline ? d.shadow().chosen() : served).equals(baselineAction) ? 1 : 0;
            if (i % 3 == 0) {   // a sale of 60 at a margin of 0.3
                double cost = served.equals("RR-A") ? 5 : 0;
                assertTrue(log.attribute(d, new DecisionRecord.Reward(18 - cost, 60, d.ts() + 1_000, "rr-p" + i)));
                t.reward += 18 - cost;
                t.spend += cost;
            }
        }
        assertTrue(live.decisions > 0 && baseline.decisions > 0, "half the shoppers live: " + live.decisions);

        // the night, a day on: every decision's attribution window (24 h) has closed
        Instant night = Instant.now().plus(Duration.ofHours(25));
        new RetrainJob(log, new DynamoPolicyStore(client, tables.models(), POLICY), RetrainJob.Settings.defaults(),
                Clock.fixed(night, ZoneOffset.UTC), s -> "{}", day -> java.util.List.of(),
                new AbReporter(new DynamoReportStore(client, tables.models(), POLICY), this::toJson))
                .run(() -> false);

        HttpAnswer answer = callRoute("GET", "/v1/report", null);
        assertEquals(200, answer.status(), answer.body().toString());
        JsonNode r = answer.body();
        assertEquals(night.toEpochMilli(), r.get("computedAt").asLong());
        assertEquals(7, r.get("days").asInt());
        check(r.get("live"), live, "live");
        check(r.get("baseline"), baseline, "baseline");
        assertEquals(live.mean() - baseline.mean(), r.at("/incrementalProfit/value").asDouble(), 1e-9);
        assertTrue(r.at("/incrementalProfit/lower").asDouble() <= r.at("/incrementalProfit/upper").asDouble());
        assertEquals(24, r.at("/agreement/decisions").asInt());
        assertEquals(live.agreed + baseline.agreed, r.at("/agreement/agreed").asInt());
        assertEquals(0, r.get("withoutBaseline").asInt());
        assertEquals(0, r.get("stillOpen").asInt());
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(JsonNode group, Totals t, String name) {
        assertEquals(t.decisions, group.get("decisions").asInt(), name);
        assertEquals(t.decisions, group.get("users").asInt(), name + ": one decision per shopper");
        assertEquals(t.mean(), group.at("/rewardPerDecision/value").asDouble(), 1e-9, name);
        assertTrue(group.at("/rewardPerDecision/lower").asDouble() <= t.mean()
                && t.mean() <= group.at("/rewardPerDecision/upper").asDouble(), name + " " + group);
        assertEquals(t.coupons, group.get("couponsIssued").asInt(), name);
        assertEquals(t.spend, group.get("couponSpend").asDouble(), 1e-9, name);
        assertEquals(t.agreed, group.at("/agreement/agreed").asInt(), name);
    }
}
