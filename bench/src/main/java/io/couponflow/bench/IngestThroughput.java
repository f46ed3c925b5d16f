package io.couponflow.bench;

import io.couponflow.core.event.EventLimits;
import io.couponflow.core.event.EventValidator;
import io.couponflow.core.ingest.EventBatchIngestor;
import io.couponflow.core.reward.RewardAttributor;
import io.couponflow.dynamodb.Backoff;
import io.couponflow.dynamodb.BatchRequests;
import io.couponflow.dynamodb.DynamoDecisionLog;
import io.couponflow.dynamodb.DynamoEventStore;
import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.couponflow.testing.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Ingest throughput into dynalite (events/s) beside dynalite's raw BatchWriteItem rate into the same
 * kind of table (the events table as TableDefinitions defines it, by-time index included), in one run,
 * same server, same client threads. Usage: IngestThroughput [events=20000] [threads=8] [repeats=5]
 */
public final class IngestThroughput {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        try (Dynalite dynalite = Dynalite.inMemory(); DynamoDbClient client = dynalite.client(Duration.ofSeconds(60))) {
            // one round of each, not counted: the JIT and dynalite's first tables
            rawBatchWrites(client, TableNames.withPrefix("warm-raw-"), events / 4, threads);
            ingestPath(client, TableNames.withPrefix("warm-ing-"), events / 4, threads);
            double[] raw = new double[repeats];
            double[] ingest = new double[repeats];
            double[] ratio = new double[repeats];
            for (int r = 0; r < repeats; r++) {
                raw[r] = rawBatchWrites(client, TableNames.withPrefix("raw" + r + "-"), events, threads);
                ingest[r] = ingestPath(client, TableNames.withPrefix("ing" + r + "-"), events, threads);
                ratio[r] = ingest[r] / raw[r];
                System.out.printf("repeat %d: raw BatchWriteItem %8.0f items/s   ingest %8.0f events/s   ratio %.2f%n",
                        r + 1, raw[r], ingest[r], ratio[r]);
            }
            System.out.printf("median over %d repeats after a warm-up (%d events, %d client threads, dynalite in memory):%n",
                    repeats, events, threads);
            System.out.printf("  dynalite raw BatchWriteItem   %8.0f items/s  (into the events table, by-time index included)%n",
                    Stats.median(raw));
            System.out.printf("  couponflow ingest             %8.0f events/s  (validate + BatchGetItem of the keys + BatchWriteItem)%n",
                    Stats.median(ingest));
            System.out.printf("  ratio ingest / raw            %8.2f  (median of the repeats' ratios; each pair runs back to back)%n",
                    Stats.median(ratio));
        }
    }

    static double rawBatchWrites(DynamoDbClient client, TableNames t, int n, int threads) throws Exception {
        TableDefinitions.createAll(client, t);
        BatchRequests writer = new BatchRequests(client, Backoff.defaults());
        long now = Instant.now().toEpochMilli();
        List<WriteRequest> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("userId", AttributeValue.fromS("user-" + (i % 500)));
            item.put("eventId", AttributeValue.fromS("raw-" + i));
            item.put("sk", AttributeValue.fromS(String.format("%013d#raw-%d", now - i, i)));
            item.put("type", AttributeValue.fromS("view"));
            item.put("ts", AttributeValue.fromN(Long.toString(now - i)));
            item.put("price", AttributeValue.fromN("12.5"));
            all.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        List<List<WriteRequest>> chunks = BatchRequests.chunks(all, BatchRequests.WRITE_CHUNK);
        return timed(threads, chunks.size(), i -> writer.write(t.events(), chunks.get(i)), n);
    }

    static double ingestPath(DynamoDbClient client, TableNames t, int n, int threads) throws Exception {
        TableDefinitions.createAll(client, t);
        EventBatchIngestor ingestor = new EventBatchIngestor(new EventValidator(EventLimits.defaults()),
                new DynamoEventStore(client, t.events(), Duration.ofDays(90), Backoff.defaults()),
                new RewardAttributor(new DynamoDecisionLog(client, t.decisions(), Duration.ofDays(180)),
                        new RewardAttributor.Settings(Duration.ofHours(24), 0.3)));
        long now = Instant.now().toEpochMilli();
        int batch = 500;
        List<List<Map<String, Object>>> batches = new ArrayList<>();
        for (int b = 0; b < n / batch; b++) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                int k = b * batch + i;
                items.add(Map.of("eventId", "ev-" + k, "userId", "user-" + (k % 500), "type", "view",
                        "ts", now - k, "price", 12.5));
            }
            batches.add(items);
        }
        Instant at = Instant.ofEpochMilli(now);
        return timed(threads, batches.size(), i -> {
            if (ingestor.ingest(batches.get(i), at).accepted() != batch) {
                throw new IllegalStateException("batch not fully accepted");
            }
        }, n);
    }

    interface Task {
        void run(int i) throws Exception;
    }

    static double timed(int threads, int tasks, Task task, int units) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long t0 = System.nanoTime();
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            int k = i;
            fs.add(pool.submit(() -> {
                task.run(k);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        pool.shutdown();
        return units / seconds;
    }
}
