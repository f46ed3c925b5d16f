package io.couponflow.ingest;

import io.couponflow.core.policy.Candidate;
import com.fasterxml.jackson.databind.JsonNode;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.DynaliteTestResource;
import io.couponflow.testing.LambdaInvoker;
import io.couponflow.testing.LambdaInvoker.HttpAnswer;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.couponflow.testing.LambdaInvoker.apiGatewayEvent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest function invoked as Lambda invokes it, against dynalite. */
@QuarkusTest
@QuarkusTestResource(DynaliteTestResource.class)
class IngestFunctionTest {

    @Inject
    DynamoDbClient client;

    @Inject
    TableNames tables;

    private static Map<String, Object> view(String id, String user, long ts) {
        Map<String, Object> m = new HashMap<>();
        m.put("eventId", id);
        m.put("userId", user);
        m.put("type", "view");
        m.put("ts", ts);
        m.put("price", 10.5);
        return m;
    }

    private static HttpAnswer post(Object body) {
        return LambdaInvoker.invokeHttp(apiGatewayEvent("POST", "/v1/events", body));
    }

    @Test
    void postEvents_partlyBadBatch_keepsGoodOnesAndReportsEachBadOne() {
        long now = Instant.now().toEpochMilli();
        List<Map<String, Object>> events = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            events.add(view("pb-" + i, "user-pb", now - i));
        }
        events.get(3).put("type", "teleport");
        events.get(7).put("ts", "yesterday");
        events.add(view("pb-0", "user-pb", now));    // repeated in the batch

        HttpAnswer answer = post(Map.of("events", events));

        assertEquals(200, answer.status(), answer.body().toString());
        assertEquals(18, answer.body().get("accepted").asInt());
        assertEquals(1, answer.body().get("duplicates").asInt());
        assertEquals(2, answer.body().get("rejectedCount").asInt());
        JsonNode rejected = answer.body().get("rejected");
        assertEquals(3, rejected.get(0).get("index").asInt());
        assertEquals("UNKNOWN_VALUE", rejected.get(0).get("code").asText());
        assertEquals(7, rejected.get(1).get("index").asInt());
        assertEquals("ts", rejected.get(1).get("field").asText());
        assertEquals("WRONG_TYPE", rejected.get(1).get("code").asText());
        assertEquals(18, countEvents("user-pb"));

