package io.couponflow.core.decision;

import io.couponflow.core.event.BehaviourEvent;
import io.couponflow.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ExplorationDrawsTest {
    private static List<BehaviourEvent> history(String newest) {
        return List.of(BehaviourEvent.of(newest, "u", EventType.VIEW, 2), BehaviourEvent.of("older", "u", EventType.VIEW, 1));
    }

    @Test
    void seeded_sameShopperSameMoment_drawsTheSame_inAnyOrder() {
        ExplorationDraws a = ExplorationDraws.seeded(7);
        double first = a.forDecision("u1", history("e9")).nextDouble();
        a.forDecision("u2", history("e3")).nextDouble();   // another decision in between changes nothing
        assertEquals(first, ExplorationDraws.seeded(7).forDecision("u1", history("e9")).nextDouble(), 0);
        assertNotEquals(first, ExplorationDraws.seeded(8).forDecision("u1", history("e9")).nextDouble(), "another seed");
        assertNotEquals(first, a.forDecision("u1", history("e10")).nextDouble(), "a later moment of the same shopper");
        assertNotEquals(first, a.forDecision("u3", history("e9")).nextDouble(), "another shopper");
    }

    @Test
    void seeded_drawsAreUniformAcrossShoppers() {
        ExplorationDraws d = ExplorationDraws.seeded(1);
        int n = 40_000;
        int[] bins = new int[10];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double u = d.forDecision("shopper-" + i, history("e-" + (i % 7))).nextDouble();
            bins[(int) (u * 10)]++;
            sum += u;
        }
        assertEquals(0.5, sum / n, 0.01);
        for (int b : bins) {
            assertEquals(n / 10.0, b, 5 * Math.sqrt(n / 10.0), "each tenth of [0, 1) about as often");
        }
    }
}
