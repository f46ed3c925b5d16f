package io.couponflow.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that stands still until it is moved: for code that reads time only through a Clock. */
public final class ManualClock extends Clock {
    private volatile long millis;

    public ManualClock(Instant start) {
        this.millis = start.toEpochMilli();
    }

    public void advance(Duration d) {
        millis += d.toMillis();
    }

    public void set(Instant now) {
        millis = now.toEpochMilli();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis);
    }

    @Override
    public long millis() {
        return millis;
    }
}
