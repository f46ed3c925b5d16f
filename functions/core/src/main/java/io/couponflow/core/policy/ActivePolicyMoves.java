package io.couponflow.core.policy;

import io.couponflow.core.api.ErrorCode;

import java.util.Objects;

/**
 * An operator's moves of the ACTIVE pointer, promote a version or roll back, each one conditional
 * write through {@link PolicyStore}: the one place the retrain function's operator actions and the
 * API's policy routes share, so both refuse the same things the same way.
 */
public final class ActivePolicyMoves {

    /**
     * What a move did. {@code refusal} is null when the pointer moved; otherwise the pointer is as it was
     * (NOT_FOUND, ALREADY_ACTIVE, NOTHING_TO_ROLL_BACK) or someone else moved it first (ACTIVE_POLICY_MOVED).
     */
    public record Move(String activeBefore, String activeAfter, ErrorCode refusal, String message) {
        public boolean moved() {
            return refusal == null;
        }
    }

    private final PolicyStore store;

    public ActivePolicyMoves(PolicyStore store) {
        this.store = store;
    }

    /** Promotes {@code version} over the version serving now. */
    public Move promote(String version) {
        return promote(version, activeVersion());
    }

    /**
     * Promotes {@code version} if ACTIVE still is {@code expectedActive} (null: none serves): an operator
     * who looked at the list and promotes is refused if a retrain or another operator moved it meanwhile.
     */
    public Move promote(String version, String expectedActive) {
        String before = activeVersion();
        if (store.get(version).isEmpty()) {
            return refused(before, ErrorCode.NOT_FOUND, "no policy version " + version);
        }
        if (version.equals(before)) {
            return refused(before, ErrorCode.ALREADY_ACTIVE, version + " is already active");
        }
        if (!Objects.equals(before, expectedActive) || !store.promote(version, expectedActive)) {
            return moved(before, "ACTIVE is " + activeVersion() + ", not " + expectedActive + " as expected; nothing promoted");
        }
        return new Move(before, activeVersion(), null, "promoted " + version);
    }

    /** Points ACTIVE back at the version that served before it. */
    public Move rollback() {
        String before = activeVersion();
        if (store.history().isEmpty()) {
            return refused(before, ErrorCode.NOTHING_TO_ROLL_BACK, "no version served before " + before);
        }
        if (!store.rollback()) {
            return moved(before, "ACTIVE moved during the rollback; nothing rolled back");
        }
        return new Move(before, activeVersion(), null, "rolled back from " + before);
    }

    private String activeVersion() {
        return store.active().map(PolicyVersion::version).orElse(null);
    }

    private Move refused(String before, ErrorCode code, String message) {
        return new Move(before, before, code, message);
    }

    private Move moved(String before, String message) {
        return new Move(before, activeVersion(), ErrorCode.ACTIVE_POLICY_MOVED, message);
    }
}
