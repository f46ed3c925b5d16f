package io.couponflow.core.clock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Test support, shipped in core's test-jar: a clock file for a function run on simulated time in a test
 * ({@code couponflow.clock-file}). Test code, so it stays out of the functions' jars.
 */
public final class ClockFiles {
    private ClockFiles() {
    }

    /** A new clock file holding {@code now}, in the temp directory and deleted when the JVM exits. */
    public static Path inTemp(Instant now) {
        try {
            Path file = Files.createTempFile("couponflow-clock-", ".ms");
            file.toFile().deleteOnExit();
            FileClock.publish(file, now);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a clock file in the temp directory", e);
        }
    }
}
