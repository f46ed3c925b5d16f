package io.couponflow.dynamodb;

import io.couponflow.core.decision.DecisionMaker;
import io.couponflow.core.decision.DecisionRecord;
import io.couponflow.core.policy.Candidate;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baseline a request carried and the shadow of a baseline-served decision survive DynamoDB. */
class DecisionShadowRoundTripTest {

    @Test
    void record_baselineAndShadow_readBackByUserAndByDay() {
        DynamoDecisionLog log = new DynamoDecisionLog(TestDynalite.client(), TestDynalite.freshTables().decisions(),
                Duration.ofDays(30));
        long t = Instant.now().toEpochMilli();
        List<Candidate> c = List.of(new Candidate("none", new double[]{1, 1}, 0), new Candidate("F5", new double[]{1, 0}, 5));
        DecisionRecord shadowed = new DecisionRecord("d-b", "u", t, "enc", DecisionRecord.BASELINE_POLICY, new double[]{0.5},
                40, c, "F5", 1.0, new double[]{0, 1}, 0, 0.2, List.of("BASELINE"), null, "F5",
                new DecisionRecord.Shadow("none", 0.95, new double[]{0.95, 0.05}, "v1", 0.05, -0.1));
        DecisionRecord live = new DecisionRecord("d-l", "u", t + 1, "enc", "v1", new double[]{0.5}, 40, c, "none", 0.95,
                new double[]{0.95, 0.05}, 0.05, 0, List.of("GREEDY"), null, "F5", null);
        DecisionRecord plain = new DecisionRecord("d-p", "u", t + 2, "enc", "v1", new double[]{0.5}, 40, c, "none", 0.95,
                new double[]{0.95, 0.05}, 0.05, 0, List.of("GREEDY"), null);
        log.record(shadowed);
        log.record(live);
        log.record(plain);

        List<DecisionRecord> back = log.since("u", 0);
        assertEquals(3, back.size());
        DecisionRecord b = back.get(0);
        assertTrue(b.servedByBaseline());
        assertEquals("F5", b.baseline());
        assertEquals("none", b.shadow().chosen());
        assertEquals(0.95, b.shadow().propensity());
        assertArrayEquals(new double[]{0.95, 0.05}, b.shadow().probabilities());
        assertEquals("v1", b.shadow().policyVersion());
        assertEquals(0.05, b.shadow().epsilon());
        assertEquals(-0.1, b.shadow().expectedUplift());
        assertEquals("F5", back.get(1).baseline());
        assertFalse(back.get(1).servedByBaseline());
        assertNull(back.get(2).baseline());
        assertNull(back.get(2).shadow());
        assertEquals(3, log.byDay(DecisionMaker.day(Instant.ofEpochMilli(t))).size());
    }
}
