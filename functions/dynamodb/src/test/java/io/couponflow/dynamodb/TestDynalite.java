package io.couponflow.dynamodb;

import io.couponflow.testing.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

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

    /** Every table of TableDefinitions under a new prefix, on {@code c} (the shared client or a test's own). */
    static TableNames freshTables(DynamoDbClient c) {
        TableNames names = TableNames.withPrefix("t" + TABLES.incrementAndGet() + "-");
        TableDefinitions.createAll(c, names);
        return names;
    }

    static TableNames freshTables() {
        return freshTables(client());
    }
}
