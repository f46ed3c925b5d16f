package io.couponflow.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: the folder holding infra/local/package.json. */
public final class RepoRoot {
    private RepoRoot() {
    }

    public static Path find() {
        String configured = System.getProperty("repo.root");
        if (configured != null && !configured.isBlank() && isRoot(Path.of(configured))) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (isRoot(p)) {
                return p;
            }
            p = p.getParent();
        }
        throw new IllegalStateException("not inside the couponflow repository (no infra/local/package.json above "
                + Path.of("").toAbsolutePath() + ")");
    }

    /** ../shared/data beside the repository (where CI lays the shared data sets). */
    public static Path sharedData() {
        return find().resolve("../shared/data").normalize();
    }

    private static boolean isRoot(Path p) {
        return Files.isRegularFile(p.resolve("infra/local/package.json")) && Files.isRegularFile(p.resolve("pom.xml"));
    }
}
