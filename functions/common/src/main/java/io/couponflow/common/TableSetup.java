package io.couponflow.common;

import io.couponflow.dynamodb.TableDefinitions;
import io.couponflow.dynamodb.TableNames;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Produces the table names and, where configured, creates the tables at start-up. */
@ApplicationScoped
public class TableSetup {

    @Produces
    @Singleton
    TableNames tableNames(CouponflowConfig config) {
        CouponflowConfig.Tables t = config.tables();
        return new TableNames(t.events(), t.decisions(), t.coupons(), t.budgets(), t.models());
    }

    void onStart(@Observes StartupEvent start, CouponflowConfig config, TableNames names, DynamoDbClient client) {
        if (config.tables().create()) {
            TableDefinitions.createAll(client, names);
        }
    }
}
