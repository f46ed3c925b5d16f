package io.couponflow.ingest;

import io.couponflow.core.decision.DecisionLog;
import io.couponflow.core.event.EventStore;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Erases one user's data on request and says how much of each kind was deleted. Per-user cap counters
 * in the budgets table are keyed by a hash of the user id, not the id, and expire by TTL.
 */
final class UserDataEraser {
    private final EventStore events;
    private final DecisionLog decisions;

    UserDataEraser(EventStore events, DecisionLog decisions) {
        this.events = events;
        this.decisions = decisions;
    }

    Map<String, Integer> erase(String userId) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("events", events.deleteUser(userId));
        deleted.put("decisions", decisions.deleteUser(userId));
        return deleted;
    }
}
