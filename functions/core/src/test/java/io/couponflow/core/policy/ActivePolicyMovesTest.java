package io.couponflow.core.policy;

import io.couponflow.core.Fakes;
import io.couponflow.core.api.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ActivePolicyMovesTest {
    private final Fakes.Policies store = new Fakes.Policies();
    private final ActivePolicyMoves moves = new ActivePolicyMoves(store);

    private void save(String version) {
        store.save(new PolicyVersion(version, Policy.greedy(new QHead(2, 1, new double[]{1, -1}), 0.3, 0.05), "enc", 0,
                "PASSED_GATE", "{}"));
    }

    @Test
    void promote_thenRollback_movesThePointerAndKeepsHistory() {
        save("v1");
        save("v2");
        ActivePolicyMoves.Move first = moves.promote("v1");
        assertTrue(first.moved());
        assertNull(first.activeBefore());
        assertEquals("v1", first.activeAfter());
        ActivePolicyMoves.Move second = moves.promote("v2", "v1");
        assertTrue(second.moved());
        assertEquals(List.of("v1"), store.history());

        ActivePolicyMoves.Move back = moves.rollback();
        assertTrue(back.moved());
        assertEquals("v2", back.activeBefore());
        assertEquals("v1", back.activeAfter());
    }

    @Test
    void promote_unknownVersion_isNotFoundAndMovesNothing() {
        ActivePolicyMoves.Move m = moves.promote("v-ghost");
        assertEquals(ErrorCode.NOT_FOUND, m.refusal());
        assertFalse(m.moved());
        assertNull(store.active);
    }

    @Test
    void promote_theActiveVersion_isAlreadyActive() {
        save("v1");
        moves.promote("v1");
        assertEquals(ErrorCode.ALREADY_ACTIVE, moves.promote("v1").refusal());
        assertEquals(List.of(), store.history(), "no self-entry in the history");
    }

    @Test
    void promote_activeMovedSinceTheOperatorLooked_isRefused() {
        save("v1");
        save("v2");
        moves.promote("v1");
        ActivePolicyMoves.Move m = moves.promote("v2", null);   // the operator saw no active version
        assertEquals(ErrorCode.ACTIVE_POLICY_MOVED, m.refusal());
        assertEquals("v1", m.activeAfter());
        assertEquals("v1", store.active);
    }

    @Test
    void rollback_withoutHistory_isNothingToRollBack() {
        assertEquals(ErrorCode.NOTHING_TO_ROLL_BACK, moves.rollback().refusal());
        save("v1");
        moves.promote("v1");
        ActivePolicyMoves.Move m = moves.rollback();
        assertEquals(ErrorCode.NOTHING_TO_ROLL_BACK, m.refusal());
        assertEquals("v1", m.activeAfter());
    }
}
