package io.couponflow.core.clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A UTC clock whose now is written in a file (epoch milliseconds as text) by another process: the local
 * stack's virtual clock, so that the demo runs its functions on simulated time and two runs of one
 * seed see the same times. The file is read at every call; {@link #publish} replaces it atomically, so
 * a reader never sees half a number. A file that cannot be read or parsed is an error, never a silent
 * fall back to the system clock.
 */
public final class FileClock extends Clock {
    private final Path file;

    /** Reads the file once, so that a missing or malformed file fails at start-up rather than mid-request. */
    public FileClock(Path file) {
        this.file = file;
        millis();
    }

    /** Sets the time every FileClock on {@code file} reads from now on. */
    public static void publish(Path file, Instant now) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, Long.toString(now.toEpochMilli()));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the clock file " + file, e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public long millis() {
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the clock file " + file, e);
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the clock file " + file + " holds '" + text + "', not epoch milliseconds", e);
        }
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
