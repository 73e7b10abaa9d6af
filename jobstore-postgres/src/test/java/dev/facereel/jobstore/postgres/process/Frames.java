package dev.facereel.jobstore.postgres.process;

import dev.facereel.core.process.ChildJvm;
import java.util.List;

/** Reads the {@code DETECTED <n> <ms>} lines of a {@link WorkerChild}. */
final class Frames {
    private Frames() {
    }

    static int detected(ChildJvm worker) {
        return worker.linesStartingWith("DETECTED").size();
    }

    /** The most frames the worker processed within any {@code windowMs} milliseconds. */
    static int mostWithin(ChildJvm worker, long windowMs) {
        List<Long> at = worker.linesStartingWith("DETECTED").stream().map(l -> Long.parseLong(l.split(" ")[1])).toList();
        int most = 0;
        for (int i = 0, j = 0; i < at.size(); i++) {
            while (at.get(i) - at.get(j) > windowMs) {
                j++;
            }
            most = Math.max(most, i - j + 1);
        }
        return most;
    }
}
