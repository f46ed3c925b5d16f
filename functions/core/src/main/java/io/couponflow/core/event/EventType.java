package io.couponflow.core.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The behaviour event types ingest accepts, with their wire names. */
public enum EventType {
    SESSION_START("session_start"),
    VIEW("view"),
    SEARCH("search"),
    ADD_TO_CART("add_to_cart"),
    REMOVE_FROM_CART("remove_from_cart"),
    PURCHASE("purchase"),
    COUPON_SHOWN("coupon_shown"),
    COUPON_REDEEMED("coupon_redeemed");

    private static final Map<String, EventType> BY_WIRE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWire(String name) {
        return Optional.ofNullable(BY_WIRE.get(name));
    }

    public static String knownNames() {
        return Arrays.stream(values()).map(EventType::wireName).collect(Collectors.joining(", "));
    }
}
