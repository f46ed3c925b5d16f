package io.couponflow.score;

import io.couponflow.core.coupon.Coupon;
import io.couponflow.core.coupon.CouponCatalog;
import io.couponflow.core.policy.PolicyStore;
import io.couponflow.core.policy.PolicyVersion;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Short-lived per-container caches of the catalogue and the active policy: both change rarely, and
 * each saves a DynamoDB round trip per decision. A coupon written through this container is seen at
 * once; changes from elsewhere (another container, a promotion) within the TTL.
 */
final class Cached {
    private Cached() {
    }

    static final class Value<T> {
        private final Supplier<T> loader;
        private final Duration ttl;
        private final Clock clock;
        private T value;
        private long loadedAt = Long.MIN_VALUE;

        Value(Supplier<T> loader, Duration ttl, Clock clock) {
            this.loader = loader;
            this.ttl = ttl;
            this.clock = clock;
        }

        synchronized T get() {
            long now = clock.millis();
            if (ttl.isZero() || value == null || now - loadedAt >= ttl.toMillis()) {
                value = loader.get();
                loadedAt = now;
            }
            return value;
        }

        synchronized void invalidate() {
            value = null;
        }
    }

    static CouponCatalog catalog(CouponCatalog real, Duration ttl, Clock clock) {
        Value<List<Coupon>> all = new Value<>(real::all, ttl, clock);
        return new CouponCatalog() {
            @Override
            public Optional<Coupon> get(String couponId) {
                return all.get().stream().filter(c -> c.couponId().equals(couponId)).findFirst()
                        .or(() -> real.get(couponId));
            }

            @Override
            public void put(Coupon coupon) {
                real.put(coupon);
                all.invalidate();
            }

            @Override
            public List<Coupon> all() {
                return all.get();
            }
        };
    }

    static PolicyStore policies(PolicyStore real, Duration ttl, Clock clock) {
        Value<Optional<PolicyVersion>> active = new Value<>(real::active, ttl, clock);
        return new PolicyStore() {
            @Override
            public Optional<PolicyVersion> active() {
                return active.get();
            }

            @Override
            public Optional<PolicyVersion> get(String version) {
                return real.get(version);
            }

            @Override
            public void save(PolicyVersion version) {
                real.save(version);
            }

            @Override
            public boolean promote(String version, String expectedActive) {
                active.invalidate();
                return real.promote(version, expectedActive);
            }

            @Override
            public boolean rollback() {
                active.invalidate();
                return real.rollback();
            }

            @Override
            public java.util.List<PolicyVersion> versions() {
                return real.versions();
            }

            @Override
            public java.util.List<String> history() {
                return real.history();
            }
        };
    }
}
