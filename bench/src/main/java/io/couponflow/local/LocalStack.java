package io.couponflow.local;

import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.Dynalite;
import io.couponflow.testing.RepoRoot;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * couponflow on one machine: dynalite for DynamoDB, each function in its own JVM (or, on request, as
 * its native executable) behind a Lambda Runtime API, and the HTTP API on 127.0.0.1 (like
 * {@code sam local start-api}).
 */
public final class LocalStack implements AutoCloseable {
    /** The functions, in start order, with the memory (heap limit) each process gets. */
    static final Map<String, Integer> FUNCTIONS = new LinkedHashMap<>();

    static {
        FUNCTIONS.put("ingest", 384);
        FUNCTIONS.put("score", 768);
        FUNCTIONS.put("retrain", 1024);
    }

    /** Set to true (infra/local/start.sh --native does) to run the functions' native executables by default. */
    public static final String NATIVE_PROPERTY = "couponflow.local.native";

    /**
     * Settings: port of the API, processes per function (their concurrency), dynalite data folder (null =
     * memory), extra environment, and whether the functions run as native executables instead of JVMs.
     */
    public record Options(int port, int concurrency, Path dataDir, Map<String, String> extraEnv, boolean nativeImages) {
        /** JVMs, unless the {@value #NATIVE_PROPERTY} system property asks for native executables. */
        public Options(int port, int concurrency, Path dataDir, Map<String, String> extraEnv) {
            this(port, concurrency, dataDir, extraEnv, Boolean.getBoolean(NATIVE_PROPERTY));
        }

        public static Options defaults() {
            return new Options(3000, 1, null, Map.of());
        }
    }

    private final Dynalite dynalite;
    private final DynamoDbClient client;
    private final TableNames tables = TableNames.withPrefix("couponflow-");
    private final Map<String, RuntimeApi> runtimes = new HashMap<>();
    private final List<FunctionProcess> processes = new ArrayList<>();
    private final LocalGateway gateway;
    private final Path logDir;

    private LocalStack(Options options) throws IOException, InterruptedException {
        // the JDK HTTP server writes headers and body separately: without TCP_NODELAY, Nagle's algorithm
        // and delayed ACKs add ~40 ms to every Runtime API and gateway exchange
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path root = RepoRoot.find();
        logDir = Files.createDirectories(root.resolve("bench/target/local-stack"));
        dynalite = Dynalite.onPort(Dynalite.freePort(), options.dataDir());
        client = dynalite.client();
        TableDefinitions.createAll(client, tables);
        Map<String, String> env = functionEnvironment(options.extraEnv());
        if (options.nativeImages()) {
            System.out.println("local stack: the functions run as their native executables (functions/*/target/*-runner)");
        }
        // one process at a time: AWS's runtime client unpacks its JNI library to a fixed /tmp path at
        // start-up, so two starting together read each other's half-written copy
        for (Map.Entry<String, Integer> f : FUNCTIONS.entrySet()) {
            RuntimeApi api = new RuntimeApi(f.getKey());
            runtimes.put(f.getKey(), api);
            for (int i = 0; i < options.concurrency(); i++) {
                Path log = logDir.resolve(f.getKey() + ".log");
                processes.add(options.nativeImages()
                        ? FunctionProcess.startNative(f.getKey(), nativeExecutable(root, f.getKey()), api.address(), env, f.getValue(), log)
                        : FunctionProcess.start(f.getKey(), runnerJar(root, f.getKey()), api.address(), env, f.getValue(), log));
                if (!api.awaitIdle(i + 1, Duration.ofSeconds(90))) {
                    close();
                    throw new IllegalStateException(f.getKey() + " did not start within 90 s; see "
                            + root.relativize(logDir.resolve(f.getKey() + ".log")) + (api.initError() == null ? ""
                            : " (init error: " + api.initError() + ")"));
                }
            }
        }
        gateway = new LocalGateway("127.0.0.1", options.port(), runtimes::get, Duration.ofSeconds(30));
    }

    public static LocalStack start(Options options) throws IOException, InterruptedException {
        return new LocalStack(options);
    }

    /** The function's packaged JVM application (./mvnw package). */
    static Path runnerJar(Path root, String function) {
        return root.resolve("functions/" + function + "/target/couponflow-" + function + "-0.1.0-SNAPSHOT-runner.jar");
    }

