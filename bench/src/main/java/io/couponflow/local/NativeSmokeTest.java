package io.couponflow.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.Dynalite;
import io.couponflow.testing.RepoRoot;
import io.couponflow.testing.SampleAnswers;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * The native executables of the functions, started the way Lambda's {@code provided} runtime starts
 * {@code bootstrap} and fed their samples from events/ through the local Lambda Runtime API, each
 * against its own dynalite with the five tables. Each sample must get the answer
 * events/expected-answers.json gives it (the file the JVM tests read). For score it also requires a
 * decision on a shopper with history that ran the encoder (encoderVersion set, neither
 * MODEL_UNAVAILABLE nor NO_HISTORY among the reasons). Used by .ci/native-check; prints one line per
 * check and a closing "N passed, N failed" line, and exits non-zero on any failure.
 *
 * <pre>NativeSmokeTest [ingest score retrain]</pre>
 */
public final class NativeSmokeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration INVOKE_TIMEOUT = Duration.ofSeconds(60);

    private int passed;
    private int failed;

    public static void main(String[] args) throws Exception {
        List<String> functions = args.length > 0 ? List.of(args) : List.of("ingest", "score", "retrain");
        NativeSmokeTest t = new NativeSmokeTest();
        for (String f : functions) {
            t.function(f);
        }
        System.out.printf("native-check: %d passed, %d failed%n", t.passed, t.failed);
        System.exit(t.failed == 0 ? 0 : 1);
    }

    private void function(String function) throws Exception {
        Path root = RepoRoot.find();
        Path logDir = Files.createDirectories(root.resolve("bench/target/native-check"));
        Path log = logDir.resolve(function + ".log");
        Files.deleteIfExists(log);
        TableNames tables = TableNames.withPrefix("couponflow-");
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient client = dynalite.client();
             RuntimeApi api = new RuntimeApi(function)) {
            TableDefinitions.createAll(client, tables);
            Map<String, String> env = LocalStack.environment(dynalite, tables);
            SampleAnswers.config(function).forEach((k, v) -> env.put(environmentName(k), v));
            long t0 = System.nanoTime();
            try (FunctionProcess p = FunctionProcess.startNative(function, LocalStack.nativeExecutable(root, function),
                    api.address(), env, LocalStack.FUNCTIONS.get(function), log)) {
                if (!api.awaitIdle(1, START_TIMEOUT)) {
                    report(false, function, "started and polled the Runtime API within " + START_TIMEOUT.toSeconds()
                            + " s (init error: " + api.initError() + "; log " + root.relativize(log) + ")");
                    return;
                }
                report(true, function, String.format(Locale.ROOT, "native executable ready for events %.0f ms after start (pid %d)",
                        (System.nanoTime() - t0) / 1e6, p.pid()));
                for (SampleAnswers.Expectation e : SampleAnswers.of(function)) {
                    sample(api, function, e);
                }
                if (function.equals("score")) {
                    decisionRanTheEncoder(api, client, tables);
                }
                malformedEventGetsAnErrorAnswer(api, function);
                if (!p.alive()) {
                    report(false, function, "process still running after its samples (log " + root.relativize(log) + ")");
                }
            }
        }
    }

    private void sample(RuntimeApi api, String function, SampleAnswers.Expectation e) throws Exception {
        RuntimeApi.Result r;
        try {
            r = api.invoke(e.event(), INVOKE_TIMEOUT);
        } catch (TimeoutException timeout) {
            report(false, function, e.sample() + ": no answer within " + INVOKE_TIMEOUT.toSeconds() + " s");
            return;
        }
        if (r.error()) {
            report(false, function, e.sample() + ": function error " + r.body());
            return;
        }
        JsonNode result = JSON.readTree(r.body());
        List<String> problems;
        if (e.status() != null) {
            String body = result.path("body").asText("");
            JsonNode parsed = body.isEmpty() ? JSON.createObjectNode() : JSON.readTree(body);
            Map<String, String> headers = new HashMap<>();
            result.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            problems = e.problems(result.path("statusCode").asInt(), headers, parsed);
        } else {
            problems = e.problems(result);
        }
        report(problems.isEmpty(), function, e.sample() + (problems.isEmpty() ? ": expected answer" : ": " + problems + " in " + r.body()));
    }

    /**
     * An event the handler cannot read must come back as a Lambda error (Quarkus's FunctionError, which
     * the runtime serialises by reflection), not as silence until the timeout.
     */
    private void malformedEventGetsAnErrorAnswer(RuntimeApi api, String function) throws Exception {
        RuntimeApi.Result r;
        try {
            r = api.invoke("[\"not an event\"", Duration.ofSeconds(20));
        } catch (TimeoutException timeout) {
            report(false, function, "malformed event: no answer within 20 s (the error path failed)");
            return;
        }
        boolean ok = r.error() && JSON.readTree(r.body()).hasNonNull("errorMessage");
        report(ok, function, "malformed event: " + (ok ? "Lambda error answer " : "unexpected answer ") + r.body());
    }

    /** A decision on a shopper with events: the encoder must have run (its version in the answer). */
    private void decisionRanTheEncoder(RuntimeApi api, DynamoDbClient client, TableNames tables) throws Exception {
        String user = "native-check-" + UUID.randomUUID();
        long now = Instant.now().toEpochMilli();
        List<BehaviourEvent> history = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            history.add(new BehaviourEvent("nc-" + k, user, EventType.VIEW, now - (5 - k) * 60_000L, "sku-" + k, "shoes",
                    40.0 + k, null, null, null, null, null));
        }
        new DynamoEventStore(client, tables.events(), Duration.ofDays(90), Backoff.defaults()).writeNew(history);
        String body = JSON.writeValueAsString(Map.of("userId", user, "context", Map.of("channel", "web", "cartValue", 60)));
        String event = JSON.writeValueAsString(Map.of("version", "2.0", "routeKey", "POST /v1/decisions",
                "rawPath", "/v1/decisions", "rawQueryString", "", "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("requestId", user, "stage", "$default",
                        "http", Map.of("method", "POST", "path", "/v1/decisions", "sourceIp", "127.0.0.1")),
                "body", body, "isBase64Encoded", false));
        RuntimeApi.Result r = api.invoke(event, INVOKE_TIMEOUT);
        JsonNode answer = JSON.readTree(r.body());
        JsonNode decision = JSON.readTree(answer.path("body").asText("{}"));
        List<String> reasons = new ArrayList<>();
        decision.path("reasons").forEach(n -> reasons.add(n.asText()));
        boolean ok = !r.error() && answer.path("statusCode").asInt() == 200 && decision.hasNonNull("encoderVersion")
                && !reasons.contains("MODEL_UNAVAILABLE") && !reasons.contains("NO_HISTORY");
        report(ok, "score", "decision on a shopper with 5 events ran the ONNX encoder: " + (ok
                ? "encoderVersion " + decision.get("encoderVersion").asText() + ", reasons " + reasons
                : r.body()));
    }

    private static String environmentName(String property) {
        return property.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private void report(boolean ok, String function, String what) {
        if (ok) {
            passed++;
        } else {
            failed++;
        }
        System.out.println("native-check " + function + ": " + (ok ? "ok   " : "FAIL ") + what);
    }

    private NativeSmokeTest() {
    }

    static {
        // the JDK HTTP server writes headers and body separately: without TCP_NODELAY every exchange waits ~40 ms
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }
}
