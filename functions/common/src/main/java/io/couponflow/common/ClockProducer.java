package io.couponflow.common;

import io.couponflow.core.clock.FileClock;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * The functions' one clock: every decision, budget day, attribution window and retrain window reads
 * "now" from it. {@code couponflow.fixed-clock} pins it (the sample-event test does, so that the
 * timestamps written in events/ stay inside the accepted window); {@code couponflow.clock-file} makes
 * it the local stack's virtual clock (the demo); otherwise, as in every deployment, it is the system clock.
 */
@ApplicationScoped
public class ClockProducer {
    private static final Logger LOG = Logger.getLogger(ClockProducer.class);

    @Produces
    @Singleton
    Clock clock(CouponflowConfig config) {
        if (config.fixedClock().filter(s -> !s.isBlank()).isPresent() && config.clockFile().isPresent()) {
            throw new IllegalStateException("couponflow.fixed-clock and couponflow.clock-file are both set: choose one");
        }
        if (config.clockFile().isPresent()) {
            FileClock clock = new FileClock(config.clockFile().get());
            LOG.warnf("the clock is virtual: now is read from %s (couponflow.clock-file), not the system clock", clock.file());
            return clock;
        }
        return config.fixedClock().filter(s -> !s.isBlank())
                .map(s -> Clock.fixed(Instant.parse(s), ZoneOffset.UTC))
                .orElse(Clock.systemUTC());
    }
}
