package io.couponflow.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Starts an in-memory dynalite for a {@code @QuarkusTest} and points the Quarkiverse DynamoDB client
 * at it with dummy static credentials. The application creates its tables at start-up when
 * {@code couponflow.tables.create=true} (set in the test profile).
 */
public class DynaliteTestResource implements QuarkusTestResourceLifecycleManager {
    private static Dynalite shared;

    /** The running server, for tests that want their own client or to stop it. */
    public static Dynalite server() {
        return shared;
    }

    @Override
    public Map<String, String> start() {
        shared = Dynalite.inMemory();
        return Map.of(
                "quarkus.dynamodb.endpoint-override", shared.endpoint().toString(),
                "quarkus.dynamodb.aws.region", Dynalite.REGION,
                "quarkus.dynamodb.aws.credentials.type", "static",
                "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "local",
                "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "local",
                "couponflow.tables.create", "true");
    }

    @Override
    public void stop() {
        if (shared != null) {
            shared.kill();
            shared = null;
        }
    }
}
