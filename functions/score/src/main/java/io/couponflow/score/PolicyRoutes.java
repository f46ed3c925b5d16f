package io.couponflow.score;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.common.http.ApiRequest;
import io.couponflow.common.http.ApiResponses;
import io.couponflow.common.http.JsonBodies;
import io.couponflow.common.http.PathParams;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.policy.ActivePolicyMoves;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import org.jboss.logging.Logger;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The operator's policy routes: {@code GET /v1/policies} (every version with the figures its retrain
 * run recorded, which is ACTIVE, the history a rollback walks back), {@code POST /v1/policies/{version}/promote}
 * and {@code POST /v1/policies/rollback}. The moves are core's {@link ActivePolicyMoves}, the same the
 * retrain function's operator actions use; the store is read uncached, so the answer is the pointer now.
 */
final class PolicyRoutes {
    static final String POLICIES_PATH = "/v1/policies";
    static final String ROLLBACK_PATH = POLICIES_PATH + "/rollback";
    private static final String PROMOTE_SUFFIX = "/promote";
    private static final Logger LOG = Logger.getLogger(PolicyRoutes.class);

    private final PolicyStore store;
    private final ActivePolicyMoves moves;
    private final ObjectMapper json;
    private final JsonBodies bodies;
    private final ApiResponses responses;
    private final int maxBodyBytes;

    PolicyRoutes(PolicyStore store, ObjectMapper json, ApiResponses responses, int maxBodyBytes) {
        this.store = store;
        this.moves = new ActivePolicyMoves(store);
        this.json = json;
        this.bodies = new JsonBodies(json);
        this.responses = responses;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** The answer when the path is a policy route, else empty. */
    Optional<APIGatewayV2HTTPResponse> route(ApiRequest request) {
        String path = request.path();
        if (POLICIES_PATH.equals(path)) {
            return Optional.of("GET".equals(request.method()) ? list(request) : responses.methodNotAllowed(request, "GET"));
        }
        if (ROLLBACK_PATH.equals(path)) {
            return Optional.of("POST".equals(request.method()) ? rollback(request) : responses.methodNotAllowed(request, "POST"));
        }
        Optional<String> version = promotedVersion(path);
        if (version.isPresent()) {
            return Optional.of("POST".equals(request.method()) ? promote(request, version.get())
                    : responses.methodNotAllowed(request, "POST"));
        }
        return Optional.empty();
    }

    /** {@code /v1/policies/{version}/promote} → version (one segment, as the other path parameters). */
    private static Optional<String> promotedVersion(String path) {
        if (!path.startsWith(POLICIES_PATH + "/") || !path.endsWith(PROMOTE_SUFFIX)) {
            return Optional.empty();
        }
        return PathParams.tail(path.substring(0, path.length() - PROMOTE_SUFFIX.length()), POLICIES_PATH);
    }

    private APIGatewayV2HTTPResponse list(ApiRequest request) {
        String active = store.active().map(PolicyVersion::version).orElse(null);
        List<Map<String, Object>> versions = store.versions().stream()
                .sorted(Comparator.comparingLong(PolicyVersion::createdAt).reversed())
                .map(v -> describe(v, active)).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("active", active);
        body.put("history", store.history());
        body.put("versions", versions);
        return responses.json(200, body, request.requestId());
    }

    /** A version as an operator judges it: status, encoder, and its retrain summary (gate estimates, intervals, reason). */
    private Map<String, Object> describe(PolicyVersion v, String active) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", v.version());
        out.put("active", v.version().equals(active));
        out.put("status", v.status());
        out.put("createdAt", v.createdAt());
        out.put("encoderVersion", v.encoderVersion());
        out.put("summary", summary(v));
        return out;
    }

    private Object summary(PolicyVersion v) {
        if (v.summaryJson() == null || v.summaryJson().isBlank()) {
            return null;
        }
        try {
            return json.readTree(v.summaryJson());
        } catch (JsonProcessingException e) {
            LOG.warnf("version %s has an unreadable summary: %s", v.version(), e.getOriginalMessage());
            return null;
        }
    }

    /** Optional body {@code {"expectedActive": "v..." | null}}: refused if ACTIVE moved since the operator looked. */
    private APIGatewayV2HTTPResponse promote(ApiRequest request, String version) {
        ActivePolicyMoves.Move move;
        if (request.body().length == 0) {
            move = moves.promote(version);
        } else {
            JsonBodies.Parsed parsed = bodies.object(request, maxBodyBytes);
            if (parsed instanceof JsonBodies.Failed failed) {
                return responses.error(failed.error(), request.requestId());
            }
            Map<String, Object> body = ((JsonBodies.Ok) parsed).object();
            Object expected = body.get("expectedActive");
            if (!body.containsKey("expectedActive") || !(expected == null || expected instanceof String)) {
                return responses.error(new ApiError(body.containsKey("expectedActive") ? ErrorCode.WRONG_TYPE : ErrorCode.MISSING_FIELD,
                        "expectedActive must be the version you expect to be active, or null for none", "expectedActive"),
                        request.requestId());
            }
            move = moves.promote(version, (String) expected);
        }
        return answer(request, "promote", move);
    }

    private APIGatewayV2HTTPResponse rollback(ApiRequest request) {
        return answer(request, "rollback", moves.rollback());
    }

    private APIGatewayV2HTTPResponse answer(ApiRequest request, String action, ActivePolicyMoves.Move move) {
        LOG.infof("requestId=%s policy %s: %s (%s -> %s)", request.requestId(), action,
                move.moved() ? "done" : move.refusal(), move.activeBefore(), move.activeAfter());
        if (!move.moved()) {
            Map<String, Object> extra = new LinkedHashMap<>();
            extra.put("active", move.activeAfter());
            return responses.error(ApiError.of(move.refusal(), move.message()), request.requestId(), extra);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("activeBefore", move.activeBefore());
        body.put("active", move.activeAfter());
        return responses.json(200, body, request.requestId());
    }
}
