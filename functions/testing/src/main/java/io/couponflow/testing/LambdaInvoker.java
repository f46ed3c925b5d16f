package io.couponflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.UUID;

/**
 * Invokes a function the way Lambda does in a {@code @QuarkusTest}: the event JSON is posted to
 * Quarkus's mock Lambda event server, which hands it to the real runtime loop and handler. Every HTTP
 * answer is checked against the API's contract, infra/openapi.yaml ({@link ApiContract}), so a test
 * whose answer drifts from the document fails where it made the request.
 */
public final class LambdaInvoker {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaInvoker() {
    }

    /** What the function returned for an API Gateway event: status, headers, and the body parsed as JSON. */
    public record HttpAnswer(int status, Map<String, String> headers, JsonNode body) {
        public String errorCode() {
            return body.path("error").path("code").asText(null);
        }
    }

    /** Posts a raw Lambda event; returns the function's raw JSON result. */
    public static JsonNode invokeRaw(String eventJson) {
        Response r = RestAssured.given().contentType("application/json").accept("application/json")
                .body(eventJson).when().post();
        if (r.statusCode() != 200) {
            throw new AssertionError("mock event server answered " + r.statusCode() + ": " + r.asString());
        }
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts an API Gateway HTTP API v2 event and unwraps the HTTP answer, checked against the contract. */
    public static HttpAnswer invokeHttp(String apiGatewayEventJson) {
        JsonNode result = invokeRaw(apiGatewayEventJson);
        HttpAnswer answer;
        String body = result.path("body").asText("");
        try {
            JsonNode parsed = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            @SuppressWarnings("unchecked")
            Map<String, String> headers = JSON.convertValue(result.path("headers"), Map.class);
            answer = new HttpAnswer(result.path("statusCode").asInt(), headers, parsed);
        } catch (IOException e) {
            throw new AssertionError("function body is not JSON: " + result, e);
        }
        JsonNode event = readTree(apiGatewayEventJson);
        ApiContract.shared().requireDocumented(method(event), event.path("rawPath").asText("/"), answer.status(),
                answer.headers(), body);
        return answer;
    }

    /** The request's method as the functions read it (ApiRequest): the request context's, else the route key's. */
    static String method(JsonNode event) {
        String method = event.path("requestContext").path("http").path("method").asText("");
        if (method.isEmpty() && event.path("routeKey").asText("").contains(" ")) {
            method = event.path("routeKey").asText().split(" ", 2)[0];
        }
        return method.toUpperCase(java.util.Locale.ROOT);
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Calls a route as API Gateway would: {@code body} is JSON-encoded unless it is a String (null: none). */
    public static HttpAnswer callRoute(String method, String path, Object body) {
        return invokeHttp(apiGatewayEvent(method, path, body));
    }

    /** Builds an API Gateway HTTP API (payload 2.0) event. */
    public static String apiGatewayEvent(String method, String path, Object body) {
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", method + " " + path);
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        ObjectNode headers = event.putObject("headers");
        headers.put("content-type", "application/json");
        ObjectNode ctx = event.putObject("requestContext");
        ctx.put("requestId", UUID.randomUUID().toString());
        ctx.put("stage", "$default");
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("sourceIp", "127.0.0.1");
        if (body != null) {
            try {
                event.put("body", body instanceof String s ? s : JSON.writeValueAsString(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        event.put("isBase64Encoded", false);
        return event.toString();
    }
}
