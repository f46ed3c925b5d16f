package io.couponflow.dynamodb;

import io.couponflow.testing.Dynalite;
import software.amazon.awssdk.core.retry.backoff.FixedDelayBackoffStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One in-memory dynalite for this module's tests, started on first use and stopped when the test JVM
 * exits, and fresh tables on it for each test (tables are cheap; servers take a second to start).
 */
final class TestDynalite {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static DynamoDbClient client;

    private TestDynalite() {
    }

    static synchronized DynamoDbClient client() {
        if (client == null) {
            Dynalite server = Dynalite.inMemory();
            client = server.client(Duration.ofSeconds(30));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                client.close();
                server.close();
            }));
        }
        return client;
    }

    /**
     * Every table of TableDefinitions under a new prefix, on {@code c} (the shared client or a test's own),
     * each ACTIVE when this returns: dynalite answers CreateTable with the table still CREATING and
     * refuses writes to it until a moment later, so a test writing at once failed now and then.
     */
    static TableNames freshTables(DynamoDbClient c) {
        TableNames names = TableNames.withPrefix("t" + TABLES.incrementAndGet() + "-");
        TableDefinitions.createAll(c, names);
        try (DynamoDbWaiter waiter = DynamoDbWaiter.builder().client(c)
                .overrideConfiguration(w -> w.backoffStrategy(FixedDelayBackoffStrategy.create(Duration.ofMillis(5)))
                        .maxAttempts(2_000))
                .build()) {
            for (TableDefinitions.TableSpec spec : TableDefinitions.all()) {
                waiter.waitUntilTableExists(r -> r.tableName(spec.physicalName().apply(names)));
            }
        }
        return names;
    }

    static TableNames freshTables() {
        return freshTables(client());
    }
}
