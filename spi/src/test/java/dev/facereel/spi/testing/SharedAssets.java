package dev.facereel.spi.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Locates the shared test models and media (system property {@code facereel.shared}). When they are absent
 * the calling test is skipped with a message, except under {@code CI=true}, where it fails.
 */
public final class SharedAssets {
    private SharedAssets() {
    }

    public static Path root() {
        String configured = System.getProperty("facereel.shared");
        Path root = configured == null ? null : Path.of(configured).toAbsolutePath().normalize();
        if (root == null || !Files.isDirectory(root.resolve("models")) || !Files.isDirectory(root.resolve("media"))) {
            String message = "shared test assets not found at " + root
                    + " (set -Dfacereel.shared to the folder holding models/ and media/)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message + "; they are required when CI=true");
            }
            Assumptions.abort(message + "; skipping the tests that need real models and media");
        }
        return root;
    }

    public static Path model(String file) {
        return existing(root().resolve("models").resolve(file));
    }

    public static Path media(String file) {
        return existing(root().resolve("media").resolve(file));
    }

    public static Path face(String file) {
        return existing(root().resolve("media").resolve("faces").resolve(file));
    }

    private static Path existing(Path p) {
        if (!Files.isRegularFile(p)) {
            fail("missing shared asset " + p);
        }
        return p;
    }
}
