package io.couponflow.dynamodb;

import io.couponflow.core.policy.Policy;
import io.couponflow.core.policy.PolicyFeatures;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.core.policy.QHead;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The A/B report's item in the models table, against dynalite, beside the policy versions it must not disturb. */
class DynamoReportStoreTest {

    @Test
    void save_latestWins_andAnOlderNightDoesNotOverwriteIt() {
        DynamoDbClient client = TestDynalite.client();
        String models = TestDynalite.freshTables().models();
        DynamoReportStore store = new DynamoReportStore(client, models, "default");
        assertEquals(Optional.empty(), store.latest(), "no report before the first night");

        assertTrue(store.save(2_000, "{\"night\":2}"));
        assertEquals("{\"night\":2}", store.latest().orElseThrow());
        assertFalse(store.save(1_000, "{\"night\":1}"), "a slower run of an earlier night");
        assertEquals("{\"night\":2}", store.latest().orElseThrow());
        assertTrue(store.save(3_000, "{\"night\":3}"));
        assertEquals("{\"night\":3}", store.latest().orElseThrow());
        assertEquals(Optional.empty(), new DynamoReportStore(client, models, "other").latest(), "one report per policy name");
    }

    @Test
    void reportItem_isNotAPolicyVersion() {
        DynamoDbClient client = TestDynalite.client();
        String models = TestDynalite.freshTables().models();
        DynamoPolicyStore policies = new DynamoPolicyStore(client, models, "default");
        int stateDim = PolicyFeatures.stateDim(32);
        Policy policy = Policy.greedy(new QHead(PolicyFeatures.ACTION_DIM, stateDim,
                new double[PolicyFeatures.ACTION_DIM * stateDim]), 1, 0.05);
        policies.save(new PolicyVersion("v1", policy, null, 1, "PASSED_GATE", "{}"));
        new DynamoReportStore(client, models, "default").save(5, "{}");

        assertEquals(List.of("v1"), policies.versions().stream().map(PolicyVersion::version).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> policies.save(
                new PolicyVersion(DynamoReportStore.REPORT, policy, null, 2, "CANDIDATE", "{}")));
        assertTrue(e.getMessage().contains("reserved"));
    }
}