        HttpAnswer replay = post(Map.of("events", events));
        assertEquals(0, replay.body().get("accepted").asInt());
        assertEquals(19, replay.body().get("duplicates").asInt());
        assertEquals(18, countEvents("user-pb"));
    }

    @Test
    void postEvents_resendWithNewTsIsADuplicate_withNewPayloadAConflictByIndex() {
        long now = Instant.now().toEpochMilli();
        assertEquals(2, post(Map.of("events", List.of(view("rs-1", "user-rs", now - 60_000),
                view("rs-2", "user-rs", now - 60_000)))).body().get("accepted").asInt());

        Map<String, Object> changed = view("rs-2", "user-rs", now - 60_000);
        changed.put("price", 99.0);
        HttpAnswer resend = post(Map.of("events", List.of(view("rs-1", "user-rs", now), changed)));

        assertEquals(200, resend.status(), resend.body().toString());
        assertEquals(0, resend.body().get("accepted").asInt());
        assertEquals(1, resend.body().get("duplicates").asInt(), "a new client send time is the same event");
        JsonNode conflict = resend.body().get("rejected").get(0);
        assertEquals(1, conflict.get("index").asInt());
        assertEquals("rs-2", conflict.get("eventId").asText());
        assertEquals("IDEMPOTENCY_CONFLICT", conflict.get("code").asText());
        assertEquals(2, countEvents("user-rs"));

        HttpAnswer onlyConflicts = post(Map.of("events", List.of(changed)));
        assertEquals(409, onlyConflicts.status());
        assertEquals("IDEMPOTENCY_CONFLICT", onlyConflicts.errorCode());
    }

    @Test
    void postEvents_badRequests_getA4xxWithCodeNeverA500() {
        long now = Instant.now().toEpochMilli();
        assertEquals("INVALID_JSON", post("{not json").errorCode());
        assertEquals("INVALID_JSON", post("[1,2]").errorCode());
        assertEquals("MISSING_FIELD", post(Map.of("items", List.of())).errorCode());
        assertEquals("WRONG_TYPE", post(Map.of("events", "lots")).errorCode());
        assertEquals("EMPTY_BATCH", post(Map.of("events", List.of())).errorCode());

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(view("tm-" + i, "u", now));
        }
        HttpAnswer big = post(Map.of("events", tooMany));
        assertEquals(413, big.status());
        assertEquals("BATCH_TOO_LARGE", big.errorCode());

        HttpAnswer oversize = post(Map.of("events", List.of(Map.of("pad", "x".repeat(1_100_000)))));
        assertEquals(413, oversize.status());
        assertEquals("BODY_TOO_LARGE", oversize.errorCode());

        HttpAnswer allBad = post(Map.of("events", List.of(Map.of("eventId", "a"))));
        assertEquals(400, allBad.status());
        assertEquals("MISSING_FIELD", allBad.errorCode());
        assertTrue(allBad.body().get("rejectedCount").asInt() == 1);

        HttpAnswer wrongMethod = LambdaInvoker.invokeHttp(apiGatewayEvent("GET", "/v1/events", null));
        assertEquals(405, wrongMethod.status());
        assertEquals("METHOD_NOT_ALLOWED", wrongMethod.errorCode());
    }

    @Test
    void postEvents_databaseDown_answers503WithEventsToResend_thenResendSucceeds() {
        long now = Instant.now().toEpochMilli();
        List<Map<String, Object>> events = List.of(view("dd-1", "user-dd", now), view("dd-2", "user-dd", now - 1));
        DynaliteTestResource.server().kill();
        HttpAnswer down;
        try {
            down = post(Map.of("events", events));
        } finally {
            DynaliteTestResource.server().start();
            TableDefinitions.createAll(client, tables);   // in-memory server: tables are gone
        }
        assertEquals(503, down.status());
        assertEquals("STORE_UNAVAILABLE", down.errorCode());
        assertEquals(2, down.body().get("retryEventIds").size());

        HttpAnswer resend = post(Map.of("events", events));
        assertEquals(200, resend.status());
        assertEquals(2, resend.body().get("accepted").asInt());
    }

    @Test
    void deleteUser_erasesOnlyThatUsersEvents() {
        long now = Instant.now().toEpochMilli();
        post(Map.of("events", List.of(view("del-1", "user-del", now), view("del-2", "user-del", now - 5),
                view("keep-1", "user-keep", now))));
        HttpAnswer deleted = LambdaInvoker.invokeHttp(apiGatewayEvent("DELETE", "/v1/users/user-del", null));
        assertEquals(200, deleted.status());
        assertEquals(2, deleted.body().at("/deleted/events").asInt());
        assertEquals(0, countEvents("user-del"));
        assertEquals(1, countEvents("user-keep"));
    }

    @Test
    void postPurchase_creditsTheOpenDecisionOnce_evenWhenReplayed() {
        long now = Instant.now().toEpochMilli();
        DynamoDecisionLog log = new DynamoDecisionLog(client, tables.decisions(), java.time.Duration.ofDays(1));
        List<Candidate> cands = List.of(new Candidate("none", new double[]{1, 1}, 0),
                new Candidate("C10", new double[]{1, 0}, 10));
        log.record(new DecisionRecord("dec-1", "buyer", now - 60_000, "enc", "v1", new double[]{1}, 10.0, cands, "C10", 0.5,
                new double[]{0.5, 0.5}, 1.0, 0, List.of(), null));
        Map<String, Object> purchase = new HashMap<>(Map.of("eventId", "buy-1", "userId", "buyer", "type", "purchase",
                "ts", now - 1_000, "orderValue", 100.0));
        assertEquals(1, post(Map.of("events", List.of(purchase))).body().get("accepted").asInt());
        assertEquals(100 * 0.3 - 10, log.since("buyer", 0).get(0).reward().value(), 1e-9);

        HttpAnswer replay = post(Map.of("events", List.of(purchase)));
        assertEquals(1, replay.body().get("duplicates").asInt());
        DecisionRecord after = log.since("buyer", 0).get(0);
        assertEquals("buy-1", after.reward().source());
        assertEquals(100 * 0.3 - 10, after.reward().value(), 1e-9);

        HttpAnswer erased = LambdaInvoker.invokeHttp(apiGatewayEvent("DELETE", "/v1/users/buyer", null));
        assertEquals(1, erased.body().at("/deleted/decisions").asInt());
    }

    private int countEvents(String user) {
        return client.query(QueryRequest.builder().tableName(tables.events())
                .keyConditionExpression("userId = :u")
                .expressionAttributeValues(Map.of(":u", AttributeValue.fromS(user))).build()).count();
    }
}
