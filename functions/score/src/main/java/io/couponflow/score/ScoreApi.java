package io.couponflow.score;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.common.CouponflowConfig;
import io.couponflow.common.http.ApiRequest;
import io.couponflow.common.http.ApiResponses;
import io.couponflow.common.http.JsonBodies;
import io.couponflow.common.http.PathParams;
import io.couponflow.core.api.ApiError;
import io.couponflow.core.api.DecisionRequestValidator;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.api.FieldError;
import io.couponflow.core.coupon.BudgetShards;
import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.coupon.CouponValidator;
import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.ExplorationDraws;
import io.couponflow.core.decision.Reason;
import io.couponflow.core.metrics.Metric;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoCouponCatalog;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.DynamoReportStore;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.dynamodb.TableNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Routes: POST /v1/decisions, PUT and GET /v1/coupons/{id}, GET /v1/health, the policy routes
 * (PolicyRoutes) and GET /v1/report (ReportRoute). No exception crosses this class.
 */
@ApplicationScoped
public class ScoreApi {
    private static final Logger LOG = Logger.getLogger(ScoreApi.class);
    static final String DECISIONS_PATH = "/v1/decisions";
    static final String COUPONS_PATH = "/v1/coupons";
    static final String HEALTH_PATH = "/v1/health";

