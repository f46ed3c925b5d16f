package io.couponflow.retrain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.learn.QLearner;
import io.couponflow.core.learn.RetrainJob;
import io.couponflow.core.learn.RetrainSummary;
import io.couponflow.core.ope.Bootstrap;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoPolicyStore;
import io.couponflow.dynamodb.TableNames;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs a retraining, a rollback or a promotion, and answers with a JSON-able summary (also logged). */
@ApplicationScoped
public class RetrainService {
    private static final Logger LOG = Logger.getLogger(RetrainService.class);

    private final DynamoDbClient client;
    private final TableNames tables;
    private final RetrainConfig config;
    private final ObjectMapper json;
    private final Clock clock;

    public RetrainService(DynamoDbClient client, TableNames tables, RetrainConfig config, ObjectMapper json, Clock clock) {
        this.client = client;
        this.tables = tables;
        this.config = config;
        this.json = json;
        this.clock = clock;
    }

    PolicyStore policies() {
        return new DynamoPolicyStore(client, tables.models(), config.policy());
    }

    RetrainJob job(PolicyStore policies) {
        QLearner.Settings learner = new QLearner.Settings(config.gamma(), 0.01, config.l2(), 10.0, 64, 60, 50, 6, config.seed());
        RetrainJob.Settings settings = new RetrainJob.Settings(config.lookbackDays(), config.attributionWindow(),
                config.horizon(), config.epsilon(), config.minTransitions(), 0.15, 0.2, learner,
                new Bootstrap(200, 0.9, config.seed()), config.ensembleSize(), config.pessimism(),
                config.minHeldOut());
        return new RetrainJob(new DynamoDecisionLog(client, tables.decisions(), Duration.ofDays(180)), policies, settings,
                clock, this::toJson);
    }

    public Map<String, Object> handle(Map<String, Object> event) {
        Object detail = event == null ? null : event.get("detail");
        String action = detail instanceof Map<?, ?> d && d.get("action") instanceof String a ? a : "retrain";
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("action", action);
        PolicyStore policies = policies();
        switch (action) {
            case "rollback" -> {
                String before = policies.active().map(PolicyVersion::version).orElse(null);
                boolean done = policies.rollback();
                out.put("rolledBack", done);
                out.put("activeBefore", before);
                out.put("activeAfter", policies.active().map(PolicyVersion::version).orElse(null));
            }
            case "promote" -> {
                Object version = ((Map<?, ?>) detail).get("version");
                String before = policies.active().map(PolicyVersion::version).orElse(null);
                boolean exists = version instanceof String v && policies.get(v).isPresent();
                out.put("promoted", exists && policies.promote((String) version, before));
                out.put("activeBefore", before);
                out.put("activeAfter", policies.active().map(PolicyVersion::version).orElse(null));
                if (!exists) {
                    out.put("error", "no version " + version);
                }
            }
            case "retrain" -> {
                long deadline = System.nanoTime() + config.timeBudget().toNanos();
                RetrainSummary summary = job(policies).run(() -> System.nanoTime() > deadline);
                out.put("summary", summary);
            }
            default -> out.put("error", "unknown action '" + action + "'; use retrain, rollback or promote");
        }
        LOG.info(toJson(out));
        return out;
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
