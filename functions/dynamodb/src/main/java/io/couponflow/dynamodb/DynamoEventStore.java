package io.couponflow.dynamodb;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventKey;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventType;
import io.couponflow.core.event.PayloadFingerprint;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
 * Events in DynamoDB, keyed by core's {@link EventKey} (userId, eventId) and stored with their
 * {@link PayloadFingerprint}; the local index {@code byTime} (userId, ts#eventId) serves the newest-first
 * read. Per chunk of 100: one consistent BatchGetItem of the keys tells which are stored (a repeat is
 * a duplicate or a conflict by its fingerprint), then BatchWriteItem stores the rest, 25 a request.
 * <p>
 * BatchWriteItem cannot be conditional, so two batches that carry one key and both pass the check
 * before either writes both write it: one item is stored (the key), holding the later write, and both
 * are told it was accepted. Purchases carry money, so each is written by a conditional PutItem
 * instead: of two racing, exactly one is stored and the other is a duplicate or a conflict, as if it
 * came later.
 */
public final class DynamoEventStore implements EventStore {
    private static final String STORED_PROJECTION = Attr.USER_ID + ", " + Attr.EVENT_ID + ", " + Attr.TS + ", "
            + Attr.PAYLOAD_HASH;

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
        List<Repeat> repeats = new ArrayList<>();
        try {
            for (List<BehaviourEvent> chunk : BatchRequests.chunks(events, BatchRequests.GET_CHUNK)) {
                Map<EventKey, Stored> stored = stored(chunk);
                List<WriteRequest> fresh = new ArrayList<>();
                List<BehaviourEvent> freshEvents = new ArrayList<>();
                for (BehaviourEvent e : chunk) {
                    Stored s = stored.get(e.key());
                    if (s != null) {
                        repeats.add(s.repeatOf(e));
                    } else if (e.type() == EventType.PURCHASE) {
                        putIfAbsent(e, written, repeats);
                    } else {
                        fresh.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toItem(e)).build()).build());
                        freshEvents.add(e);
                    }
                }
                for (int i = 0; i < fresh.size(); i += BatchRequests.WRITE_CHUNK) {
                    int end = Math.min(fresh.size(), i + BatchRequests.WRITE_CHUNK);
                    batches.write(table, fresh.subList(i, end));
                    written.addAll(freshEvents.subList(i, end));
                }
            }
            return new WriteReport(written, repeats, List.of(), null);
        } catch (SdkException | BatchRequests.UnprocessedItemsException e) {
            Set<String> confirmed = new HashSet<>();
            written.forEach(w -> confirmed.add(w.eventId()));
            repeats.forEach(r -> confirmed.add(r.sent().eventId()));
            List<String> unconfirmed = events.stream().map(BehaviourEvent::eventId)
                    .filter(id -> !confirmed.contains(id)).toList();
            return new WriteReport(written, repeats, unconfirmed,
                    "the event store failed (" + e.getClass().getSimpleName() + "); the listed events may not be stored");
        }
    }

    /** What is stored under a key: enough to tell a duplicate from a conflict. */
    private record Stored(long ts, String payloadHash) {
        Repeat repeatOf(BehaviourEvent sent) {
            return new Repeat(sent, ts, PayloadFingerprint.of(sent).equals(payloadHash));
        }

        static Stored of(Map<String, AttributeValue> item) {
            return new Stored(Items.lng(item, Attr.TS, 0), Items.str(item, Attr.PAYLOAD_HASH));
        }
    }

    private Map<EventKey, Stored> stored(List<BehaviourEvent> chunk) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(chunk.size());
        for (BehaviourEvent e : chunk) {
            keys.add(key(e.key()));
        }
        Map<EventKey, Stored> stored = new HashMap<>();
        for (Map<String, AttributeValue> item : batches.get(table, keys, STORED_PROJECTION)) {
            stored.put(new EventKey(Items.str(item, Attr.USER_ID), Items.str(item, Attr.EVENT_ID)), Stored.of(item));
        }
        return stored;
    }

    /** One conditional write: stored if the key is free, else reported as a repeat of what is there. */
    private void putIfAbsent(BehaviourEvent e, List<BehaviourEvent> written, List<Repeat> repeats) {
        try {
            client.putItem(p -> p.tableName(table).item(toItem(e))
                    .conditionExpression("attribute_not_exists(#e)")
                    .expressionAttributeNames(Map.of("#e", Attr.EVENT_ID)));
            written.add(e);
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = client.getItem(g -> g.tableName(table).key(key(e.key()))
                    .consistentRead(true).projectionExpression(STORED_PROJECTION)).item();
            if (item == null || item.isEmpty()) {
                putIfAbsent(e, written, repeats);   // erased in between: the key is free again
            } else {
                repeats.add(Stored.of(item).repeatOf(e));
            }
        }
    }

    @Override
    public List<BehaviourEvent> latest(String userId, int limit) {
        QueryResponse response = client.query(q -> q.tableName(table).indexName(Attr.EVENTS_BY_TIME_INDEX)
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
                    .projectionExpression(Attr.USER_ID + ", " + Attr.EVENT_ID)
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

    private static Map<String, AttributeValue> key(EventKey k) {
        return Map.of(Attr.USER_ID, Items.s(k.userId()), Attr.EVENT_ID, Items.s(k.eventId()));
    }

    Map<String, AttributeValue> toItem(BehaviourEvent e) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Attr.USER_ID, Items.s(e.userId()));
        item.put(Attr.EVENT_ID, Items.s(e.eventId()));
        item.put(Attr.SK, Items.s(Attr.sortKey(e.ts(), e.eventId())));
        item.put(Attr.TYPE, Items.s(e.type().wireName()));
        item.put(Attr.TS, Items.n(e.ts()));
        item.put(Attr.PAYLOAD_HASH, Items.s(PayloadFingerprint.of(e)));
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
