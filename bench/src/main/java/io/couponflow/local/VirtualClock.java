package io.couponflow.local;

import io.couponflow.core.clock.FileClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * Simulated time for the local stack: the driver (the demo) moves it, and every function process reads
 * it as its clock through {@code COUPONFLOW_CLOCK_FILE} ({@link FileClock}), so the functions' "now" is
 * the simulation's, whatever the machine's speed. Moves only from one thread at a time; it never goes back.
 */
public final class VirtualClock extends Clock {
    /** The setting that hands the clock to a function process (couponflow.clock-file). */
    public static final String ENVIRONMENT_VARIABLE = "COUPONFLOW_CLOCK_FILE";

    private final Path file;
    private long millis;

    private VirtualClock(Path file, Instant start) {
        this.file = file;
        this.millis = start.toEpochMilli();
        FileClock.publish(file, start);
    }

    /** A clock at {@code start} in a new file under {@code dir}. */
    public static VirtualClock startAt(Path dir, Instant start) throws IOException {
        Files.createDirectories(dir);
        return new VirtualClock(Files.createTempFile(dir, "clock-", ".ms"), start);
    }

    /** What a function process needs to read this clock. */
    public Map<String, String> environment() {
        return Map.of(ENVIRONMENT_VARIABLE, file.toString());
    }

    /** Moves the clock to {@code now}; refuses to move it back. */
    public synchronized void set(Instant now) {
        if (now.toEpochMilli() < millis) {
            throw new IllegalArgumentException("the virtual clock does not go back: " + now + " is before " + instant());
        }
        millis = now.toEpochMilli();
        FileClock.publish(file, now);
    }

    /** Moves the clock to {@code epochMillis} unless it is already later. */
    public synchronized void advanceTo(long epochMillis) {
        set(Instant.ofEpochMilli(Math.max(millis, epochMillis)));
    }

    public synchronized void advance(Duration d) {
        set(Instant.ofEpochMilli(millis + d.toMillis()));
    }

    @Override
    public synchronized long millis() {
        return millis;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
