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
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Start-up of each function, native executable vs JVM, the way the local stack starts them: time from
 * process start to the first answered request (for score a decision on a shopper with history, so the
 * ONNX model is loaded and run), and the process's resident memory after 100 requests of that kind.
 * Each start gets a fresh dynalite with the five tables; medians over the starts are printed.
 *
 * <pre>StartupComparison [--starts 5] [--functions ingest,score,retrain] [--runtimes native,jvm]</pre>
 */
public final class StartupComparison {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int REQUESTS = 100;
    private static final int USERS = 20;

    private record Run(double firstAnswerMillis, long rssKib) {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int starts = 5;
        List<String> functions = List.of("ingest", "score", "retrain");
        List<String> runtimes = List.of("native", "jvm");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--starts" -> starts = Integer.parseInt(args[++i]);
                case "--functions" -> functions = List.of(args[++i].split(","));
                case "--runtimes" -> runtimes = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        System.out.printf("%-8s %-7s | %-28s | %-22s | %s%n", "function", "runtime", "start -> first answer, median",
                "RSS after " + REQUESTS + " requests", "all starts (ms / MiB)");
        for (String f : functions) {
            for (String runtime : runtimes) {
                List<Run> runs = new ArrayList<>();
                for (int s = 0; s < starts; s++) {
                    runs.add(once(f, runtime.equals("native")));
                }
                double[] ms = runs.stream().mapToDouble(Run::firstAnswerMillis).sorted().toArray();
                double[] mib = runs.stream().mapToDouble(r -> r.rssKib() / 1024.0).sorted().toArray();
                System.out.printf(Locale.ROOT, "%-8s %-7s | %22.0f ms | %18.0f MiB | %s / %s%n", f, runtime,
                        ms[ms.length / 2], mib[mib.length / 2], Arrays.toString(round(ms)), Arrays.toString(round(mib)));
            }
        }
    }

    private static Run once(String function, boolean nativeImage) throws Exception {
        Path root = RepoRoot.find();
        Path logDir = Files.createDirectories(root.resolve("bench/target/startup"));
        Path log = logDir.resolve(function + (nativeImage ? "-native" : "-jvm") + ".log");
        TableNames tables = TableNames.withPrefix("couponflow-");
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient client = dynalite.client();
             RuntimeApi api = new RuntimeApi(function)) {
            TableDefinitions.createAll(client, tables);
            seedHistories(client, tables);
            Map<String, String> env = LocalStack.environment(dynalite, tables);
            int memory = LocalStack.FUNCTIONS.get(function);
            long t0 = System.nanoTime();
            try (FunctionProcess p = nativeImage
                    ? FunctionProcess.startNative(function, LocalStack.nativeExecutable(root, function), api.address(), env, memory, log)
                    : FunctionProcess.start(function, LocalStack.runnerJar(root, function), api.address(), env, memory, log)) {
                // queued before the process polls: answered as soon as the function can
                String firstRequest = request(function, 0);
                CompletableFuture<RuntimeApi.Result> first = CompletableFuture.supplyAsync(() -> invoke(api, firstRequest));
                RuntimeApi.Result r = first.get();
                double firstMillis = (System.nanoTime() - t0) / 1e6;
                check(function, r);
                for (int i = 1; i < REQUESTS; i++) {
                    check(function, invoke(api, request(function, i)));
                }
                return new Run(firstMillis, rssKib(p.pid()));
            }
        }
    }

    private static RuntimeApi.Result invoke(RuntimeApi api, String event) {
        try {
            return api.invoke(event, Duration.ofSeconds(120));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void check(String function, RuntimeApi.Result r) throws Exception {
        if (r.error()) {
            throw new IllegalStateException(function + " failed: " + r.body());
        }
        JsonNode answer = JSON.readTree(r.body());
        if (answer.has("statusCode") && answer.get("statusCode").asInt() != 200) {
            throw new IllegalStateException(function + " answered " + r.body());
        }
        if (function.equals("score")) {
            JsonNode d = JSON.readTree(answer.path("body").asText());
            if (!d.hasNonNull("encoderVersion") || d.path("reasons").toString().contains("NO_HISTORY")) {
                throw new IllegalStateException("decision did not run the encoder: " + d);
            }
        }
    }

    /** The first request and the next ones: the function's main work (a batch of events, a decision, a night's retrain). */
    private static String request(String function, int i) throws Exception {
        return switch (function) {
            case "ingest" -> {
                List<Map<String, Object>> events = new ArrayList<>();
                long now = Instant.now().toEpochMilli();
                for (int k = 0; k < 5; k++) {
                    events.add(Map.of("eventId", "s-" + i + "-" + k + "-" + now, "userId", "startup-" + (i % USERS),
                            "type", "view", "ts", now - 1000 + k, "category", "shoes", "price", 20 + k));
                }
                yield http("POST", "/v1/events", JSON.writeValueAsString(Map.of("events", events)));
            }
            case "score" -> http("POST", "/v1/decisions", JSON.writeValueAsString(Map.of("userId", "startup-" + (i % USERS),
                    "context", Map.of("channel", "web", "cartValue", 60))));
            case "retrain" -> "{\"version\":\"0\",\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"time\":\""
                    + Instant.now() + "\",\"detail\":{}}";
            default -> throw new IllegalArgumentException(function);
        };
    }

    private static String http(String method, String path, String body) throws Exception {
        return JSON.writeValueAsString(Map.of("version", "2.0", "routeKey", method + " " + path, "rawPath", path,
                "rawQueryString", "", "headers", Map.of("content-type", "application/json"),
                "requestContext", Map.of("requestId", "startup", "stage", "$default",
                        "http", Map.of("method", method, "path", path, "sourceIp", "127.0.0.1")),
                "body", body, "isBase64Encoded", false));
    }

    private static void seedHistories(DynamoDbClient client, TableNames tables) {
        List<BehaviourEvent> events = new ArrayList<>();
        long now = Instant.now().toEpochMilli();
        for (int u = 0; u < USERS; u++) {
            for (int k = 0; k < 10; k++) {
                events.add(new BehaviourEvent("h-" + u + "-" + k, "startup-" + u, EventType.VIEW, now - (10 - k) * 60_000L,
                        "sku-" + k, "c" + (k % 4), 10.0 + k, null, null, null, null, null));
            }
        }
        new DynamoEventStore(client, tables.events(), Duration.ofDays(90), Backoff.defaults()).writeNew(events);
    }

    /** VmRSS of a process, in KiB, from /proc. */
    static long rssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static long[] round(double[] xs) {
        return Arrays.stream(xs).mapToLong(Math::round).toArray();
    }

    private StartupComparison() {
    }
}
