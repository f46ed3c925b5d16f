package io.couponflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each sample in events/ must answer: events/expected-answers.json, the one copy of those
 * expectations, read by the JVM tests and by the native executables' check (.ci/native-check).
 */
public final class SampleAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FILE = "expected-answers.json";

    private SampleAnswers() {
    }

    /** One sample and its answer: HTTP status and error code (API Gateway events), JSON pointers into the body. */
    public record Expectation(String sample, Integer status, String error, Map<String, JsonNode> fields,
                              List<String> present, Map<String, List<String>> absent, List<String> headers) {

        public Path file() {
            return RepoRoot.find().resolve("events").resolve(sample);
        }

        public String event() {
            try {
                return Files.readString(file());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What differs from the expected answer of an API Gateway event; empty when nothing does. */
        public List<String> problems(int actualStatus, Map<String, String> actualHeaders, JsonNode body) {
            List<String> out = new ArrayList<>();
            if (status != null && status != actualStatus) {
                out.add("status " + actualStatus + ", expected " + status);
            }
            String code = body.path("error").path("code").asText(null);
            if (error == null ? code != null : !error.equals(code)) {
                out.add("error code " + code + ", expected " + error);
            }
            for (String h : headers) {
                if (actualHeaders == null || !actualHeaders.containsKey(h)) {
                    out.add("header " + h + " missing");
                }
            }
            out.addAll(problems(body));
            return out;
        }

        /** What differs in a JSON answer (the body of an HTTP answer, or a raw result). */
        public List<String> problems(JsonNode body) {
            List<String> out = new ArrayList<>();
            fields.forEach((pointer, value) -> {
                JsonNode actual = body.at(pointer);
                if (!actual.equals(value) && !(actual.isNumber() && value.isNumber() && actual.asDouble() == value.asDouble())) {
                    out.add(pointer + " = " + actual + ", expected " + value);
                }
            });
            for (String pointer : present) {
                if (body.at(pointer).isMissingNode() || body.at(pointer).isNull()) {
                    out.add(pointer + " missing");
                }
            }
            absent.forEach((pointer, values) -> {
                for (JsonNode v : body.at(pointer)) {
                    if (values.contains(v.asText())) {
                        out.add(pointer + " holds " + v.asText());
                    }
                }
            });
            return out;
        }
    }

    /** The function's samples in the order they are sent. */
    public static List<Expectation> of(String function) {
        JsonNode f = function(function);
        List<String> headers = strings(f.path("headers"));
        List<Expectation> out = new ArrayList<>();
        for (JsonNode e : f.path("samples")) {
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            e.path("fields").fields().forEachRemaining(x -> fields.put(x.getKey(), x.getValue()));
            Map<String, List<String>> absent = new LinkedHashMap<>();
            e.path("absent").fields().forEachRemaining(x -> absent.put(x.getKey(), strings(x.getValue())));
            out.add(new Expectation(e.get("sample").asText(), e.hasNonNull("status") ? e.get("status").asInt() : null,
                    e.path("error").asText(null), fields, strings(e.path("present")), absent,
                    e.hasNonNull("status") ? headers : List.of()));
        }
        return out;
    }

    /** Configuration the function needs for its samples' answers (e.g. a clock pinned after their timestamps). */
    public static Map<String, String> config(String function) {
        Map<String, String> out = new LinkedHashMap<>();
        function(function).path("config").fields().forEachRemaining(x -> out.put(x.getKey(), x.getValue().asText()));
        return out;
    }

    private static JsonNode function(String function) {
        try {
            JsonNode f = JSON.readTree(RepoRoot.find().resolve("events").resolve(FILE).toFile()).path("functions").path(function);
            if (f.isMissingNode()) {
                throw new IllegalArgumentException("events/" + FILE + " has no function " + function);
            }
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
