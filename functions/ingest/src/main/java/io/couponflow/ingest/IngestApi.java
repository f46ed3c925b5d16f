package io.couponflow.ingest;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.common.CouponflowConfig;
import io.couponflow.common.http.ApiRequest;
import io.couponflow.common.http.ApiResponses;
import io.couponflow.common.http.JsonBodies;
import io.couponflow.common.http.PathParams;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.metrics.Metric;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.api.UserIdRule;
import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.ingest.EventBatchIngestor;
import io.couponflow.core.ingest.IngestResult;
import io.couponflow.core.ingest.Rejection;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.TableNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Routes: POST /v1/events and DELETE /v1/users/{id}. No exception crosses this class. */
@ApplicationScoped
public class IngestApi {
    private static final Logger LOG = Logger.getLogger(IngestApi.class);
    static final String EVENTS_PATH = "/v1/events";
    static final String USERS_PATH = "/v1/users";

    private final EventBatchIngestor ingestor;
    private final UserDataEraser eraser;
    private final IngestConfig config;
    private final JsonBodies bodies;
    private final ApiResponses responses;
    private final io.couponflow.common.EmfMetrics metrics;
    private final Clock clock;

    public IngestApi(DynamoDbClient client, TableNames tables, IngestConfig config, CouponflowConfig shared, ObjectMapper json,
                     Clock clock) {
        EventLimits defaults = EventLimits.defaults();
        EventLimits limits = new EventLimits(config.maxBatchSize(), defaults.maxIdLength(), defaults.maxTextLength(),
                defaults.maxAmount(), config.maxAge(), config.maxFutureSkew());
        DynamoEventStore events = new DynamoEventStore(client, tables.events(), shared.eventRetention(), Backoff.defaults());
        DynamoDecisionLog decisions = new DynamoDecisionLog(client, tables.decisions(), shared.decisionRetention());
        this.ingestor = new EventBatchIngestor(new EventValidator(limits), events,
                new RewardAttributor(decisions, new RewardAttributor.Settings(shared.attributionWindowOrDefault(),
                        config.marginRate().orElse(RewardAttributor.Settings.DEFAULT_MARGIN_RATE))));
        this.eraser = new UserDataEraser(events, decisions);
        this.config = config;
        this.bodies = new JsonBodies(json);
        this.responses = new ApiResponses(json);
        this.metrics = new io.couponflow.common.EmfMetrics(json, "ingest");
        this.clock = clock;
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return responses.guarded(ApiRequest.from(event), LOG, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request) {
        if (EVENTS_PATH.equals(request.path())) {
            return "POST".equals(request.method()) ? postEvents(request) : responses.methodNotAllowed(request, "POST");
        }
        Optional<String> userId = PathParams.tail(request.path(), USERS_PATH);
        if (userId.isPresent()) {
            return "DELETE".equals(request.method()) ? deleteUser(request, userId.get()) : responses.methodNotAllowed(request, "DELETE");
        }
        return responses.notFound(request);
    }

    private APIGatewayV2HTTPResponse postEvents(ApiRequest request) {
        JsonBodies.Parsed parsed = bodies.object(request, config.maxBodyBytes());
        if (parsed instanceof JsonBodies.Failed failed) {
            return responses.error(failed.error(), request.requestId());
        }
        Object events = ((JsonBodies.Ok) parsed).object().get("events");
        if (events == null) {
            return responses.error(new ApiError(ErrorCode.MISSING_FIELD, "body must be {\"events\": [...]}", "events"),
                    request.requestId());
        }
        if (!(events instanceof List<?> list)) {
            return responses.error(new ApiError(ErrorCode.WRONG_TYPE, "events must be an array", "events"),
                    request.requestId());
        }
        if (list.isEmpty()) {
            return responses.error(new ApiError(ErrorCode.EMPTY_BATCH, "events is empty", "events"), request.requestId());
        }
        if (list.size() > config.maxBatchSize()) {
            return responses.error(new ApiError(ErrorCode.BATCH_TOO_LARGE,
                    "events has " + list.size() + " items; the limit is " + config.maxBatchSize(), "events"),
                    request.requestId());
        }
        IngestResult result = ingestor.ingest(list, clock.instant());
        metrics.emit(Map.of(Metric.EVENTS_RECEIVED, result.received(), Metric.EVENTS_ACCEPTED, result.accepted(),
                Metric.EVENTS_DUPLICATE, result.duplicates(), Metric.EVENTS_REJECTED, result.rejectedItems(),
                Metric.EVENTS_TO_RESEND, result.retryEventIds().size()));
        Map<String, Object> body = summary(result);
        LOG.infof("requestId=%s received=%d accepted=%d duplicates=%d rejected=%d unconfirmed=%d",
                request.requestId(), result.received(), result.accepted(), result.duplicates(),
                result.rejectedItems(), result.retryEventIds().size());
        if (result.storeFailed()) {
            body.put("retryEventIds", result.retryEventIds());
            return responses.error(ApiError.of(ErrorCode.STORE_UNAVAILABLE,
                    result.failure() + "; resend the events in retryEventIds (resending the whole batch is also safe)"),
                    request.requestId(), body);
        }
        if (result.rejectedItems() == result.received()) {
            Rejection first = result.rejected().get(0);
            return responses.error(new ApiError(first.code(), "no event in the batch is valid; first: " + first.message(),
                    "events[" + first.index() + "]." + first.field()), request.requestId(), body);
        }
        return responses.json(200, body, request.requestId());
    }

    private static Map<String, Object> summary(IngestResult result) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("received", result.received());
        body.put("accepted", result.accepted());
        body.put("duplicates", result.duplicates());
        body.put("rejectedCount", result.rejectedItems());
        body.put("rejected", result.rejected().stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", r.index());
            if (r.eventId() != null) {
                m.put("eventId", r.eventId());
            }
            m.put("field", r.field());
            m.put("code", r.code().name());
            m.put("message", r.message());
            return m;
        }).toList());
        return body;
    }

    private APIGatewayV2HTTPResponse deleteUser(ApiRequest request, String userId) {
        Optional<FieldError> wrong = UserIdRule.check("userId", userId);
        if (wrong.isPresent()) {
            return responses.error(ApiError.of(wrong.get()), request.requestId());
        }
        Map<String, Integer> deleted = eraser.erase(userId);
        LOG.infof("requestId=%s erased user data: %s", request.requestId(), deleted);
        return responses.json(200, Map.of("deleted", deleted), request.requestId());
    }

}
