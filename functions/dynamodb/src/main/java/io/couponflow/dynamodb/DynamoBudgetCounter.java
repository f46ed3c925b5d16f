package io.couponflow.dynamodb;

import io.couponflow.core.coupon.BudgetCounter;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Budgets and per-user caps as counters in the budgets table. Each take is one UpdateItem with
 * {@code ADD issued 1} under the condition {@code issued < limit}: DynamoDB applies it atomically, so
 * concurrent decisions can never overspend. A budget is one item per shard
 * ({@code budget#coupon#day} for shard 0, the key a one-shard budget always had, {@code budget#coupon#day#k}
 * for the others), so a popular coupon's takes spread over as many partitions as it has shards.
 */
public final class DynamoBudgetCounter implements BudgetCounter {
    private static final String ISSUED = "issued";
    /** Epoch ms of a budget shard's last take: a full shard's is when it ran dry (the nightly budget report). */
    private static final String LAST_TAKE_AT = "lastTakeAt";
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

    static String budgetKey(String couponId, String period, int shard) {
        return "budget#" + couponId + "#" + period + (shard == 0 ? "" : "#" + shard);
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
    public Take tryTake(String couponId, String period, int shard, int limit) {
        try {
            return take(budgetKey(couponId, period, shard), limit, BUDGET_TTL, true) ? Take.TAKEN : Take.FULL;
        } catch (ProvisionedThroughputExceededException | RequestLimitExceededException hot) {
            // refused before it was applied (after the SDK's own retries): nothing taken, try another shard
            return Take.THROTTLED;
        }
    }

    @Override
    public void release(String couponId, String period, int shard) {
        giveBack(budgetKey(couponId, period, shard));
    }

    @Override
    public boolean tryTakeUserCap(String couponId, String userId, int cap) {
        return take(capKey(couponId, userId), cap, CAP_TTL, false);
    }

    /** One conditional ADD; a budget shard's take also stamps its time (the same write, no extra request). */
    private boolean take(String key, int limit, Duration ttl, boolean stampTime) {
        Map<String, String> names = new HashMap<>(Map.of("#i", ISSUED, "#e", Attr.EXPIRES_AT));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":one", Items.n(1), ":limit", Items.n(limit),
                ":exp", Items.n(clock.instant().plus(ttl).getEpochSecond())));
        String update = "ADD #i :one SET #e = :exp";
        if (stampTime) {
            names.put("#t", LAST_TAKE_AT);
            values.put(":now", Items.n(clock.millis()));
            update += ", #t = :now";
        }
        String expression = update;
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.BUDGET_KEY, Items.s(key)))
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(#i) OR #i < :limit")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException full) {
            return false;
        }
    }

    @Override
    public void releaseUserCap(String couponId, String userId) {
        giveBack(capKey(couponId, userId));
    }

    private void giveBack(String key) {
        try {
            client.updateItem(u -> u.tableName(table)
                    .key(Map.of(Attr.BUDGET_KEY, Items.s(key)))
                    .updateExpression("ADD #i :minus")
                    .conditionExpression("#i > :zero")
                    .expressionAttributeNames(Map.of("#i", ISSUED))
                    .expressionAttributeValues(Map.of(":minus", Items.n(-1), ":zero", Items.n(0))));
        } catch (ConditionalCheckFailedException nothingTaken) {
            // already at zero: nothing to give back
        }
    }

    /** Every shard's count, read in BatchGetItems of up to 100 keys (one for up to 100 shards). */
    @Override
    public Map<String, int[]> used(Map<String, Integer> shardsByCoupon, String period) {
        Map<String, int[]> used = new HashMap<>();
        for (Map.Entry<String, ShardState[]> e : read(shardsByCoupon, period, ISSUED).entrySet()) {
            int[] counts = new int[e.getValue().length];
            for (int k = 0; k < counts.length; k++) {
                counts[k] = e.getValue()[k].issued();
            }
            used.put(e.getKey(), counts);
        }
        return used;
    }

    /** Every shard's count and last take time (the nightly report; not on the decision path). */
    @Override
    public Map<String, ShardState[]> shardStates(Map<String, Integer> shardsByCoupon, String period) {
        return read(shardsByCoupon, period, ISSUED + ", " + LAST_TAKE_AT);
    }

    private Map<String, ShardState[]> read(Map<String, Integer> shardsByCoupon, String period, String attributes) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, int[]> shardByKey = new HashMap<>();
        Map<String, String> couponByKey = new HashMap<>();
        for (Map.Entry<String, Integer> e : shardsByCoupon.entrySet()) {
            for (int k = 0; k < e.getValue(); k++) {
                String key = budgetKey(e.getKey(), period, k);
                shardByKey.put(key, new int[]{k});
                couponByKey.put(key, e.getKey());
                keys.add(Map.of(Attr.BUDGET_KEY, Items.s(key)));
            }
        }
        Map<String, ShardState[]> out = new HashMap<>();
        for (List<Map<String, AttributeValue>> chunk : BatchRequests.chunks(keys, BatchRequests.GET_CHUNK)) {
            for (Map<String, AttributeValue> item : batches.get(table, chunk, Attr.BUDGET_KEY + ", " + attributes)) {
                String key = Items.str(item, Attr.BUDGET_KEY);
                String coupon = couponByKey.get(key);
                ShardState[] states = out.computeIfAbsent(coupon, c -> {
                    ShardState[] s = new ShardState[shardsByCoupon.get(c)];
                    java.util.Arrays.fill(s, ShardState.UNTOUCHED);
                    return s;
                });
                states[shardByKey.get(key)[0]] = new ShardState((int) Items.lng(item, ISSUED, 0),
                        Items.lng(item, LAST_TAKE_AT, 0));
            }
        }
        return out;
    }
}
