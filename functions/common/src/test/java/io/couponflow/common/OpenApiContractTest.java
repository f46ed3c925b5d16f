package io.couponflow.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.decision.Reason;
import io.couponflow.testing.ApiContract;
import io.couponflow.testing.RepoRoot;
import io.couponflow.testing.SampleAnswers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * infra/openapi.yaml: a valid OpenAPI 3.1 document, whose error codes and reason codes are the code's,
 * and which accepts exactly the sample requests in events/ that the functions find no fault of shape
 * in. (Every answer the function tests see is checked against it by LambdaInvoker.)
 */
class OpenApiContractTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The codes that say a request broke a rule a schema states (type, required, enum, range, length,
     * pattern, media type, size). The others depend on stored state or the clock (a timestamp's window,
     * an unknown coupon, a conflict), which no schema can know.
     */
    private static final Set<ErrorCode> SHAPE_FAULTS = Set.of(ErrorCode.INVALID_JSON, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
            ErrorCode.BODY_TOO_LARGE, ErrorCode.EMPTY_BATCH, ErrorCode.BATCH_TOO_LARGE, ErrorCode.MISSING_FIELD,
            ErrorCode.WRONG_TYPE, ErrorCode.UNKNOWN_VALUE, ErrorCode.OUT_OF_RANGE, ErrorCode.INVALID_STRING);

    private final ApiContract contract = ApiContract.shared();

    @Test
    void document_isAValidOpenApi31Document() {
        assertEquals(List.of(), contract.documentProblems());
    }

    /** The document check is not vacuous: a misspelt member, a bad Schema Object type and keyword value are reported. */
    @Test
    void documentCheck_reportsSeededMistakes() throws IOException {
        String yaml = Files.readString(RepoRoot.find().resolve(ApiContract.DOCUMENT));
        Map<String, String> seeds = Map.of(
                "an operation member", yaml.replace("      operationId: postEvents", "      operationIdd: postEvents"),
                "a Schema Object type", yaml.replace("      enum: [session_start,", "      type: strnig\n      enum: [session_start,"),
                "a Schema Object keyword's value", yaml.replace("maxItems: 1000", "maxItems: lots"),
                "a response without a description", yaml.replace("          description: What was deleted\n", ""));
        seeds.forEach((what, text) -> {
            assertFalse(text.equals(yaml), what + ": the seed applies");
            assertFalse(contract.documentProblems(text).isEmpty(), what + " is reported");
        });
    }

    /**
     * Each sample request in events/ against the operation it targets: accepted by the document exactly
     * when the function (events/expected-answers.json) finds no fault of shape in it, so the document's
     * limits and the code's agree on every sample, the refused ones included.
     */
    @Test
    void everySampleRequest_isAcceptedExactlyWhenTheFunctionFindsNoShapeFault() throws IOException {
        Map<String, SampleAnswers.Expectation> expected = new HashMap<>();
        for (String function : List.of("ingest", "score")) {
            SampleAnswers.of(function).forEach(e -> expected.put(e.sample(), e));
        }
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        try (var files = Files.list(RepoRoot.find().resolve("events"))) {
            for (Path f : files.sorted().toList()) {
                JsonNode event = JSON.readTree(f.toFile());
                if (!event.has("rawPath")) {
                    continue;   // not an API Gateway event (the retrain schedule, the answers file)
                }
                SampleAnswers.Expectation e = expected.get(f.getFileName().toString());
                assertTrue(e != null, f.getFileName() + " has an expected answer");
                String method = event.path("requestContext").path("http").path("method").asText();
                String path = event.path("rawPath").asText();
                boolean routed = contract.operations().stream().anyMatch(o -> o.method().equals(method)
                        && path.matches(o.path().pattern()));
                if (!routed) {
                    assertTrue(e.status() == 404 || e.status() == 405, f.getFileName() + " targets no operation, so it must be refused as a route");
                    checked++;
                    continue;
                }
                List<String> problems = contract.requestProblems(method, path, event.path("headers").path("content-type").asText(null),
                        event.hasNonNull("body") ? event.get("body").asText() : null);
                boolean shapeFault = (e.error() != null && SHAPE_FAULTS.contains(ErrorCode.valueOf(e.error())))
                        || e.fields().getOrDefault("/rejectedCount", JSON.getNodeFactory().numberNode(0)).asInt() > 0;
                if (shapeFault == problems.isEmpty()) {
                    wrong.add(f.getFileName() + ": the function " + (shapeFault ? "refuses" : "accepts") + " its shape, the document "
                            + (problems.isEmpty() ? "accepts it" : "refuses it: " + problems));
                }
                checked++;
            }
        }
        assertEquals(List.of(), wrong);
        assertTrue(checked >= 20, "the samples were read: " + checked);
    }

    /** The document's codes are ErrorCode's, with the same statuses. */
    @Test
    void errorCodes_areTheCodesWithTheirStatuses() {
        JsonNode codes = contract.document().at("/components/schemas/ErrorCode");
        List<String> documented = new ArrayList<>();
        codes.path("enum").forEach(n -> documented.add(n.asText()));
        assertEquals(Arrays.stream(ErrorCode.values()).map(Enum::name).sorted().toList(), documented.stream().sorted().toList());
        for (ErrorCode c : ErrorCode.values()) {
            assertEquals(c.httpStatus(), codes.path("x-status").path(c.name()).asInt(), c + "'s status");
        }
    }

    /**
     * Every error response of every operation names only codes of its own status, and every code is
     * documented on some route (the route errors on RouteError): a code the code gains must be placed.
     */
    @Test
    void errorResponses_nameOnlyCodesOfTheirStatus_andEveryCodeIsPlaced() {
        Map<String, ErrorCode> byName = Arrays.stream(ErrorCode.values()).collect(Collectors.toMap(Enum::name, c -> c));
        Set<String> placed = new TreeSet<>(codesIn(contract.document().at("/components/schemas/RouteError")));
        Map<String, List<String>> misplaced = new TreeMap<>();
        for (ApiContract.Operation op : contract.operations()) {
            Iterator<Map.Entry<String, JsonNode>> responses = contract.document().at(op.pointer() + "/responses").fields();
            while (responses.hasNext()) {
                Map.Entry<String, JsonNode> r = responses.next();
                JsonNode response = resolve(r.getValue());
                Set<String> codes = codesIn(resolve(response.at("/content/application~1json/schema")));
                int status = Integer.parseInt(r.getKey());
                assertTrue(status < 400 || !codes.isEmpty() || op.route().equals("GET /v1/health"),
                        op.route() + " " + status + " names its codes");
                for (String c : codes) {
                    placed.add(c);
                    if (byName.get(c) == null || byName.get(c).httpStatus() != status) {
                        misplaced.computeIfAbsent(op.route() + " " + status, k -> new ArrayList<>()).add(c);
                    }
                }
            }
        }
        assertEquals(Map.of(), misplaced);
        assertEquals(new TreeSet<>(byName.keySet()), placed);
    }

    /** The reason pattern takes every reason code (per-coupon ones with their coupon) and nothing else. */
    @Test
    void reasonPattern_takesEveryReasonCodeAndNothingElse() {
        for (Reason.Code c : Reason.Code.values()) {
            Reason r = c.perCoupon() ? Reason.of(c, "TENOFF") : Reason.of(c);
            assertEquals(List.of(), contract.validate("/components/schemas/Reason", '"' + r.toString() + '"', "reason"), r.toString());
        }
        for (String bad : List.of("NOPE", "GREEDY:TENOFF", "BUDGET_EXHAUSTED", "BUDGET_EXHAUSTED:none")) {
            assertFalse(contract.validate("/components/schemas/Reason", '"' + bad + '"', "reason").isEmpty(), bad);
        }
    }

    /** The answer check is not vacuous: an undocumented status, a missing header, a drifted body are each reported. */
    @Test
    void answerCheck_reportsDrift() {
        Map<String, String> headers = Map.of("content-type", "application/json", "x-request-id", "r-1");
        String decision = "{\"decisionId\":\"d-1\",\"coupon\":null,\"expectedUplift\":0.0,\"propensity\":0.7,"
                + "\"policyVersion\":\"cold-start\",\"encoderVersion\":\"e1/f4\",\"reasons\":[\"COLD_START\"]}";
        assertEquals(List.of(), contract.answerProblems("POST", "/v1/decisions", 200, headers, decision));
        assertFalse(contract.answerProblems("POST", "/v1/decisions", 418, headers, decision).isEmpty(), "undocumented status");
        assertFalse(contract.answerProblems("POST", "/v1/decisions", 200, Map.of("content-type", "application/json"), decision).isEmpty(),
                "x-request-id missing");
        assertFalse(contract.answerProblems("POST", "/v1/decisions", 200, headers, decision.replace("\"propensity\":0.7,", "")).isEmpty(),
                "a required member missing");
        assertFalse(contract.answerProblems("POST", "/v1/decisions", 200, headers, decision.replace("}", ",\"extra\":1}")).isEmpty(),
                "an undocumented member");
        assertFalse(contract.answerProblems("POST", "/v1/decisions", 400, headers,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"m\"}}").isEmpty(), "a code the route does not answer with");
        assertEquals(List.of(), contract.answerProblems("GET", "/v1/nothing", 404, headers,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"no route\"}}"));
        assertFalse(contract.answerProblems("GET", "/v1/nothing", 200, headers, "{}").isEmpty(), "an unrouted path answered 200");
    }

    /** The error codes named anywhere in a schema (enum or const of error.code, through allOf). */
    private Set<String> codesIn(JsonNode schema) {
        Set<String> out = new TreeSet<>();
        if (schema == null || schema.isMissingNode()) {
            return out;
        }
        JsonNode code = schema.at("/properties/error/properties/code");
        code.path("enum").forEach(n -> out.add(n.asText()));
        if (code.has("const")) {
            out.add(code.get("const").asText());
        }
        for (JsonNode part : schema.path("allOf")) {
            out.addAll(codesIn(resolve(part)));
        }
        return out;
    }

    private JsonNode resolve(JsonNode node) {
        if (node.has("$ref")) {
            return contract.document().at(node.get("$ref").asText().substring(1));
        }
        return node;
    }
}
