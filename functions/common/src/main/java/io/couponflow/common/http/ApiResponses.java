package io.couponflow.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.ErrorCode;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/** Builds API Gateway responses: JSON bodies, the request id echoed, errors as {@code {error:{...}}}. */
public final class ApiResponses {
    private final ObjectMapper json;

    public ApiResponses(ObjectMapper json) {
        this.json = json;
    }

    public APIGatewayV2HTTPResponse json(int status, Object body, String requestId) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response not serialisable", e);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(Map.of("content-type", "application/json", "x-request-id", requestId))
                .withBody(text)
                .withIsBase64Encoded(false)
                .build();
    }

    public APIGatewayV2HTTPResponse error(ApiError error, String requestId) {
        return error(error, requestId, Map.of());
    }

    /** An error plus extra top-level members (e.g. which events to resend). */
    public APIGatewayV2HTTPResponse error(ApiError error, String requestId, Map<String, Object> extra) {
        return json(error.httpStatus(), errorBody(error, extra), requestId);
    }

    /**
     * Runs a route so that no exception crosses the API boundary: a database failure becomes
     * 503 STORE_UNAVAILABLE (retry is safe), anything else 500 INTERNAL with the request id; details go
     * to the log only.
     */
    public APIGatewayV2HTTPResponse guarded(ApiRequest request, Logger log,
                                            Function<ApiRequest, APIGatewayV2HTTPResponse> route) {
        org.jboss.logging.MDC.put("requestId", request.requestId());
        try {
            return route.apply(request);
        } catch (SdkException e) {
            log.warnf("requestId=%s store failure: %s", request.requestId(), e.getClass().getSimpleName());
            return error(ApiError.of(ErrorCode.STORE_UNAVAILABLE,
                    "the database did not answer; the request may be retried safely"), request.requestId());
        } catch (RuntimeException e) {
            log.errorf(e, "requestId=%s unexpected failure", request.requestId());
            return error(ApiError.of(ErrorCode.INTERNAL,
                    "unexpected error; quote request id " + request.requestId()), request.requestId());
        } finally {
            org.jboss.logging.MDC.remove("requestId");
        }
    }

    public APIGatewayV2HTTPResponse methodNotAllowed(ApiRequest request, String allowed) {
        return error(ApiError.of(ErrorCode.METHOD_NOT_ALLOWED,
                request.method() + " is not allowed on " + request.path() + "; use " + allowed), request.requestId());
    }

    public APIGatewayV2HTTPResponse notFound(ApiRequest request) {
        return error(ApiError.of(ErrorCode.NOT_FOUND, "no route " + request.method() + " " + request.path()),
                request.requestId());
    }

    public static Map<String, Object> errorBody(ApiError error, Map<String, Object> extra) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", error.code().name());
        e.put("message", error.message());
        if (error.field() != null) {
            e.put("field", error.field());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e);
        body.putAll(extra);
        return body;
    }
}