    private final DecisionMaker decisions;
    private final CouponCatalog catalog;
    private final CouponValidator couponValidator = new CouponValidator();
    private final DecisionRequestValidator requestValidator;
    private final ScoreConfig config;
    private final JsonBodies bodies;
    private final ApiResponses responses;
    private final io.couponflow.common.EmfMetrics metrics;
    private final EncoderHolder encoder;
    private final PolicyStore policies;
    private final Clock clock;
    private final PolicyRoutes policyRoutes;
    private final ReportRoute reportRoute;
    /** Runs a decision's reads and takes beside each other (three round trips in series, not five). */
    private final ExecutorService io = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "decision-io");
        t.setDaemon(true);
        return t;
    });

    public ScoreApi(DynamoDbClient client, TableNames tables, ScoreConfig config, CouponflowConfig shared, ObjectMapper json,
                    Clock clock, EncoderHolder encoder) {
        this.config = config;
        this.requestValidator = new DecisionRequestValidator(config.maxCandidates());
        this.encoder = encoder;
        this.policies = Cached.policies(new DynamoPolicyStore(client, tables.models(), config.policy()), config.cacheTtl(), clock);
        this.catalog = Cached.catalog(new DynamoCouponCatalog(client, tables.coupons()), config.cacheTtl(), clock);
        this.decisions = new DecisionMaker(
                new DynamoEventStore(client, tables.events(), shared.eventRetention(), Backoff.defaults()),
                encoder, catalog,
                new CouponBudgets(new DynamoBudgetCounter(client, tables.budgets(), clock), config.budgetSettings(), clock),
                policies,
                new DynamoDecisionLog(client, tables.decisions(), shared.decisionRetention()),
                config.decisionSettings(),
                clock, config.explorationSeed().map(ExplorationDraws::seeded)
                        .orElseGet(() -> ExplorationDraws.shared(new SecureRandom())),
                config.liveShareSetting(), io);
        this.clock = clock;
        this.bodies = new JsonBodies(json);
        this.responses = new ApiResponses(json);
        this.metrics = new io.couponflow.common.EmfMetrics(json, "score");
        this.policyRoutes = new PolicyRoutes(new DynamoPolicyStore(client, tables.models(), config.policy()), json,
                responses, config.maxBodyBytes());
        this.reportRoute = new ReportRoute(new DynamoReportStore(client, tables.models(), config.policy()), json, responses);
    }

    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        return responses.guarded(ApiRequest.from(event), LOG, this::route);
    }

    private APIGatewayV2HTTPResponse route(ApiRequest request) {
        if (DECISIONS_PATH.equals(request.path())) {
            return "POST".equals(request.method()) ? decide(request) : responses.methodNotAllowed(request, "POST");
        }
        if (HEALTH_PATH.equals(request.path())) {
            return "GET".equals(request.method()) ? health(request) : responses.methodNotAllowed(request, "GET");
        }
        Optional<APIGatewayV2HTTPResponse> operatorRoute = policyRoutes.route(request).or(() -> reportRoute.route(request));
        if (operatorRoute.isPresent()) {
            return operatorRoute.get();
        }
        Optional<String> couponId = PathParams.tail(request.path(), COUPONS_PATH);
        if (couponId.isPresent()) {
            return switch (request.method()) {
                case "PUT" -> putCoupon(request, couponId.get());
                case "GET" -> getCoupon(request, couponId.get());
                default -> responses.methodNotAllowed(request, "GET or PUT");
            };
        }
        return responses.notFound(request);
    }

    private APIGatewayV2HTTPResponse decide(ApiRequest request) {
        JsonBodies.Parsed parsed = bodies.object(request, config.maxBodyBytes());
        if (parsed instanceof JsonBodies.Failed failed) {
            return responses.error(failed.error(), request.requestId());
        }
        DecisionRequestValidator.Outcome outcome = requestValidator.validate(((JsonBodies.Ok) parsed).object());
        if (!outcome.valid()) {
            return invalid(outcome.errors(), request);
        }
        long t0 = System.nanoTime();
        DecisionMaker.Result r = decisions.decide(outcome.request());
        if (r.refusal() != null) {
            return responses.error(baselineError(r.refusal()), request.requestId());
        }
        emitMetrics(r, outcome.request(), (System.nanoTime() - t0) / 1_000_000.0);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("decisionId", r.decisionId());
        answer.put("coupon", r.coupon() == null ? null : couponJson(r.coupon()));
        answer.put("expectedUplift", r.expectedUplift());
        answer.put("propensity", r.propensity());
        answer.put("policyVersion", r.policyVersion());
        answer.put("encoderVersion", r.encoderVersion());
        answer.put("reasons", r.reasons().stream().map(Reason::toString).toList());
        LOG.infof("requestId=%s decision=%s coupon=%s propensity=%.4f policy=%s", request.requestId(), r.decisionId(),
                r.coupon() == null ? "none" : r.coupon().couponId(), r.propensity(), r.policyVersion());
        return responses.json(200, answer, request.requestId());
    }

    /** A baseline the request may not have served: nothing was taken or logged. */
    private static ApiError baselineError(DecisionMaker.BaselineRefusal refusal) {
        ErrorCode code = refusal.kind() == DecisionMaker.BaselineRefusal.Kind.UNKNOWN
                ? ErrorCode.UNKNOWN_BASELINE_COUPON : ErrorCode.INELIGIBLE_BASELINE_COUPON;
        return new ApiError(code, refusal.message(), "baseline.couponId");
    }

    /** Every score metric, zeros included (Metric), so alarms on a share always have data. */
    private void emitMetrics(DecisionMaker.Result r, DecisionMaker.Request request, double millis) {
        boolean exhausted = r.reasons().stream().anyMatch(x -> x.code() == Reason.Code.BUDGET_EXHAUSTED);
        long now = clock.millis();
        double dayElapsed = (now % 86_400_000L) / 86_400_000.0;
        Map<Metric, Number> m = new EnumMap<>(Metric.class);
        m.put(Metric.DECISIONS, 1);
        m.put(Metric.COUPONS_ISSUED, r.coupon() == null ? 0 : 1);
        m.put(Metric.COUPON_COST, r.coupon() == null ? 0 : PolicyFeatures.expectedCost(r.coupon(), request.context()));
        boolean baseline = r.has(Reason.Code.BASELINE);   // its COLD_START/EXPLORED describe the shadow, not what was served
        m.put(Metric.EXPLORED, !baseline && (r.has(Reason.Code.EXPLORED) || r.has(Reason.Code.COLD_START)) ? 1 : 0);
        m.put(Metric.COLD_START, r.has(Reason.Code.COLD_START) ? 1 : 0);
        m.put(Metric.FALLBACK, r.has(Reason.Code.MODEL_UNAVAILABLE) || r.has(Reason.Code.POLICY_ENCODER_MISMATCH) ? 1 : 0);
        m.put(Metric.MODEL_UNAVAILABLE, r.has(Reason.Code.MODEL_UNAVAILABLE) ? 1 : 0);
        m.put(Metric.BASELINE_SERVED, baseline ? 1 : 0);
        m.put(Metric.BUDGET_EXHAUSTED, exhausted ? 1 : 0);
        m.put(Metric.BUDGET_EXHAUSTED_EARLY, exhausted && dayElapsed < Metric.EARLY_DAY_SHARE ? 1 : 0);
        m.put(Metric.DECISION_LATENCY, millis);
        metrics.emit(m);
    }

    /**
     * Health of what a decision needs: the encoder loaded at start-up and the policy store readable.
     * 503 when either is missing, although decisions still answer (cold start): a canary or alarm on
     * this route sees the degraded state that the decisions themselves only show in their reasons.
     */
    private APIGatewayV2HTTPResponse health(ApiRequest request) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("loaded", encoder.available());
        model.put("version", encoder.version());
        if (!encoder.available()) {
            model.put("failure", encoder.failure());
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        boolean storeUp = false;
        boolean policyServes = false;
        boolean policyUsable = true;
        try {
            Optional<PolicyVersion> active = policies.active();
            policy.put("active", active.map(PolicyVersion::version).orElse(null));
            if (active.isPresent()) {
                policy.put("encoderVersion", active.get().encoderVersion());
                policyUsable = active.get().servesEncoder(PolicyFeatures.stateVersion(encoder.version()));
                policy.put("encoderMatches", policyUsable);
            }
            storeUp = true;
            policyServes = active.isPresent() && policyUsable && encoder.available();
        } catch (RuntimeException e) {
            LOG.warnf("requestId=%s health: policy store unreadable: %s", request.requestId(), e.toString());
            policy.put("error", "policy store unreadable");
        }
        // a cold start before the first promotion is healthy; falling back to it for a fault is not
        boolean up = encoder.available() && storeUp && policyUsable;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", up ? "UP" : "DEGRADED");
        answer.put("encoder", model);
        answer.put("policy", policy);
        answer.put("decisionsServedBy", policyServes ? "policy" : "cold-start");
        return responses.json(up ? 200 : 503, answer, request.requestId());
    }

    private APIGatewayV2HTTPResponse putCoupon(ApiRequest request, String couponId) {
        JsonBodies.Parsed parsed = bodies.object(request, config.maxBodyBytes());
        if (parsed instanceof JsonBodies.Failed failed) {
            return responses.error(failed.error(), request.requestId());
        }
        CouponValidator.Outcome o = couponValidator.validate(couponId, ((JsonBodies.Ok) parsed).object());
        if (!o.valid()) {
            return invalid(o.errors(), request);
        }
        catalog.put(o.coupon());
        return responses.json(200, couponJson(o.coupon()), request.requestId());
    }

    /** Every fault of a request: the first as {@code error}, all of them in {@code errors}. */
    private APIGatewayV2HTTPResponse invalid(List<FieldError> errors, ApiRequest request) {
        FieldError first = errors.get(0);
        List<Map<String, Object>> all = new ArrayList<>();
        for (FieldError e : errors) {
            all.add(Map.of("field", e.field(), "code", e.code().name(), "message", e.message()));
        }
        return responses.error(ApiError.of(first), request.requestId(), Map.of("errors", all));
    }

    private APIGatewayV2HTTPResponse getCoupon(ApiRequest request, String couponId) {
        return catalog.get(couponId)
                .map(c -> responses.json(200, couponJson(c), request.requestId()))
                .orElseGet(() -> responses.error(new ApiError(ErrorCode.NOT_FOUND, "no coupon " + couponId, "couponId"),
                        request.requestId()));
    }

    static Map<String, Object> couponJson(Coupon c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("couponId", c.couponId());
        m.put("kind", c.kind().wireName());
        m.put("value", c.value());
        m.put("minSpend", c.minSpend());
        m.put("category", c.category());
        m.put("validFrom", c.validFrom() == null ? null : c.validFrom().toString());
        m.put("validTo", c.validTo() == null ? null : c.validTo().toString());
        m.put("dailyBudget", c.dailyBudget());
        m.put("perUserCap", c.perUserCap());
        m.put("budgetShards", c.budgetShards());
        m.put("peakIssuesPerSecond", c.peakIssuesPerSecond());
        m.put("budgetShardsInUse", c.dailyBudget() == null ? null : BudgetShards.count(c));
        m.put("budgetShardsFrom", c.dailyBudget() == null ? null : BudgetShards.source(c).name());
        m.put("active", c.active());
        return m;
    }


}
