package io.couponflow.score;

import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.coupon.CouponKind;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;
import io.couponflow.testing.ManualClock;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score function's per-container caches, on a clock the test moves and stores it can break. */
class CachedTest {
    private static final Duration TTL = Duration.ofSeconds(30);

    /** A catalogue that counts its reads and can be made to fail as DynamoDB does. */
    static final class CountingCatalog implements CouponCatalog {
        final Map<String, Coupon> coupons = new LinkedHashMap<>();
        int allReads;
        int getReads;
        boolean down;

        @Override
        public Optional<Coupon> get(String couponId) {
            fail();
            getReads++;
            return Optional.ofNullable(coupons.get(couponId));
        }

        @Override
        public void put(Coupon coupon) {
            fail();
            coupons.put(coupon.couponId(), coupon);
        }

        @Override
        public List<Coupon> all() {
            fail();
            allReads++;
            return List.copyOf(coupons.values());
        }

        private void fail() {
            if (down) {
                throw DynamoDbException.builder().message("connection refused").build();
            }
        }
    }

    static final class CountingPolicies implements PolicyStore {
        final List<String> calls = new ArrayList<>();
        PolicyVersion active;
        boolean down;

        @Override
        public Optional<PolicyVersion> active() {
            calls.add("active");
            if (down) {
                throw DynamoDbException.builder().message("connection refused").build();
            }
            return Optional.ofNullable(active);
        }

        @Override
        public Optional<PolicyVersion> get(String version) {
            calls.add("get");
            return Optional.empty();
        }

        @Override
        public void save(PolicyVersion version) {
            calls.add("save");
        }

        @Override
        public boolean promote(String version, String expectedActive) {
            calls.add("promote");
            return true;
        }

        @Override
        public boolean rollback() {
            calls.add("rollback");
            return true;
        }

        @Override
        public List<PolicyVersion> versions() {
            calls.add("versions");
            return List.of();
        }

        @Override
        public List<String> history() {
            calls.add("history");
            return List.of();
        }
    }

    private static Coupon coupon(String id) {
        return new Coupon(id, CouponKind.FIXED, 10, 0, null, null, null, null, null, true);
    }

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T12:00:00Z"));
    private final CountingCatalog store = new CountingCatalog();
    private final CouponCatalog cached = Cached.catalog(store, TTL, clock);

    @Test
    void catalog_withinTtl_readsTheStoreOnce() {
        store.coupons.put("A", coupon("A"));
        for (int i = 0; i < 5; i++) {
            assertEquals(1, cached.all().size());
            assertTrue(cached.get("A").isPresent());
            clock.advance(Duration.ofSeconds(5));
        }
        assertEquals(1, store.allReads, "25 s of decisions, one read");
        assertEquals(0, store.getReads, "a cached coupon needs no lookup");
    }

    @Test
    void catalog_atTtl_readsAgainAndSeesChangesFromElsewhere() {
        store.coupons.put("A", coupon("A"));
        cached.all();
        store.coupons.put("B", coupon("B"));   // written by another container
        clock.advance(TTL.minusMillis(1));
        assertEquals(1, cached.all().size(), "not yet");
        clock.advance(Duration.ofMillis(1));
        assertEquals(2, cached.all().size(), "at the TTL");
        assertEquals(2, store.allReads);
    }

    @Test
    void catalog_putThroughThisContainer_isSeenAtOnce() {
        cached.all();
        cached.put(coupon("NEW"));
        assertEquals(List.of("NEW"), cached.all().stream().map(Coupon::couponId).toList());
        assertEquals(2, store.allReads);
    }

    @Test
    void catalog_couponNotInTheCachedList_isLookedUp() {
        cached.all();
        store.coupons.put("LATE", coupon("LATE"));
        assertTrue(cached.get("LATE").isPresent(), "a coupon added elsewhere is found before the TTL");
        assertEquals(1, store.getReads);
    }

    @Test
    void catalog_zeroTtl_readsEveryTime() {
        CouponCatalog uncached = Cached.catalog(store, Duration.ZERO, clock);
        uncached.all();
        uncached.all();
        assertEquals(2, store.allReads);
    }

    /**
     * A failing store: the failure reaches the caller (the API answers 503 STORE_UNAVAILABLE, health
     * says DEGRADED) and is not cached, so the first call after the store is back reads it; an expired
     * value is not served in its place, or an outage would look healthy.
     */
    @Test
    void catalog_failingStore_propagatesAndIsRetriedNextCall() {
        store.coupons.put("A", coupon("A"));
        store.down = true;
        assertThrows(DynamoDbException.class, cached::all);
        assertThrows(DynamoDbException.class, cached::all);
        store.down = false;
        assertEquals(1, cached.all().size());

        clock.advance(TTL);
        store.down = true;
        assertThrows(DynamoDbException.class, cached::all, "expired: no stale answer");
        store.down = false;
        assertEquals(1, cached.all().size());
        assertEquals(2, store.allReads);
        clock.advance(Duration.ofSeconds(1));
        cached.all();
        assertEquals(2, store.allReads, "the value read after the outage is cached again");
    }

    @Test
    void policies_activeIsCached_promotionAndRollbackInvalidate_restPassThrough() {
        CountingPolicies real = new CountingPolicies();
        PolicyStore policies = Cached.policies(real, TTL, clock);
        policies.active();
        policies.active();
        assertEquals(List.of("active"), real.calls);

        policies.promote("v2", null);
        policies.active();
        policies.rollback();
        policies.active();
        policies.get("v1");
        policies.versions();
        assertEquals(List.of("active", "promote", "active", "rollback", "active", "get", "versions"), real.calls);

        clock.advance(TTL);
        real.down = true;
        assertThrows(DynamoDbException.class, policies::active);
        real.down = false;
        policies.active();
        policies.active();
        assertEquals(List.of("active", "active"), real.calls.subList(7, real.calls.size()), "the failed read, one read, then cached");
    }
}
