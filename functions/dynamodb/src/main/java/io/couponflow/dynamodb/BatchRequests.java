package io.couponflow.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BatchWriteItem and BatchGetItem over one table, one chunk of the service's limits at a time,
 * retrying what the service leaves unprocessed with {@link Backoff}. An SDK exception propagates to
 * the caller, who knows which chunks were confirmed.
 */
public final class BatchRequests {
    public static final int WRITE_CHUNK = 25;
    public static final int GET_CHUNK = 100;

    private final DynamoDbClient client;
    private final Backoff backoff;

    public BatchRequests(DynamoDbClient client, Backoff backoff) {
        this.client = client;
        this.backoff = backoff;
    }

    /** Writes one chunk (at most 25 requests) until all are processed. */
    public void write(String table, List<WriteRequest> chunk) {
        Map<String, List<WriteRequest>> pending = Map.of(table, chunk);
        for (int attempt = 1; ; attempt++) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = client.batchWriteItem(b -> b.requestItems(request));
            Map<String, List<WriteRequest>> unprocessed = response.unprocessedItems();
            if (unprocessed == null || unprocessed.isEmpty() || unprocessed.getOrDefault(table, List.of()).isEmpty()) {
                return;
            }
            if (attempt >= backoff.attempts()) {
                throw new UnprocessedItemsException(table, unprocessed.get(table).size(), attempt);
            }
            backoff.pause(attempt);
            pending = Map.of(table, unprocessed.get(table));
        }
    }

    /** Reads the given keys (at most 100, consistently) with a projection; returns the items found. */
    public List<Map<String, AttributeValue>> get(String table, List<Map<String, AttributeValue>> keys, String projection) {
        List<Map<String, AttributeValue>> found = new ArrayList<>();
        KeysAndAttributes pending = KeysAndAttributes.builder().keys(keys).projectionExpression(projection)
                .consistentRead(true).build();
        for (int attempt = 1; ; attempt++) {
            KeysAndAttributes request = pending;
            BatchGetItemResponse response = client.batchGetItem(b -> b.requestItems(Map.of(table, request)));
            found.addAll(response.responses().getOrDefault(table, List.of()));
            KeysAndAttributes unprocessed = response.unprocessedKeys() == null ? null : response.unprocessedKeys().get(table);
            if (unprocessed == null || !unprocessed.hasKeys() || unprocessed.keys().isEmpty()) {
                return found;
            }
            if (attempt >= backoff.attempts()) {
                throw new UnprocessedItemsException(table, unprocessed.keys().size(), attempt);
            }
            backoff.pause(attempt);
            pending = unprocessed;
        }
    }

    /** DynamoDB kept refusing part of a batch (throttling) through every retry. */
    public static final class UnprocessedItemsException extends RuntimeException {
        public UnprocessedItemsException(String table, int left, int attempts) {
            super(left + " items of a batch on " + table + " were still unprocessed after " + attempts + " attempts");
        }
    }

    public static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
