package io.couponflow.dynamodb;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventStore;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** Throttling, a narrow seam dynalite cannot produce: a client that leaves items unprocessed or refuses. */
class BatchRequestsThrottlingTest {
    private static final Backoff FAST = new Backoff(4, 1, 2);

    private static List<BehaviourEvent> events(int n) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> BehaviourEvent.of("e" + i, "u", EventType.VIEW, 1_000_000L + i)).toList();
    }

    @SuppressWarnings("unchecked")
    private static DynamoDbClient emptyReads(DynamoDbClient client) {
        when(client.batchGetItem(any(Consumer.class))).thenReturn(BatchGetItemResponse.builder().responses(Map.of()).build());
        return client;
    }

    @Test
    @SuppressWarnings("unchecked")
    void unprocessedItems_areRetriedUntilWritten() {
        DynamoDbClient client = emptyReads(mock(DynamoDbClient.class));
        List<WriteRequest>[] firstCall = new List[1];
        when(client.batchWriteItem(any(Consumer.class))).thenAnswer(inv -> {
            BatchWriteItemRequest.Builder b = BatchWriteItemRequest.builder();
            ((Consumer<BatchWriteItemRequest.Builder>) inv.getArgument(0)).accept(b);
            List<WriteRequest> sent = b.build().requestItems().get("events");
            if (firstCall[0] == null) {
                firstCall[0] = sent;
                return BatchWriteItemResponse.builder().unprocessedItems(Map.of("events", sent.subList(0, 10))).build();
            }
            return BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build();
        });
        EventStore.WriteReport r = new DynamoEventStore(client, "events", Duration.ofDays(1), FAST).writeNew(events(25));
        assertTrue(r.complete());
        assertEquals(25, r.written().size());
        verify(client, times(2)).batchWriteItem(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void persistentThrottling_isReportedAsUnconfirmedNotLost() {
        DynamoDbClient client = emptyReads(mock(DynamoDbClient.class));
        when(client.batchWriteItem(any(Consumer.class))).thenAnswer(inv -> {
            BatchWriteItemRequest.Builder b = BatchWriteItemRequest.builder();
            ((Consumer<BatchWriteItemRequest.Builder>) inv.getArgument(0)).accept(b);
            return BatchWriteItemResponse.builder().unprocessedItems(b.build().requestItems()).build();
        });
        EventStore.WriteReport r = new DynamoEventStore(client, "events", Duration.ofDays(1), FAST).writeNew(events(30));
        assertFalse(r.complete());
        assertEquals(30, r.unconfirmed().size());
        assertTrue(r.failure().contains("UnprocessedItemsException"), r.failure());
        verify(client, times(FAST.attempts())).batchWriteItem(any(Consumer.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void throughputExceeded_afterTheSdkRetries_isReportedForTheWholeRest() {
        DynamoDbClient client = emptyReads(mock(DynamoDbClient.class));
        when(client.batchWriteItem(any(Consumer.class)))
                .thenReturn(BatchWriteItemResponse.builder().unprocessedItems(Map.of()).build())
                .thenThrow(ProvisionedThroughputExceededException.builder().message("slow down").build());
        EventStore.WriteReport r = new DynamoEventStore(client, "events", Duration.ofDays(1), FAST).writeNew(events(60));
        assertEquals(25, r.written().size(), "the first chunk is confirmed");
        assertEquals(35, r.unconfirmed().size(), "the rest is to be resent");
    }
}
