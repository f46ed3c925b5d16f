package io.couponflow.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * The one definition of every table: keys, indexes, TTL attribute. The tests create tables from it and
 * check that infra/template.yaml declares the same.
 */
public final class TableDefinitions {
    private static final Projection ALL = Projection.builder().projectionType(ProjectionType.ALL).build();

    private TableDefinitions() {
    }

    /** A secondary index with every attribute projected; every key attribute is a string. */
    public record IndexSpec(String name, String partitionKey, String sortKey) {
    }

    /**
     * A table; every key attribute is a string.
     *
     * @param logicalName   short name, also the stem of the SAM resource ({@code events} is {@code EventsTable})
     * @param globalIndexes global secondary indexes
     * @param localIndexes  local secondary indexes (partition key = the table's; only at creation, in
     *                      DynamoDB as in dynalite)
     * @param ttlAttribute  the TTL attribute, or null for tables whose items do not expire
     */
    public record TableSpec(String logicalName, String partitionKey, String sortKey, List<IndexSpec> globalIndexes,
                            List<IndexSpec> localIndexes, String ttlAttribute, Function<TableNames, String> physicalName) {
        public String samResource() {
            return Character.toUpperCase(logicalName.charAt(0)) + logicalName.substring(1) + "Table";
        }
    }

    // Keyed by the idempotency key (userId, eventId) — core's EventKey — so that a resend with another
    // ts is the same item; the local by-time index keeps "the last N events of a user" one query. Its
    // sort key ts#eventId is unique per user, so dynalite's index-key collisions cannot lose an entry.
    public static final TableSpec EVENTS = new TableSpec("events", Attr.USER_ID, Attr.EVENT_ID, List.of(),
            List.of(new IndexSpec(Attr.EVENTS_BY_TIME_INDEX, Attr.USER_ID, Attr.SK)), Attr.EXPIRES_AT, TableNames::events);
    // The by-day index is partitioned by day and index shard (day#kk, kk the top bits of the user's hash),
    // so a day's decisions spread over DECISION_INDEX_SHARDS partitions instead of one hot key, and sorted
    // by the unique userHash#ts#decisionId: dynalite loses index entries whose index keys collide, a
    // near-unique sort key is what DynamoDB prefers, and a key range is a range of shoppers (retraining's sample).
    public static final TableSpec DECISIONS = new TableSpec("decisions", Attr.USER_ID, Attr.SK,
            List.of(new IndexSpec(Attr.DECISIONS_BY_DAY_INDEX, Attr.DAY_SHARD, Attr.USER_SK)), List.of(), Attr.EXPIRES_AT,
            TableNames::decisions);
    /**
     * Partitions of a day in the decisions' by-day index: a user's decisions go to shard
     * (userHash >>> (32 − 5)). 32 shards take 32,000 decisions a second before any throttles (1,000
     * writes/s each). Writers and readers must agree: changing it leaves earlier days unreadable.
     */
    public static final int DECISION_INDEX_SHARDS = 32;
    static final int DECISION_INDEX_SHARD_BITS = Integer.numberOfTrailingZeros(DECISION_INDEX_SHARDS);
    public static final TableSpec COUPONS = new TableSpec("coupons", Attr.COUPON_ID, null, List.of(), List.of(), null,
            TableNames::coupons);
    public static final TableSpec BUDGETS = new TableSpec("budgets", Attr.BUDGET_KEY, null, List.of(), List.of(),
            Attr.EXPIRES_AT, TableNames::budgets);
    public static final TableSpec MODELS = new TableSpec("models", Attr.POLICY, Attr.VERSION, List.of(), List.of(), null,
            TableNames::models);

    public static List<TableSpec> all() {
        return List.of(EVENTS, DECISIONS, COUPONS, BUDGETS, MODELS);
    }

    public static CreateTableRequest createRequest(TableSpec spec, String physicalName) {
        Set<String> keyAttributes = new LinkedHashSet<>();
        List<KeySchemaElement> keys = keySchema(spec.partitionKey(), spec.sortKey(), keyAttributes);
        List<GlobalSecondaryIndex> globalIndexes = new ArrayList<>();
        for (IndexSpec i : spec.globalIndexes()) {
            globalIndexes.add(GlobalSecondaryIndex.builder().indexName(i.name()).projection(ALL)
                    .keySchema(keySchema(i.partitionKey(), i.sortKey(), keyAttributes)).build());
        }
        List<LocalSecondaryIndex> localIndexes = new ArrayList<>();
        for (IndexSpec i : spec.localIndexes()) {
            localIndexes.add(LocalSecondaryIndex.builder().indexName(i.name()).projection(ALL)
                    .keySchema(keySchema(i.partitionKey(), i.sortKey(), keyAttributes)).build());
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(physicalName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(keys)
                .attributeDefinitions(keyAttributes.stream()
                        .map(a -> AttributeDefinition.builder().attributeName(a).attributeType(ScalarAttributeType.S).build())
                        .toList());
        if (!globalIndexes.isEmpty()) {
            b.globalSecondaryIndexes(globalIndexes);
        }
        if (!localIndexes.isEmpty()) {
            b.localSecondaryIndexes(localIndexes);
        }
        return b.build();
    }

    /**
     * Creates every table that does not exist yet (the local stack and the tests). A table that exists
     * with other keys (kept on disk from an earlier version) is refused, not used.
     */
    public static void createAll(DynamoDbClient client, TableNames names) {
        for (TableSpec spec : all()) {
            String name = spec.physicalName().apply(names);
            CreateTableRequest request = createRequest(spec, name);
            try {
                client.createTable(request);
            } catch (ResourceInUseException alreadyThere) {
                // idempotent: a restarted local stack keeps its tables, if they are still these tables
                List<KeySchemaElement> existing = client.describeTable(d -> d.tableName(name)).table().keySchema();
                if (!existing.equals(request.keySchema())) {
                    throw new IllegalStateException("table " + name + " exists with the key " + existing + ", not "
                            + request.keySchema() + ": it was made by an earlier version; delete it (or start from an empty data folder)");
                }
            }
        }
    }

    private static List<KeySchemaElement> keySchema(String partitionKey, String sortKey, Set<String> attributes) {
        List<KeySchemaElement> keys = new ArrayList<>();
        keys.add(KeySchemaElement.builder().attributeName(partitionKey).keyType(KeyType.HASH).build());
        attributes.add(partitionKey);
        if (sortKey != null) {
            keys.add(KeySchemaElement.builder().attributeName(sortKey).keyType(KeyType.RANGE).build());
            attributes.add(sortKey);
        }
        return keys;
    }
}
