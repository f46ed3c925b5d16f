package io.couponflow.score;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.common.http.ApiRequest;
import io.couponflow.common.http.ApiResponses;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.report.ReportStore;

import java.util.Optional;

/**
 * {@code GET /v1/report}: the latest A/B report a retrain night stored (core's AbReporter), as stored;
 * 404 NO_REPORT_YET before the first. Read uncached: a report changes once a night.
 */
final class ReportRoute {
    static final String REPORT_PATH = "/v1/report";

    private final ReportStore store;
    private final ObjectMapper json;
    private final ApiResponses responses;

    ReportRoute(ReportStore store, ObjectMapper json, ApiResponses responses) {
        this.store = store;
        this.json = json;
        this.responses = responses;
    }

    /** The answer when the path is the report route, else empty. */
    Optional<APIGatewayV2HTTPResponse> route(ApiRequest request) {
        if (!REPORT_PATH.equals(request.path())) {
            return Optional.empty();
        }
        return Optional.of("GET".equals(request.method()) ? latest(request) : responses.methodNotAllowed(request, "GET"));
    }

    private APIGatewayV2HTTPResponse latest(ApiRequest request) {
        Optional<String> report = store.latest();
        if (report.isEmpty()) {
            return responses.error(ApiError.of(ErrorCode.NO_REPORT_YET,
                    "no A/B report yet: the retrain function stores one each night"), request.requestId());
        }
        try {
            return responses.json(200, json.readTree(report.get()), request.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the stored report is not JSON", e);
        }
    }
}
