package io.couponflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The sample events in events/ (for sam local invoke) whose names start with a function's prefix. */
public final class SampleEvents {
    private SampleEvents() {
    }

    public static List<Path> withPrefix(String prefix) {
        try (Stream<Path> files = Files.list(RepoRoot.find().resolve("events"))) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
