package io.couponflow.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.couponflow.local.LocalStack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded load test of the local stack on loopback: event batches (10% of them replayed) and
 * decisions in parallel, then a check that every accepted event is stored exactly once and every
 * answered decision is logged exactly once. Usage: LoadTest [batches=300] [decisions=1500] [threads=4]
 * [concurrency=2] [maxSeconds=240]
 */
public final class LoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 300;
        int decisions = args.length > 1 ? Integer.parseInt(args[1]) : 1_500;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        int concurrency = args.length > 3 ? Integer.parseInt(args[3]) : 2;
        long deadline = System.nanoTime() + Duration.ofSeconds(args.length > 4 ? Long.parseLong(args[4]) : 240).toNanos();
        int perBatch = 50;
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, concurrency, null, Map.of()))) {
            HttpClient http = HttpClient.newHttpClient();
            send(http, stack, "PUT", "/v1/coupons/LT5", "{\"kind\":\"fixed\",\"value\":5,\"dailyBudget\":400}");
            long now = Instant.now().toEpochMilli();
            ConcurrentLinkedQueue<Long> ingestNanos = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Long> decideNanos = new ConcurrentLinkedQueue<>();
            AtomicInteger accepted = new AtomicInteger();
            AtomicInteger duplicates = new AtomicInteger();
            AtomicInteger decided = new AtomicInteger();
            AtomicInteger issued = new AtomicInteger();
            AtomicInteger errors = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads * 2);
            List<Future<?>> fs = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int b = 0; b < batches; b++) {
                int batch = b;
                fs.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    StringBuilder body = new StringBuilder("{\"events\":[");
                    int source = batch % 10 == 9 ? batch - 1 : batch;   // every tenth batch replays the previous one
                    for (int k = 0; k < perBatch; k++) {
                        body.append(k == 0 ? "" : ",").append(String.format(
                                "{\"eventId\":\"lt-%d-%d\",\"userId\":\"lt-user-%d\",\"type\":\"view\",\"ts\":%d,\"price\":12.5,\"category\":\"c%d\"}",
                                source, k, (source * perBatch + k) % 300, now - source * 100L - k, k % 7));
                    }
                    long s = System.nanoTime();
                    HttpResponse<String> r = send(http, stack, "POST", "/v1/events", body.append("]}").toString());
                    ingestNanos.add(System.nanoTime() - s);
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                        return null;
                    }
                    JsonNode a = JSON.readTree(r.body());
                    accepted.addAndGet(a.get("accepted").asInt());
                    duplicates.addAndGet(a.get("duplicates").asInt());
                    return null;
                }));
            }
            for (int i = 0; i < decisions; i++) {
                int n = i;
                fs.add(pool.submit(() -> {
                    if (System.nanoTime() > deadline) {
                        return null;
                    }
                    long s = System.nanoTime();
                    HttpResponse<String> r = send(http, stack, "POST", "/v1/decisions",
                            "{\"userId\":\"lt-user-" + (n % 300) + "\",\"context\":{\"cartValue\":40,\"channel\":\"app\"}}");
                    decideNanos.add(System.nanoTime() - s);
                    if (r.statusCode() != 200) {
                        errors.incrementAndGet();
                        return null;
                    }
                    decided.incrementAndGet();
                    if (JSON.readTree(r.body()).path("coupon").isObject()) {
                        issued.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();

            int storedEvents = count(stack, stack.tables().events());
            int loggedDecisions = count(stack, stack.tables().decisions());
            long ingestCalls = ingestNanos.size();
            long decideCalls = decideNanos.size();
            System.out.printf("load: %.1f s, %d ingest calls (%d events each, 10%% replays) and %d decisions in parallel, "
                            + "%d client threads, %d JVMs per function%n", seconds, ingestCalls, perBatch, decideCalls, threads * 2,
                    concurrency);
            System.out.printf("throughput: %.0f events/s accepted+duplicate, %.1f decisions/s; errors %d%n",
                    (accepted.get() + duplicates.get()) / seconds, decided.get() / seconds, errors.get());
            System.out.println(Stats.latency("POST /v1/events (50 events)", toArray(ingestNanos)));
            System.out.println(Stats.latency("POST /v1/decisions", toArray(decideNanos)));
            int unique = (int) (ingestCalls - ingestCalls / 10) * perBatch;
            System.out.printf("events: %d unique sent, stored %d -> %s; answers said accepted %d, duplicates %d "
                            + "(one item per (userId, eventId); a replay of a view racing its original may be told "
                            + "'accepted' instead of 'duplicate')%n", unique, storedEvents,
                    storedEvents == unique ? "nothing lost, nothing doubled" : "MISMATCH", accepted.get(), duplicates.get());
            System.out.printf("decisions: answered %d (coupon issued %d), logged %d -> %s; coupon budget 400, issued %d%n",
                    decided.get(), issued.get(), loggedDecisions, loggedDecisions == decided.get() ? "each logged once" : "MISMATCH",
                    issued.get());
        }
    }

    /** Items in a table: a Scan answers page by page (1 MB each), so the pages' counts are summed. */
    private static int count(LocalStack stack, String table) {
        return stack.dynamo().scanPaginator(s -> s.tableName(table).select("COUNT")).stream()
                .mapToInt(p -> p.count()).sum();
    }

    private static long[] toArray(ConcurrentLinkedQueue<Long> q) {
        return q.stream().mapToLong(Long::longValue).toArray();
    }

    private static HttpResponse<String> send(HttpClient http, LocalStack stack, String method, String path, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(stack.baseUrl() + path)).header("content-type", "application/json")
                .timeout(Duration.ofSeconds(60)).method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
