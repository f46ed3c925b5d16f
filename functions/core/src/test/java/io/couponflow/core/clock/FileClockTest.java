package io.couponflow.core.clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileClockTest {

    @TempDir
    Path dir;

    @Test
    void instant_afterEachPublish_isThePublishedTime() {
        Path file = dir.resolve("clock");
        FileClock.publish(file, Instant.parse("2027-01-15T08:00:00Z"));
        FileClock clock = new FileClock(file);
        assertEquals(Instant.parse("2027-01-15T08:00:00Z"), clock.instant());

        FileClock.publish(file, Instant.parse("2027-01-16T07:59:59Z"));

        assertEquals(Instant.parse("2027-01-16T07:59:59Z"), clock.instant());
        assertEquals(Instant.parse("2027-01-16T07:59:59Z").toEpochMilli(), clock.millis());
    }

    @Test
    void clockFilesInTemp_now_isAReadableClockFileHoldingNow() {
        Path file = ClockFiles.inTemp(Instant.parse("2027-01-15T08:00:00Z"));

        assertTrue(Files.isRegularFile(file), file.toString());
        assertEquals(Instant.parse("2027-01-15T08:00:00Z"), new FileClock(file).instant());
    }

    @Test
    void constructor_missingFile_failsAtOnce() {
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> new FileClock(dir.resolve("absent")));
        assertTrue(e.getMessage().contains("absent"), e.getMessage());
    }

    @Test
    void millis_fileNotANumber_namesFileAndContent() throws Exception {
        Path file = dir.resolve("clock");
        Files.writeString(file, "tomorrow");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> new FileClock(file));
        assertTrue(e.getMessage().contains("'tomorrow'") && e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void millis_whileAnotherThreadPublishes_neverSeesHalfANumber() throws Exception {
        Path file = dir.resolve("clock");
        FileClock.publish(file, Instant.ofEpochMilli(1_800_000_000_000L));
        FileClock clock = new FileClock(file);
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            long last = 0;
            while (!done.get()) {
                try {
                    long now = clock.millis();
                    if (now < last) {
                        throw new AssertionError("went back from " + last + " to " + now);
                    }
                    last = now;
                } catch (Throwable t) {
                    failure.set(t);
                    return;
                }
            }
        });
        reader.start();
        for (long t = 1_800_000_000_001L; t < 1_800_000_000_500L; t++) {
            FileClock.publish(file, Instant.ofEpochMilli(t));
        }
        done.set(true);
        reader.join();

        assertNull(failure.get());
        assertEquals(1_800_000_000_499L, clock.millis());
    }
}
