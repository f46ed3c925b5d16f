package io.couponflow.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulated per-partition limits against a real dynalite, on a clock that moves only when told. */
class PartitionLimitsTest {
    private static Dynalite dynalite;
    private static DynamoDbClient plain;
    private static int tables;

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-29T10:00:00Z"));
    private PartitionLimits limits;
    private DynamoDbClient client;
    private String table;

    @BeforeAll
    static void start() {
        dynalite = Dynalite.inMemory();
        plain = dynalite.client();
    }

    @AfterAll
    static void stop() {
        plain.close();
        dynalite.close();
    }

    /** A fresh table keyed by k, with a global index g keyed by (gk, sk), behind a client with DynamoDB's limits. */
    private void freshTable() {
        freshTable(PartitionLimits.WRITES_PER_SECOND, PartitionLimits.READS_PER_SECOND);
    }

    private void freshTable(int writesPerSecond, int readsPerSecond) {
        table = "pl" + (++tables);
        plain.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr("k"), attr("gk"), attr("sk"))
                .keySchema(KeySchemaElement.builder().attributeName("k").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder().indexName("gix")
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .keySchema(KeySchemaElement.builder().attributeName("gk").keyType(KeyType.HASH).build(),
                                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build()).build()));
        limits = new PartitionLimits(clock, plain, writesPerSecond, readsPerSecond);
        client = dynalite.clientBuilder(Duration.ofSeconds(10))
                .overrideConfiguration(c -> c.addExecutionInterceptor(limits).apiCallTimeout(Duration.ofSeconds(10)))
                .build();
    }

    private static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static Map<String, AttributeValue> key(String k) {
        return Map.of("k", AttributeValue.fromS(k));
    }

    private void add(String k) {
        client.updateItem(u -> u.tableName(table).key(key(k)).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
    }

    @Test
    void writes_aboveAThousandPerSecondOnOneKey_areThrottledAndSpendNothing() {
        freshTable();
        for (int i = 0; i < PartitionLimits.WRITES_PER_SECOND; i++) {
            add("hot");
        }
        ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class, () -> add("hot"));
        assertTrue(e.isThrottlingException(), "the SDK sees a throttle, as from DynamoDB");
        add("cold");   // another key has its own partition
        assertEquals(1, limits.throttled());
        assertEquals(PartitionLimits.WRITES_PER_SECOND, Integer.parseInt(plain.getItem(g -> g.tableName(table).key(key("hot")))
                .item().get("n").n()), "the refused write did not happen");

        clock.advance(Duration.ofSeconds(1));
        add("hot");   // a new second
        assertEquals(1, limits.throttled());
        assertEquals(PartitionLimits.WRITES_PER_SECOND, limits.peakWritesPerSecond());
    }

    @Test
    void reads_consistentCountOneEventuallyConsistentHalf() {
        freshTable(10, 30);
        add("k");
        for (int i = 0; i < 20; i++) {
            client.getItem(g -> g.tableName(table).key(key("k")).consistentRead(true));
        }
        for (int i = 0; i < 20; i++) {
            client.getItem(g -> g.tableName(table).key(key("k")));   // half a unit each: 30 in all
        }
        assertThrows(ProvisionedThroughputExceededException.class, () -> client.getItem(g -> g.tableName(table).key(key("k"))));
        assertEquals(30, limits.peakReadsPerSecond(), 1e-9);

        clock.advance(Duration.ofSeconds(1));
        // a batch counts each key on its own partition: 30 consistent reads of k, then k is over, not another key
        for (int b = 0; b < 30; b++) {
            String other = "other-" + b;
            client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                    .keys(key("k"), key(other)).consistentRead(true).build())));
        }
        ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                () -> client.batchGetItem(r -> r.requestItems(Map.of(table, KeysAndAttributes.builder()
                        .keys(key("k"), key("other")).consistentRead(true).build()))));
        assertTrue(e.getMessage().contains(table + ":k "), e.getMessage());
        assertEquals(2, limits.throttled());
    }

    @Test
    void puts_withDistinctKeysButOneIndexKey_areThrottledOnTheIndex() {
        freshTable();
        for (int i = 0; i < PartitionLimits.WRITES_PER_SECOND; i++) {
            String k = "item-" + i;
            client.putItem(p -> p.tableName(table).item(Map.of("k", AttributeValue.fromS(k),
                    "gk", AttributeValue.fromS("2026-11-29"), "sk", AttributeValue.fromS(k))));
        }
        ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                () -> client.putItem(p -> p.tableName(table).item(Map.of("k", AttributeValue.fromS("one-more"),
                        "gk", AttributeValue.fromS("2026-11-29"), "sk", AttributeValue.fromS("one-more")))));
        assertTrue(e.getMessage().contains(table + "/gix:2026-11-29"), e.getMessage());
        // an item without the index key is not in the (sparse) index: only its own partition counts
        client.putItem(p -> p.tableName(table).item(Map.of("k", AttributeValue.fromS("no-index"))));
    }

    @Test
    void queries_countOnThePartitionTheyName() {
        freshTable(10, 30);
        List<PartitionLimits.Throttle> seen = new ArrayList<>();
        limits.onThrottle(seen::add);
        for (int i = 0; i < 60; i++) {   // an index is read eventually consistently: half a unit
            client.query(q -> q.tableName(table).indexName("gix").keyConditionExpression("#g = :g")
                    .expressionAttributeNames(Map.of("#g", "gk")).limit(1)
                    .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("2026-11-30"))));
        }
        client.query(q -> q.tableName(table).indexName("gix").keyConditionExpression("gk = :g").limit(1)
                .expressionAttributeValues(Map.of(":g", AttributeValue.fromS("2026-12-01"))));
        assertThrows(ProvisionedThroughputExceededException.class, () -> client.query(q -> q.tableName(table).indexName("gix")
                .keyConditionExpression("gk = :g").limit(1).expressionAttributeValues(Map.of(":g", AttributeValue.fromS("2026-11-30")))));
        assertEquals(List.of(new PartitionLimits.Throttle(table + "/gix:2026-11-30", "Query")), seen);
    }
}
