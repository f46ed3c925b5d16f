package io.couponflow.ingest;

import io.couponflow.core.event.EventStore;

import java.util.LinkedHashMap;
import java.util.Map;

/** Erases one user's data on request and says how much of each kind was deleted. */
final class UserDataEraser {
    private final EventStore events;

    UserDataEraser(EventStore events) {
        this.events = events;
    }

    Map<String, Integer> erase(String userId) {
        Map<String, Integer> deleted = new LinkedHashMap<>();
        deleted.put("events", events.deleteUser(userId));
        return deleted;
    }
}
