package io.couponflow.dynamodb;

import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DynamoPolicyStoreTest {

    private static Policy thompson(double shift) {
        QHead mean = new QHead(2, 2, new double[]{0.1 + shift, 0.2, 0.3, -0.4});
        List<QHead> draws = List.of(new QHead(2, 2, new double[]{0.1 + shift, 0.25, 0.3, -0.5}),
                new QHead(2, 2, new double[]{0.15 + shift, 0.2, 0.35, -0.4}));
        return new Policy(mean, draws, null, 0.3 + shift, 0, 0.005, Policy.Exploration.THOMPSON);
    }

    private static void assertSamePolicy(Policy expected, Policy actual) {
        assertArrayEquals(expected.conversion().weights(), actual.conversion().weights(), 0);
        assertEquals(expected.draws().size(), actual.draws().size());
        for (int m = 0; m < expected.draws().size(); m++) {
            assertArrayEquals(expected.draws().get(m).weights(), actual.draws().get(m).weights(), 0);
        }
        assertEquals(expected.valuePerCart(), actual.valuePerCart(), 0);
        assertEquals(expected.epsilon(), actual.epsilon(), 0);
        assertEquals(expected.exploration(), actual.exploration());
    }

    @Test
    void save_refitWithTheJudgedPolicy_readsBackBothAndTheGateWeighsTheJudgedOne() {
        DynamoDbClient client = TestDynalite.client();
        DynamoPolicyStore store = new DynamoPolicyStore(client, TestDynalite.freshTables().models(), "default");
        Policy served = thompson(0.05);
        Policy judged = thompson(0);
        store.save(new PolicyVersion("v1", served, "enc", 5, "PASSED_GATE", "{}", judged));

        PolicyVersion read = store.get("v1").orElseThrow();

        assertSamePolicy(served, read.policy());
        assertSamePolicy(judged, read.judged());
        assertSame(read.judged(), read.gated());
        assertEquals("enc", read.encoderVersion());
    }

    @Test
    void save_versionWithoutARefit_readsBackWithNoJudgedPolicy() {
        DynamoDbClient client = TestDynalite.client();
        DynamoPolicyStore store = new DynamoPolicyStore(client, TestDynalite.freshTables().models(), "default");
        Policy served = thompson(0);
        store.save(new PolicyVersion("v1", served, "enc", 5, "REJECTED", "{}"));

        PolicyVersion read = store.get("v1").orElseThrow();

        assertSamePolicy(served, read.policy());
        assertNull(read.judged());
        assertSame(read.policy(), read.gated());
    }
}
