package dev.facereel.core.jobs;

import dev.facereel.core.EpisodeKey;
import java.util.Objects;

/**
 * A held claim on an episode, returned by {@link LockManager#acquire}. {@code previous} is the owner it was
 * taken over from, or null for a fresh claim. Every write the holder makes is fenced by {@code owner().epoch()}.
 */
public record Lease(EpisodeKey episode, LockOwner owner, LockOwner previous) {
    public Lease {
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(owner, "owner");
    }

    public long epoch() {
        return owner.epoch();
    }

    public boolean isTakeover() {
        return previous != null;
    }
}
