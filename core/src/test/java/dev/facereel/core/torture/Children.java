package dev.facereel.core.torture;

import dev.facereel.core.process.ChildJvm;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The child JVMs of a torture test: started on the torture episode, killed after each test and at {@link #killAll}.
 * Thread-safe, since a round runs in a thread of its own and a stopped one may still be starting children.
 */
final class Children implements AfterEachCallback {
    private final List<ChildJvm> started = new ArrayList<>();

    /** Starts {@code PipelineChild} in {@code mode} on {@code root}; see {@link TortureEpisode#start}. */
    synchronized ChildJvm start(List<String> jvmOptions, String mode, Path root, String... extra) throws IOException {
        ChildJvm child = TortureEpisode.start(jvmOptions, mode, root, extra);
        started.add(child);
        return child;
    }

    ChildJvm start(String mode, Path root, String... extra) throws IOException {
        return start(List.of(), mode, root, extra);
    }

    /** Kills every child still running (resuming stopped ones first). */
    synchronized void killAll() {
        started.forEach(ChildJvm::close);
        started.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        killAll();
    }
}
