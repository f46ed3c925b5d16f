package io.couponflow.testing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Calls that overlap count once in series; calls one after another count each. */
class RoundTripsTest {

    @Test
    void inSeries_twoParallelCallsThenOne_isTwo() {
        try (Dynalite dynalite = Dynalite.inMemory()) {
            RoundTrips trips = new RoundTrips(Duration.ofMillis(40));
            try (var client = dynalite.clientBuilder(Duration.ofSeconds(10))
                    .overrideConfiguration(c -> c.addExecutionInterceptor(trips)).build()) {
                CompletableFuture<?> a = CompletableFuture.runAsync(client::listTables);
                client.listTables();
                a.join();
                client.listTables();
                assertEquals(3, trips.calls().size());
                assertEquals(2, trips.inSeries());
                assertEquals(List.of("ListTables", "ListTables"), trips.chain().stream().map(RoundTrips.Call::operation).toList());
                trips.clear();
                client.listTables();
                client.listTables();
                assertEquals(2, trips.inSeries());
            }
        }
    }
}
