package io.couponflow.local;

import io.couponflow.core.clock.FileClock;
import io.couponflow.testing.ManualClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Simulated time for the local stack: the driver (the demo) moves it, and every function process reads
 * it as its clock through {@code COUPONFLOW_CLOCK_FILE} ({@link FileClock}), so the functions' "now" is
 * the simulation's, whatever the machine's speed. The time itself is a {@link ManualClock}; this class
 * only refuses to move it back and publishes every move to the file. Moves from one thread at a time.
 */
public final class VirtualClock {
    /** The setting that hands the clock to a function process (couponflow.clock-file). */
    public static final String ENVIRONMENT_VARIABLE = "COUPONFLOW_CLOCK_FILE";

    private final Path file;
    private final ManualClock time;

    private VirtualClock(Path file, Instant start) {
        this.file = file;
        this.time = new ManualClock(start);
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
        if (now.toEpochMilli() < time.millis()) {
            throw new IllegalArgumentException("the virtual clock does not go back: " + now + " is before " + time.instant());
        }
        time.set(now);
        FileClock.publish(file, now);
    }

    /** Moves the clock to {@code epochMillis} unless it is already later. */
    public synchronized void advanceTo(long epochMillis) {
        set(Instant.ofEpochMilli(Math.max(time.millis(), epochMillis)));
    }

    public synchronized void advance(Duration d) {
        set(time.instant().plus(d));
    }

    public long millis() {
        return time.millis();
    }

    public Instant instant() {
        return time.instant();
    }
}
