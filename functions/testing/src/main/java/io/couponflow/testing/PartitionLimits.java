package io.couponflow.testing;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * DynamoDB's per-partition limits, emulated in front of dynalite (which has none): an SDK
 * {@link ExecutionInterceptor} that counts, per second of a {@link Clock}, the units each request spends
 * on each partition-key value, of the table and of each of its global indexes, and fails a request that
 * would take any key above {@value #WRITES_PER_SECOND} writes/s or {@value #READS_PER_SECOND} reads/s with
 * {@link ProvisionedThroughputExceededException}, as DynamoDB does when one partition is hot.
 *
 * <p>With a virtual clock (the benchmark's), the limits hold at rates this machine cannot reach: what
 * counts is how many requests a key gets per second of that clock, not of the wall. One key per
 * partition is the optimistic case (DynamoDB splits hot partitions down to a single key, never below),
 * so a key above these rates is throttled in DynamoDB too.
 *
 * <p>Units, as DynamoDB's on-demand mode counts them for items up to 1 KB written and 4 KB read: a
 * write of one item is 1 (PutItem, UpdateItem, DeleteItem, each put or delete of a BatchWriteItem, a
 * refused conditional write included), plus 1 on each global index whose key the put item carries; a
 * read of one item is 1 when consistent, 0.5 when eventually consistent (GetItem, each key of a
 * BatchGetItem); a Query is one read of its partition. Not modelled: larger items, the index writes of
 * UpdateItem and DeleteItem (the interceptor does not know the item they change), burst capacity.
 *
 * <p>A throttled call fails at once, as if the SDK's retries had all been throttled too (in virtual
 * time no time passes between them); a throttled request spends nothing.
 */
public final class PartitionLimits implements ExecutionInterceptor {
    public static final int WRITES_PER_SECOND = 1_000;
    public static final int READS_PER_SECOND = 3_000;

    /** What one request would spend on one key. */
    private record Charge(String key, double reads, double writes) {
    }

    /** A key's use in the current second (units ×2, so that half a read is an integer). */
    private static final class Window {
        long second = Long.MIN_VALUE;
        long halfReads;
        long writes;
        long peakHalfReads;
        long peakWrites;
    }

    /** The partition key of a table and of each of its global indexes. */
    private record Schema(String partitionKey, Map<String, String> indexPartitionKeys) {
    }

    /** A throttled request: the key that was over, and the operation. */
    public record Throttle(String key, String operation) {
    }

    private final Clock clock;
    private final DynamoDbClient describer;
    private final long writesPerSecond;
    private final long readsPerSecond;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private final AtomicLong throttled = new AtomicLong();
    private volatile Consumer<Throttle> listener = t -> { };

    /**
     * @param clock     whose seconds the limits count in (a virtual clock in benchmarks)
     * @param describer a client without this interceptor, to read the tables' key schemas once each
     */
    public PartitionLimits(Clock clock, DynamoDbClient describer) {
        this(clock, describer, WRITES_PER_SECOND, READS_PER_SECOND);
    }

    /** Other limits than DynamoDB's (tests of the emulator itself, at rates a test reaches quickly). */
    public PartitionLimits(Clock clock, DynamoDbClient describer, int writesPerSecond, int readsPerSecond) {
        this.clock = clock;
        this.describer = describer;
        this.writesPerSecond = writesPerSecond;
        this.readsPerSecond = readsPerSecond;
    }

    /** Called on the throttled call's thread before it fails (benchmarks attribute throttles to decisions). */
    public void onThrottle(Consumer<Throttle> listener) {
        this.listener = listener;
    }

    /** Requests refused so far. */
    public long throttled() {
        return throttled.get();
    }

    /** The busiest keys: the most units one key spent in one second, writes then reads, highest first. */
    public synchronized List<String> hottest(int n) {
        List<Map.Entry<String, Window>> all = new ArrayList<>(windows.entrySet());
        all.sort(Comparator.comparingLong((Map.Entry<String, Window> e) -> e.getValue().peakWrites * 2 + e.getValue().peakHalfReads)
                .reversed());
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Window> e : all.subList(0, Math.min(n, all.size()))) {
            out.add(String.format("%s: %d writes/s, %.1f reads/s", e.getKey(), e.getValue().peakWrites,
                    e.getValue().peakHalfReads / 2.0));
        }
        return out;
    }

    /** Forgets the peaks so far (a benchmark's next step reports its own). */
    public synchronized void resetPeaks() {
        for (Window w : windows.values()) {
            w.peakHalfReads = 0;
            w.peakWrites = 0;
        }
    }

    /** The most write units any key spent in one second so far. */
    public synchronized long peakWritesPerSecond() {
        return windows.values().stream().mapToLong(w -> w.peakWrites).max().orElse(0);
    }

    /** The most read units any key spent in one second so far. */
    public synchronized double peakReadsPerSecond() {
        return windows.values().stream().mapToLong(w -> w.peakHalfReads).max().orElse(0) / 2.0;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        List<Charge> charges = charges(context.request());
        if (charges.isEmpty()) {
            return;
        }
        String over = spend(charges, Math.floorDiv(clock.millis(), 1000));
        if (over != null) {
            throttled.incrementAndGet();
            String operation = context.request().getClass().getSimpleName().replace("Request", "");
            listener.accept(new Throttle(over, operation));
            String message = "partition key " + over + " is above " + writesPerSecond + " writes/s or "
                    + readsPerSecond + " reads/s (emulated)";
            throw ProvisionedThroughputExceededException.builder().message(message).statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .serviceName("DynamoDb").errorMessage(message).build())
                    .build();
        }
    }

    /** Spends every charge, or none if one key would go over its limit: that key, else null. */
    private synchronized String spend(List<Charge> charges, long second) {
        Map<String, long[]> total = new HashMap<>();
        for (Charge c : charges) {
            long[] t = total.computeIfAbsent(c.key(), k -> new long[2]);
            t[0] += Math.round(c.reads() * 2);
            t[1] += Math.round(c.writes());
        }
        for (Map.Entry<String, long[]> e : total.entrySet()) {
            Window w = window(e.getKey(), second);
            if (w.halfReads + e.getValue()[0] > 2 * readsPerSecond || w.writes + e.getValue()[1] > writesPerSecond) {
                return e.getKey();
            }
        }
        for (Map.Entry<String, long[]> e : total.entrySet()) {
            Window w = window(e.getKey(), second);
            w.halfReads += e.getValue()[0];
            w.writes += e.getValue()[1];
            w.peakHalfReads = Math.max(w.peakHalfReads, w.halfReads);
            w.peakWrites = Math.max(w.peakWrites, w.writes);
        }
        return null;
    }

    private Window window(String key, long second) {
        Window w = windows.computeIfAbsent(key, k -> new Window());
        if (w.second != second) {
            w.second = second;
            w.halfReads = 0;
            w.writes = 0;
        }
        return w;
    }

    private List<Charge> charges(SdkRequest request) {
        List<Charge> out = new ArrayList<>();
        if (request instanceof GetItemRequest r) {
            out.add(read(r.tableName(), r.key(), Boolean.TRUE.equals(r.consistentRead())));
        } else if (request instanceof BatchGetItemRequest r) {
            for (Map.Entry<String, KeysAndAttributes> t : r.requestItems().entrySet()) {
                boolean consistent = Boolean.TRUE.equals(t.getValue().consistentRead());
                for (Map<String, AttributeValue> key : t.getValue().keys()) {
                    out.add(read(t.getKey(), key, consistent));
                }
            }
        } else if (request instanceof QueryRequest r) {
            Schema s = schema(r.tableName());
            // a local index shares the table's partitions; a global index has its own
            boolean global = r.indexName() != null && s.indexPartitionKeys().containsKey(r.indexName());
            String pk = global ? s.indexPartitionKeys().get(r.indexName()) : s.partitionKey();
            AttributeValue value = queriedPartition(r, pk);
            String where = global ? r.tableName() + "/" + r.indexName() : r.tableName();
            out.add(new Charge(where + ":" + render(value), Boolean.TRUE.equals(r.consistentRead()) ? 1 : 0.5, 0));
        } else if (request instanceof PutItemRequest r) {
            out.addAll(put(r.tableName(), r.item()));
        } else if (request instanceof UpdateItemRequest r) {
            out.add(write(r.tableName(), r.key()));
        } else if (request instanceof DeleteItemRequest r) {
            out.add(write(r.tableName(), r.key()));
        } else if (request instanceof BatchWriteItemRequest r) {
            for (Map.Entry<String, List<WriteRequest>> t : r.requestItems().entrySet()) {
                for (WriteRequest w : t.getValue()) {
                    if (w.putRequest() != null) {
                        out.addAll(put(t.getKey(), w.putRequest().item()));
                    } else if (w.deleteRequest() != null) {
                        out.add(write(t.getKey(), w.deleteRequest().key()));
                    }
                }
            }
        }
        return out;
    }

    private Charge read(String table, Map<String, AttributeValue> key, boolean consistent) {
        return new Charge(table + ":" + render(key.get(schema(table).partitionKey())), consistent ? 1 : 0.5, 0);
    }

    private Charge write(String table, Map<String, AttributeValue> key) {
        return new Charge(table + ":" + render(key.get(schema(table).partitionKey())), 0, 1);
    }

    /** The table's partition, and each global index whose partition key the item carries (sparse indexes skip the rest). */
    private List<Charge> put(String table, Map<String, AttributeValue> item) {
        List<Charge> out = new ArrayList<>();
        out.add(write(table, item));
        for (Map.Entry<String, String> index : schema(table).indexPartitionKeys().entrySet()) {
            AttributeValue v = item.get(index.getValue());
            if (v != null) {
                out.add(new Charge(table + "/" + index.getKey() + ":" + render(v), 0, 1));
            }
        }
        return out;
    }

    /** The partition a Query names: the value bound to its partition key in the key condition. */
    private static AttributeValue queriedPartition(QueryRequest r, String partitionKey) {
        String condition = r.keyConditionExpression() == null ? "" : r.keyConditionExpression();
        String name = partitionKey;
        if (r.expressionAttributeNames() != null) {
            for (Map.Entry<String, String> e : r.expressionAttributeNames().entrySet()) {
                if (e.getValue().equals(partitionKey)) {
                    name = e.getKey();
                }
            }
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(name) + "\\s*=\\s*(:\\w+)")
                .matcher(condition);
        if (m.find() && r.expressionAttributeValues() != null) {
            return r.expressionAttributeValues().get(m.group(1));
        }
        return null;
    }

    private Schema schema(String table) {
        return schemas.computeIfAbsent(table, t -> {
            TableDescription d = describer.describeTable(x -> x.tableName(t)).table();
            Map<String, String> indexes = new HashMap<>();
            if (d.hasGlobalSecondaryIndexes()) {
                for (GlobalSecondaryIndexDescription g : d.globalSecondaryIndexes()) {
                    indexes.put(g.indexName(), hashKey(g.keySchema()));
                }
            }
            return new Schema(hashKey(d.keySchema()), indexes);
        });
    }

    private static String hashKey(List<KeySchemaElement> keys) {
        return keys.stream().filter(k -> k.keyType() == KeyType.HASH).findFirst().orElseThrow().attributeName();
    }

    private static String render(AttributeValue v) {
        if (v == null) {
            return "?";
        }
        return v.s() != null ? v.s() : v.n() != null ? v.n() : v.toString();
    }
}