    /** The function's native executable (./mvnw package -Dnative; function.zip holds it as bootstrap). */
    static Path nativeExecutable(Path root, String function) {
        return root.resolve("functions/" + function + "/target/couponflow-" + function + "-0.1.0-SNAPSHOT-runner");
    }

    private Map<String, String> functionEnvironment(Map<String, String> extra) {
        Map<String, String> env = functionEnvironment(environment(dynalite, tables), extra, System.getenv());
        settings(System.getenv()).keySet().stream().filter(k -> !environment(dynalite, tables).containsKey(k)).sorted()
                .forEach(k -> System.out.println("local stack: the functions get " + k + "=" + env.get(k) + " from this shell"));
        return env;
    }

    /**
     * What each function process gets: the caller's settings (the demo's), then the couponflow settings of
     * the shell that started the stack ({@code COUPONFLOW_*}: {@code COUPONFLOW_SCORE_LIVE_SHARE=0
     * infra/local/start.sh serve} serves everyone the baseline), then the stack's own wiring (endpoint,
     * tables), which nothing overrides. An operator's explicit setting beats the demo's choice.
     */
    static Map<String, String> functionEnvironment(Map<String, String> wiring, Map<String, String> callers,
                                                   Map<String, String> shell) {
        Map<String, String> env = new HashMap<>(callers);
        env.putAll(settings(shell));
        env.putAll(wiring);
        return env;
    }

    /** The couponflow settings in an environment: every {@code COUPONFLOW_*} variable (each maps to a couponflow.* key). */
    static Map<String, String> settings(Map<String, String> environment) {
        Map<String, String> out = new HashMap<>();
        environment.forEach((k, v) -> {
            if (k.startsWith("COUPONFLOW_")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** What a function process needs to reach the tables in dynalite (the template's environment, locally). */
    static Map<String, String> environment(Dynalite dynalite, TableNames tables) {
        Map<String, String> env = new HashMap<>();
        env.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynalite.endpoint().toString());
        env.put("QUARKUS_DYNAMODB_AWS_REGION", Dynalite.REGION);
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_TYPE", "static");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_ACCESS_KEY_ID", "local");
        env.put("QUARKUS_DYNAMODB_AWS_CREDENTIALS_STATIC_PROVIDER_SECRET_ACCESS_KEY", "local");
        env.put("AWS_REGION", Dynalite.REGION);
        env.put("COUPONFLOW_TABLES_EVENTS", tables.events());
        env.put("COUPONFLOW_TABLES_DECISIONS", tables.decisions());
        env.put("COUPONFLOW_TABLES_COUPONS", tables.coupons());
        env.put("COUPONFLOW_TABLES_BUDGETS", tables.budgets());
        env.put("COUPONFLOW_TABLES_MODELS", tables.models());
        return env;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + gateway.port();
    }

    public DynamoDbClient dynamo() {
        return client;
    }

    public TableNames tables() {
        return tables;
    }

    public Dynalite dynalite() {
        return dynalite;
    }

    /** Invokes a function directly with a raw event (as {@code sam local invoke} does). */
    public String invoke(String function, String event, Duration timeout) throws TimeoutException, InterruptedException {
        RuntimeApi.Result r = runtimes.get(function).invoke(event, timeout);
        if (r.error()) {
            throw new IllegalStateException(function + " failed: " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() {
        if (gateway != null) {
            gateway.close();
        }
        processes.forEach(FunctionProcess::close);
        runtimes.values().forEach(RuntimeApi::close);
        client.close();
        dynalite.close();
    }

    /** {@code serve [--port N] [--concurrency N] [--data DIR] [--native]}: runs until interrupted. */
    public static void main(String[] args) throws Exception {
        Options o = Options.defaults();
        int port = o.port();
        int concurrency = o.concurrency();
        boolean nativeImages = o.nativeImages();
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--native" -> nativeImages = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        LocalStack stack = start(new Options(port, concurrency, data, Map.of(), nativeImages));
        Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
        System.out.println("couponflow local stack (" + (nativeImages ? "native executables" : "JVMs") + "): API on "
                + stack.baseUrl() + ", DynamoDB (dynalite) on " + stack.dynalite().endpoint()
                + "; function logs in bench/target/local-stack/. Ctrl-C stops it.");
        Thread.currentThread().join();
    }
}
