package io.couponflow.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The functions' clock. {@code couponflow.fixed-clock} pins it (the sample-event test does, so that
 * the timestamps written in events/ stay inside the accepted window); otherwise it is the system clock.
 */
@ApplicationScoped
public class ClockProducer {

    @Produces
    @Singleton
    Clock clock(CouponflowConfig config) {
        return config.fixedClock().filter(s -> !s.isBlank())
                .map(s -> Clock.fixed(Instant.parse(s), ZoneOffset.UTC))
                .orElse(Clock.systemUTC());
    }
}
