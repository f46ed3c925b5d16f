package io.couponflow.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics in CloudWatch's embedded metric format: one JSON line on standard output per event, which
 * CloudWatch Logs turns into metrics (namespace {@code couponflow}, dimension {@code Function}); no
 * agent, no API call, nothing to wait for in the request path.
 */
public final class EmfMetrics {
    private final ObjectMapper json;
    private final String function;
    private final PrintStream out;

    public EmfMetrics(ObjectMapper json, String function, PrintStream out) {
        this.json = json;
        this.function = function;
        this.out = out;
    }

    /** Emits one record; {@code counts} are Count metrics, {@code millis} Milliseconds metrics. */
    public void emit(Map<String, Number> counts, Map<String, Number> millis) {
        List<Map<String, String>> defs = new ArrayList<>();
        counts.keySet().forEach(k -> defs.add(Map.of("Name", k, "Unit", "Count")));
        millis.keySet().forEach(k -> defs.add(Map.of("Name", k, "Unit", "Milliseconds")));
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("_aws", Map.of("Timestamp", System.currentTimeMillis(), "CloudWatchMetrics",
                List.of(Map.of("Namespace", "couponflow", "Dimensions", List.of(List.of("Function")), "Metrics", defs))));
        record.put("Function", function);
        record.putAll(counts);
        record.putAll(millis);
        try {
            out.println(json.writeValueAsString(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
