package io.couponflow.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.common.CouponflowConfig;
import io.couponflow.common.EmfMetrics;
import io.couponflow.core.coupon.BudgetDay;
import io.couponflow.core.coupon.BudgetDayReport;
import io.couponflow.core.coupon.CouponBudgets;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.learn.RetrainSummary;
import io.couponflow.core.api.ErrorCode;
import io.couponflow.core.metrics.Metric;
import io.couponflow.core.policy.ActivePolicyMoves;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.report.AbReporter;
import io.couponflow.dynamodb.DynamoBudgetCounter;
import io.couponflow.dynamodb.DynamoCouponCatalog;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.DynamoReportStore;
import io.couponflow.dynamodb.TableNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a retraining, a rollback or a promotion, and answers with a JSON-able summary (also logged). */
@ApplicationScoped
public class RetrainService {
    private static final Logger LOG = Logger.getLogger(RetrainService.class);

    private final DynamoDbClient client;
    private final TableNames tables;
    private final RetrainConfig config;
    private final CouponflowConfig shared;
    private final ObjectMapper json;
    private final Clock clock;
    private final EmfMetrics metrics;

    public RetrainService(DynamoDbClient client, TableNames tables, RetrainConfig config, CouponflowConfig shared,
                          ObjectMapper json, Clock clock) {
        this.client = client;
        this.tables = tables;
        this.config = config;
        this.shared = shared;
        this.json = json;
        this.clock = clock;
        this.metrics = new EmfMetrics(json, "retrain");
    }

    PolicyStore policies() {
        return new DynamoPolicyStore(client, tables.models(), config.policy());
    }

    RetrainJob job(PolicyStore policies) {
        return new RetrainJob(new DynamoDecisionLog(client, tables.decisions(), shared.decisionRetention()), policies,
                config.jobSettings(shared.attributionWindowOrDefault()), clock, this::toJson, this::budgetDays,
                new AbReporter(new DynamoReportStore(client, tables.models(), config.policy()), this::toJson));
    }

    /**
     * Yesterday's budgets, coupon by coupon, each also as one log line (an operator's query finds them
     * without parsing the summary). A failed read leaves the report empty: it must not cost the night's training.
     */
    List<BudgetDay> budgetDays(String day) {
        try {
            List<BudgetDay> days = new BudgetDayReport(new DynamoCouponCatalog(client, tables.coupons()),
                    new DynamoBudgetCounter(client, tables.budgets(), clock), CouponBudgets.Settings.defaults().maxTries(),
                    Metric.EARLY_DAY_SHARE).forDay(day);
            for (BudgetDay b : days) {
                LOG.infof("budgetDay day=%s coupon=%s budget=%d issued=%d underIssued=%d shardsRanDry=%d/%d"
                                + " strandedInShards=%d ranOutAt=%s ranOutEarly=%s", b.day(), b.couponId(), b.budget(),
                        b.issued(), b.underIssued(), b.shardsRanDry(), b.shards(), b.strandedInShards(), b.ranOutAt(),
                        b.ranOutEarly());
            }
            return days;
        } catch (RuntimeException e) {
            LOG.warnf("budgetDay day=%s not reported: %s", day, e.toString());
            return List.of();
        }
    }

    public Map<String, Object> handle(Map<String, Object> event) {
        Object detail = event == null ? null : event.get("detail");
        String action = detail instanceof Map<?, ?> d && d.get("action") instanceof String a ? a : "retrain";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        PolicyStore policies = policies();
        switch (action) {
            case "rollback" -> {
                ActivePolicyMoves.Move m = new ActivePolicyMoves(policies).rollback();
                out.put("rolledBack", m.moved());
                putMove(out, m);
            }
            case "promote" -> {
                Object version = ((Map<?, ?>) detail).get("version");
                ActivePolicyMoves.Move m = version instanceof String v ? new ActivePolicyMoves(policies).promote(v)
                        : new ActivePolicyMoves.Move(null, null, ErrorCode.MISSING_FIELD, "promote needs a version");
                out.put("promoted", m.moved());
                putMove(out, m);
            }
            case "retrain" -> {
                RetrainSummary summary = job(policies).run(config.timeBudget());
                out.put("summary", summary);
                metrics.emit(outcomeMetrics(summary));
            }
            default -> out.put("error", "unknown action '" + action + "'; use retrain, rollback or promote");
        }
        LOG.info(toJson(out));
        return out;
    }

    /** What the dashboard and the alarms read of a run: that it ran, and whether it promoted or had too little data. */
    static Map<Metric, Number> outcomeMetrics(RetrainSummary summary) {
        Map<Metric, Number> m = new EnumMap<>(Metric.class);
        m.put(Metric.RETRAIN_RUNS, 1);
        m.put(Metric.RETRAIN_PROMOTED, "PROMOTED".equals(summary.outcome()) ? 1 : 0);
        m.put(Metric.RETRAIN_INSUFFICIENT_DATA, "INSUFFICIENT_DATA".equals(summary.outcome()) ? 1 : 0);
        return m;
    }

    /** The move's before and after, and why it was refused (the API's error code) when it was. */
    private static void putMove(Map<String, Object> out, ActivePolicyMoves.Move m) {
        out.put("activeBefore", m.activeBefore());
        out.put("activeAfter", m.activeAfter());
        if (!m.moved()) {
            out.put("error", m.message());
            out.put("code", m.refusal().name());
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
