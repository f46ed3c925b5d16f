package io.couponflow.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.metrics.Metric;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Metrics in CloudWatch's embedded metric format: one JSON line on standard output per event, which
 * CloudWatch Logs turns into metrics (namespace {@code couponflow}, dimension {@code Function}); no
 * agent, no API call, nothing to wait for in the request path. Names and units come from core's
 * {@link Metric}, the list the template's dashboard and alarms are checked against.
 */
public final class EmfMetrics {
    public static final String NAMESPACE = "couponflow";
    private final ObjectMapper json;
    private final String function;
    private final Supplier<PrintStream> out;

    /** Writes to the standard output of the moment (what Lambda sends to CloudWatch Logs). */
    public EmfMetrics(ObjectMapper json, String function) {
        this(json, function, () -> System.out);
    }

    public EmfMetrics(ObjectMapper json, String function, PrintStream out) {
        this(json, function, () -> out);
    }

    private EmfMetrics(ObjectMapper json, String function, Supplier<PrintStream> out) {
        this.json = json;
        this.function = function;
        this.out = out;
    }

    /** Emits one record; each metric must be this function's. */
    public void emit(Map<Metric, ? extends Number> values) {
        List<Map<String, String>> defs = new ArrayList<>();
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics",
                List.of(Map.of("Namespace", NAMESPACE, "Dimensions", List.of(List.of("Function")), "Metrics", defs))));
        record.put("Function", function);
        values.forEach((m, v) -> {
            if (!m.function().equals(function)) {
                throw new IllegalArgumentException(m + " is " + m.function() + "'s metric, not " + function + "'s");
            }
            defs.add(Map.of("Name", m.metricName(), "Unit", m.unit().cloudWatch()));
            record.put(m.metricName(), v);
        });
        try {
            out.get().println(json.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
