package io.couponflow.dynamodb;

import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DynamoPolicyStoreTest {

    private static Policy thompson(double shift) {
        QHead mean = new QHead(2, 2, new double[]{0.1 + shift, 0.2, 0.3, -0.4});
        List<QHead> draws = List.of(new QHead(2, 2, new double[]{0.1 + shift, 0.25, 0.3, -0.5}),
                new QHead(2, 2, new double[]{0.15 + shift, 0.2, 0.35, -0.4}));
        return new Policy(mean, draws, null, 0.3 + shift, 0, 0.005, Policy.Exploration.THOMPSON, 0.2 + shift);
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
        assertEquals(expected.couponSpread(), actual.couponSpread(), 0);
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

    @Test
    void get_versionWrittenBeforeTheCouponSpread_readsBackSpreadingNothing() {
        DynamoDbClient client = TestDynalite.client();
        String table = TestDynalite.freshTables().models();
        new DynamoPolicyStore(client, table, "default").save(new PolicyVersion("v1", thompson(0), "enc", 5, "REJECTED", "{}"));
        Map<String, AttributeValue> key = Map.of(Attr.POLICY, AttributeValue.fromS("default"),
                Attr.VERSION, AttributeValue.fromS("v1"));
        Map<String, AttributeValue> item = new HashMap<>(client.getItem(g -> g.tableName(table).key(key)).item());
        assertEquals(0.2, Double.parseDouble(item.remove("couponSpread").n()), 0);

        Policy read = DynamoPolicyStore.fromItem(item).policy();

        assertEquals(0, read.couponSpread(), 0, "an item without the attribute spreads nothing, as it was served");
        assertEquals(0.005, read.epsilon(), 0);
    }
}
