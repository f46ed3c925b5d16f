package io.couponflow.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.features.FeatureSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Reads model/feature_spec.json (shipped on the class path beside the model). */
public final class FeatureSpecs {
    private FeatureSpecs() {
    }

    public static FeatureSpec fromClasspath(ObjectMapper json) {
        try (InputStream in = FeatureSpecs.class.getResourceAsStream("/model/feature_spec.json")) {
            if (in == null) {
                throw new IllegalStateException("model/feature_spec.json is not on the class path");
            }
            return parse(json.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static FeatureSpec parse(JsonNode n) {
        List<String> types = new ArrayList<>();
        n.get("event_types").forEach(t -> types.add(t.asText()));
        return new FeatureSpec(n.get("version").asText(), n.get("window").asInt(), types,
                n.get("category_buckets").asInt(), doubles(n.get("price_boundaries")),
                doubles(n.get("gap_boundaries_seconds")), n.get("hidden").asInt());
    }

    private static double[] doubles(JsonNode a) {
        double[] d = new double[a.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = a.get(i).asDouble();
        }
        return d;
    }
}
