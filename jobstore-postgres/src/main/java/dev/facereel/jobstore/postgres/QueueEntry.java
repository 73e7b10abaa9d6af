package dev.facereel.jobstore.postgres;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.Stage;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of the {@link EpisodeQueue}: an episode to bring up to {@code target}, and where it stands. {@code attempt}
 * counts the claims so far; a worker's changes to the entry are fenced by the attempt it claimed. {@code jobId} is
 * the job running it, once one started. {@code claimAge} is the time since the last claim on the database's clock
 * when the entry was read (null before any claim). Times come from the database's clock.
 */
public record QueueEntry(long id, String episodeId, EpisodeKey episode, String video, Stage target, State state,
                         int attempt, String worker, String jobId, String error, Instant enqueuedAt, Instant claimedAt,
                         Instant finishedAt, Duration claimAge) {
    public QueueEntry {
        Objects.requireNonNull(episodeId, "episodeId");
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(enqueuedAt, "enqueuedAt");
    }

    /** Where an entry stands. {@code QUEUED} and {@code RUNNING} are pending; the others are final. */
    public enum State {
        QUEUED, RUNNING, DONE, FAILED, CANCELED;

        /** The name stored in the database and printed: {@code queued}, {@code running}, … */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isPending() {
            return this == QUEUED || this == RUNNING;
        }

        static State fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
