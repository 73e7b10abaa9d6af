package dev.facereel.core.internal.cast;

import dev.facereel.core.JobStoreException;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.CastStore;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * A change to a show's cast, applied optimistically: read the latest version, apply the change, store its
 * successor; when another writer stored one first, read again and apply the change to that. So every
 * acknowledged change is in the cast, whatever others did at the same time.
 */
public final class CastUpdates {
    static final int MAX_ATTEMPTS = 10_000;

    private CastUpdates() {
    }

    /**
     * The cast as stored after the change; the change may run more than once and must depend only on the cast it
     * is given. When it returns the same instance, nothing is stored.
     *
     * @throws JobStoreException when the store refuses or other writers win {@value #MAX_ATTEMPTS} times
     */
    public static Cast update(CastStore store, String show, UnaryOperator<Cast> change) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Cast current = store.read(show);
            Cast next = change.apply(current);
            if (next == current) {
                return current;
            }
            if (next.version() != current.version() || !next.show().equals(show)) {
                throw new IllegalStateException("a cast change must keep the show and version it was given");
            }
            Optional<Cast> stored = store.replace(next);
            if (stored.isPresent()) {
                return stored.get();
            }
            // Another writer got there first: back off a little, at random, so that a crowd spreads out.
            LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Math.min(attempt, 50) * 100_000L));
        }
        throw new JobStoreException("could not store a change to the cast of show '" + show + "': other writers "
                + "stored theirs first " + MAX_ATTEMPTS + " times");
    }
}
