package io.couponflow.dynamodb;

import io.couponflow.core.report.ReportStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The latest A/B report in the models table, beside the policy it is about: one item per policy name,
 * {@code version = "AB_REPORT"} (reserved like the ACTIVE pointer), holding when it was computed and the
 * report's JSON. A night's write is conditional on no later report being stored.
 */
public final class DynamoReportStore implements ReportStore {
    /** The report item's sort key; DynamoPolicyStore never reads it as a version and refuses the name. */
    public static final String REPORT = "AB_REPORT";
    private static final String COMPUTED_AT = "computedAt";
    private static final String BODY = "report";

    private final DynamoDbClient client;
    private final String table;
    private final String policy;

    public DynamoReportStore(DynamoDbClient client, String table, String policy) {
        this.client = client;
        this.table = table;
        this.policy = policy;
    }

    private Map<String, AttributeValue> key() {
        return Map.of(Attr.POLICY, Items.s(policy), Attr.VERSION, Items.s(REPORT));
    }

    @Override
    public boolean save(long computedAt, String reportJson) {
        Map<String, AttributeValue> item = new HashMap<>(key());
        item.put(COMPUTED_AT, Items.n(computedAt));
        item.put(BODY, Items.s(reportJson));
        try {
            client.putItem(p -> p.tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#c) OR #c <= :c")
                    .expressionAttributeNames(Map.of("#c", COMPUTED_AT))
                    .expressionAttributeValues(Map.of(":c", Items.n(computedAt))));
            return true;
        } catch (ConditionalCheckFailedException newerStored) {
            return false;
        }
    }

    @Override
    public Optional<String> latest() {
        GetItemResponse r = client.getItem(g -> g.tableName(table).key(key()).consistentRead(true));
        return r.hasItem() && !r.item().isEmpty() ? Optional.ofNullable(Items.str(r.item(), BODY)) : Optional.empty();
    }
}
