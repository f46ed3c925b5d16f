package io.couponflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The packaged functions behind the local HTTP API, called over real HTTP on loopback. */
class LocalStackTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static LocalStack stack;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(new LocalStack.Options(0, 1, null, Map.of()));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(stack.baseUrl() + path))
                .header("content-type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void postEvents_throughGatewayAndRuntimeApi_storesAndAnswers() throws Exception {
        long now = Instant.now().toEpochMilli();
        String body = JSON.writeValueAsString(Map.of("events", java.util.List.of(
                Map.of("eventId", "ls-1", "userId", "local-user", "type", "view", "ts", now),
                Map.of("eventId", "ls-2", "userId", "local-user", "type", "teleport", "ts", now))));
        HttpResponse<String> r = send("POST", "/v1/events", body);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = JSON.readTree(r.body());
        assertEquals(1, answer.get("accepted").asInt());
        assertEquals("UNKNOWN_VALUE", answer.at("/rejected/0/code").asText());
        assertNotNull(r.headers().firstValue("x-request-id").orElse(null));

        HttpResponse<String> deleted = send("DELETE", "/v1/users/local-user", null);
        assertEquals(200, deleted.statusCode(), deleted.body());
        assertEquals(1, JSON.readTree(deleted.body()).at("/deleted/events").asInt());
    }

    @Test
    void unknownRoute_is404LikeApiGateway() throws Exception {
        assertEquals(404, send("GET", "/v1/nothing", null).statusCode());
    }
}
