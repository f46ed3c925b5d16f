package io.couponflow.dynamodb;

import io.couponflow.core.coupon.BudgetCounter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Budgets and per-user caps as counters in the budgets table. Each take is one UpdateItem with
 * {@code ADD issued 1} under the condition {@code issued < limit}: DynamoDB applies it atomically, so
 * concurrent decisions can never overspend.
 */
public final class DynamoBudgetCounter implements BudgetCounter {
    private static final String ISSUED = "issued";
    private static final Duration BUDGET_TTL = Duration.ofDays(35);
    private static final Duration CAP_TTL = Duration.ofDays(400);

    private final DynamoDbClient client;
    private final String table;
    private final BatchRequests batches;
    private final Clock clock;

    public DynamoBudgetCounter(DynamoDbClient client, String table, Clock clock) {
        this.client = client;
        this.table = table;
        this.batches = new BatchRequests(client, Backoff.defaults());
        this.clock = clock;
    }

    static String budgetKey(String couponId, String period) {
        return "budget#" + couponId + "#" + period;
    }

    /** The user id is hashed: the counter needs identity, not the id itself (no personal data in keys). */
    static String capKey(String couponId, String userId) {
        try {
            byte[] h = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(userId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return "cap#" + couponId + "#" + java.util.HexFormat.of().formatHex(h, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean tryTake(String couponId, String period, int limit) {
        return take(budgetKey(couponId, period), limit, BUDGET_TTL);
    }

    @Override
    public boolean tryTakeUserCap(String couponId, String userId, int cap) {
        return take(capKey(couponId, userId), cap, CAP_TTL);
    }

    private boolean take(String key, int limit, Duration ttl) {
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.BUDGET_KEY, Items.s(key)))
                    .updateExpression("ADD #i :one SET #e = :exp")
                    .conditionExpression("attribute_not_exists(#i) OR #i < :limit")
                    .expressionAttributeNames(Map.of("#i", ISSUED, "#e", Attr.EXPIRES_AT))
                    .expressionAttributeValues(Map.of(":one", Items.n(1), ":limit", Items.n(limit),
                            ":exp", Items.n(clock.instant().plus(ttl).getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    @Override
    public void releaseUserCap(String couponId, String userId) {
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.BUDGET_KEY, Items.s(capKey(couponId, userId))))
                    .updateExpression("ADD #i :minus")
                    .conditionExpression("#i > :zero")
                    .expressionAttributeNames(Map.of("#i", ISSUED))
                    .expressionAttributeValues(Map.of(":minus", Items.n(-1), ":zero", Items.n(0))));
        } catch (ConditionalCheckFailedException nothingTaken) {
            // already at zero: nothing to give back
        }
    }

    @Override
    public Map<String, Integer> used(Iterable<String> couponIds, String period) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, String> couponByKey = new HashMap<>();
        for (String id : couponIds) {
            String k = budgetKey(id, period);
            if (couponByKey.put(k, id) == null) {
                keys.add(Map.of(Attr.BUDGET_KEY, Items.s(k)));
            }
        }
        Map<String, Integer> used = new HashMap<>();
        for (List<Map<String, AttributeValue>> chunk : BatchRequests.chunks(keys, BatchRequests.GET_CHUNK)) {
            for (Map<String, AttributeValue> item : batches.get(table, chunk, Attr.BUDGET_KEY + ", " + ISSUED)) {
                used.put(couponByKey.get(Items.str(item, Attr.BUDGET_KEY)), (int) Items.lng(item, ISSUED, 0));
            }
        }
        return used;
    }
}
