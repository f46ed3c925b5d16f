package io.couponflow.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.metrics.Metric;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmfMetricsTest {

    @Test
    void emit_writesOneEmbeddedMetricFormatLine() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ObjectMapper json = new ObjectMapper();
        Map<Metric, Number> values = new LinkedHashMap<>();
        values.put(Metric.DECISIONS, 1);
        values.put(Metric.DECISION_LATENCY, 12.5);
        new EmfMetrics(json, "score", new PrintStream(buf, true, StandardCharsets.UTF_8)).emit(values);
        String out = buf.toString(StandardCharsets.UTF_8);
        assertEquals(1, out.lines().count());
        JsonNode r = json.readTree(out);
        JsonNode directive = r.at("/_aws/CloudWatchMetrics/0");
        assertEquals("couponflow", directive.get("Namespace").asText());
        assertEquals("Function", directive.at("/Dimensions/0/0").asText());
        assertEquals(2, directive.get("Metrics").size());
        assertEquals("Milliseconds", directive.at("/Metrics/1/Unit").asText());
        assertEquals("score", r.get("Function").asText());
        assertEquals(1, r.get("Decisions").asInt());
        assertEquals(12.5, r.get("DecisionLatency").asDouble());
        assertTrue(r.at("/_aws/Timestamp").asLong() > 0);
    }

    @Test
    void emit_anotherFunctionsMetric_isRefused() {
        EmfMetrics score = new EmfMetrics(new ObjectMapper(), "score", new PrintStream(new ByteArrayOutputStream()));
        assertThrows(IllegalArgumentException.class, () -> score.emit(Map.of(Metric.EVENTS_ACCEPTED, 1)));
    }
}
