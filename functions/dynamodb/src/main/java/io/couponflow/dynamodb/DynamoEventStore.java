package io.couponflow.dynamodb;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventType;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Events in DynamoDB. Idempotency: the key is (userId, ts#eventId), so a replay maps to the same
 * item; a consistent BatchGetItem first tells which are already stored (counted as duplicates), and
 * BatchWriteItem stores the rest. Two replays racing each other both write the same key with the same
 * content (the TTL derives from the event's own time), so storage stays exactly-once; only the duplicate
 * count of the loser may be low.
 */
public final class DynamoEventStore implements EventStore {

    private final DynamoDbClient client;
    private final String table;
    private final Duration retention;
    private final BatchRequests batches;

    public DynamoEventStore(DynamoDbClient client, String table, Duration retention, Backoff backoff) {
        this.client = client;
        this.table = table;
        this.retention = retention;
        this.batches = new BatchRequests(client, backoff);
    }

    @Override
    public WriteReport writeNew(List<BehaviourEvent> events) {
        List<BehaviourEvent> written = new ArrayList<>();
        List<String> duplicates = new ArrayList<>();
        try {
            for (List<BehaviourEvent> chunk : BatchRequests.chunks(events, BatchRequests.GET_CHUNK)) {
                Set<String> stored = storedKeys(chunk);
                List<BehaviourEvent> fresh = new ArrayList<>();
                for (BehaviourEvent e : chunk) {
                    if (stored.contains(identity(e.userId(), sortKey(e)))) {
                        duplicates.add(e.eventId());
                    } else {
                        fresh.add(e);
                    }
                }
                for (List<BehaviourEvent> part : BatchRequests.chunks(fresh, BatchRequests.WRITE_CHUNK)) {
                    batches.write(table, part.stream()
                            .map(e -> WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(e)).build()).build())
                            .toList());
                    written.addAll(part);
                }
            }
            return new WriteReport(written, duplicates, List.of(), null);
        } catch (SdkException | BatchRequests.UnprocessedItemsException e) {
            Set<String> confirmed = new HashSet<>(duplicates);
            written.forEach(w -> confirmed.add(w.eventId()));
            List<String> unconfirmed = events.stream().map(BehaviourEvent::eventId)
                    .filter(id -> !confirmed.contains(id)).toList();
            return new WriteReport(written, duplicates, unconfirmed,
                    "the event store failed (" + e.getClass().getSimpleName() + "); the listed events may not be stored");
        }
    }

    private Set<String> storedKeys(List<BehaviourEvent> chunk) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (BehaviourEvent e : chunk) {
            if (distinct.add(identity(e.userId(), sortKey(e)))) {
                keys.add(Map.of(Attr.USER_ID, Items.s(e.userId()), Attr.SK, Items.s(sortKey(e))));
            }
        }
        Set<String> stored = new HashSet<>();
        for (Map<String, AttributeValue> item : batches.get(table, keys, Attr.USER_ID + ", " + Attr.SK)) {
            stored.add(identity(Items.str(item, Attr.USER_ID), Items.str(item, Attr.SK)));
        }
        return stored;
    }

    @Override
    public List<BehaviourEvent> latest(String userId, int limit) {
        QueryResponse response = client.query(q -> q.tableName(table)
                .keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", Attr.USER_ID))
                .expressionAttributeValues(Map.of(":u", Items.s(userId)))
                .scanIndexForward(false)
                .limit(limit));
        return response.items().stream().map(DynamoEventStore::fromItem).toList();
    }

    @Override
    public int deleteUser(String userId) {
        int deleted = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = client.query(q -> q.tableName(table)
                    .keyConditionExpression("#u = :u")
                    .expressionAttributeNames(Map.of("#u", Attr.USER_ID))
                    .expressionAttributeValues(Map.of(":u", Items.s(userId)))
                    .projectionExpression(Attr.USER_ID + ", " + Attr.SK)
                    .exclusiveStartKey(from));
            List<WriteRequest> deletes = page.items().stream()
                    .map(k -> WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(k).build()).build())
                    .toList();
            for (List<WriteRequest> chunk : BatchRequests.chunks(deletes, BatchRequests.WRITE_CHUNK)) {
                batches.write(table, chunk);
            }
            deleted += deletes.size();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return deleted;
    }

    static String sortKey(BehaviourEvent e) {
        return Attr.sortKey(e.ts(), e.eventId());
    }

    private static String identity(String userId, String sortKey) {
        return userId + '\u0000' + sortKey;
    }

    Map<String, AttributeValue> toItem(BehaviourEvent e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Attr.USER_ID, Items.s(e.userId()));
        item.put(Attr.SK, Items.s(sortKey(e)));
        item.put(Attr.EVENT_ID, Items.s(e.eventId()));
        item.put(Attr.TYPE, Items.s(e.type().wireName()));
        item.put(Attr.TS, Items.n(e.ts()));
        // TTL from the event's own time, so that a replay writes byte-identical content
        item.put(Attr.EXPIRES_AT, Items.n(e.ts() / 1000 + retention.toSeconds()));
        Items.putIfPresent(item, Attr.ITEM_ID, e.itemId());
        Items.putIfPresent(item, Attr.CATEGORY, e.category());
        Items.putIfPresent(item, Attr.PRICE, e.price());
        Items.putIfPresent(item, Attr.QUERY, e.query());
        Items.putIfPresent(item, Attr.ORDER_VALUE, e.orderValue());
        Items.putIfPresent(item, Attr.COUPON_ID, e.couponId());
        Items.putIfPresent(item, Attr.DECISION_ID, e.decisionId());
        Items.putIfPresent(item, Attr.SESSION_ID, e.sessionId());
        return item;
    }

    static BehaviourEvent fromItem(Map<String, AttributeValue> item) {
        return new BehaviourEvent(
                Items.str(item, Attr.EVENT_ID),
                Items.str(item, Attr.USER_ID),
                EventType.fromWire(Items.str(item, Attr.TYPE)).orElseThrow(),
                Items.lng(item, Attr.TS, 0),
                Items.str(item, Attr.ITEM_ID),
                Items.str(item, Attr.CATEGORY),
                Items.dbl(item, Attr.PRICE),
                Items.str(item, Attr.QUERY),
                Items.dbl(item, Attr.ORDER_VALUE),
                Items.str(item, Attr.COUPON_ID),
                Items.str(item, Attr.DECISION_ID),
                Items.str(item, Attr.SESSION_ID));
    }
}
