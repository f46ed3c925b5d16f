package io.couponflow.common.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.api.ApiError;

import java.util.LinkedHashMap;
import java.util.Map;

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
