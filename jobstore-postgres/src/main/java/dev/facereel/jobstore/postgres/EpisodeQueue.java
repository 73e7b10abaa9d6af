package dev.facereel.jobstore.postgres;

import dev.facereel.core.Episode;
import dev.facereel.core.EpisodeKey;
import dev.facereel.core.Stage;
import dev.facereel.jobstore.postgres.internal.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A queue of episodes in PostgreSQL that workers on any host pull from. {@link #enqueue} adds an episode (at most one
 * pending entry per episode); {@link #claim} hands the oldest waiting entry to exactly one worker, with
 * {@code SELECT … FOR UPDATE SKIP LOCKED}, so workers never wait on each other. Every later change by a worker is
 * fenced by the attempt it claimed: an entry taken over by another worker (see {@link #takeOver}) ignores the first
 * worker's changes. {@link QueueWorker} runs the entries through a {@code FacePipeline}. Thread-safe.
 */
public final class EpisodeQueue {
    private static final String COLUMNS = "id, episode_id, episode_key, video, target, state, attempt, worker, job_id, "
            + "error, enqueued_at, claimed_at, finished_at, (extract(epoch FROM now() - claimed_at) * 1000000)::bigint";
    private final Database db;

    EpisodeQueue(Database db) {
        this.db = db;
    }

    /**
     * Queues the episode to be brought up to {@code target}. The video path is stored as given (made absolute):
     * every worker must see the video at that path. If the episode already has a pending entry, that entry is
     * returned and nothing is added.
     */
    public QueueEntry enqueue(Episode episode, Stage target) {
        Objects.requireNonNull(episode, "episode");
        Objects.requireNonNull(target, "target");
        UUID request = UUID.randomUUID();
        return db.transaction("queue episode " + episode.id(), c -> {
            try (PreparedStatement st = c.prepareStatement("INSERT INTO queue (request_id, episode_id, episode_key, "
                    + "video, target, state) VALUES (?, ?, ?, ?, ?, 'queued') ON CONFLICT DO NOTHING")) {
                st.setObject(1, request);
                st.setString(2, episode.id());
                st.setString(3, episode.key().value());
                st.setString(4, episode.video().toAbsolutePath().toString());
                st.setString(5, target.id());
                st.executeUpdate();
            }
            // Nothing pending means the entry the insert collided with ended in between: a serialization
            // failure, which the transaction retries.
            return pending(c, episode.key()).orElseThrow(() -> new SQLException(
                    "episode " + episode.id() + " was neither queued nor pending", "40001"));
        });
    }

    /** The episode's pending (queued or running) entry, if any. */
    public Optional<QueueEntry> pending(String episodeId) {
        EpisodeKey key = EpisodeKey.of(episodeId);
        return db.transaction("read the queue entry of episode " + episodeId, c -> pending(c, key));
    }

    /** The episode's newest entry, pending or final. */
    public Optional<QueueEntry> latest(String episodeId) {
        EpisodeKey key = EpisodeKey.of(episodeId);
        return db.transaction("read the queue entry of episode " + episodeId, c -> one(c,
                "WHERE episode_key = ? ORDER BY id DESC LIMIT 1", key.value()));
    }

    /** Every pending entry, oldest first. */
    public List<QueueEntry> pendingEntries() {
        return db.transaction("read the pending queue entries", c -> list(c,
                "WHERE state IN ('queued', 'running') ORDER BY id"));
    }

    /** Every entry, oldest first. */
    public List<QueueEntry> entries() {
        return db.transaction("read the queue", c -> list(c, "ORDER BY id"));
    }

    /**
     * Hands the oldest waiting entry to {@code worker}: it becomes running with the next attempt. Entries other
     * workers are claiming at the same moment are skipped, not waited for.
     */
    public Optional<QueueEntry> claim(String worker) {
        UUID claim = UUID.randomUUID();
        return db.transaction("claim a queue entry", c -> {
            Optional<QueueEntry> mine = one(c, "WHERE claim = ?", claim);
            if (mine.isPresent()) {
                return mine; // a retry whose first attempt did commit
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE queue SET state = 'running', attempt = attempt + 1, "
                    + "claim = ?, worker = ?, claimed_at = now() WHERE id = (SELECT id FROM queue WHERE state = 'queued' "
                    + "ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)) {
                st.setObject(1, claim);
                st.setString(2, worker);
                return single(st);
            }
        });
    }

    /**
     * Takes a running entry over from a worker that died: the attempt moves on, so that worker's later changes are
     * ignored. Empty when the entry changed since it was read (someone else took it, or it ended).
     */
    public Optional<QueueEntry> takeOver(QueueEntry entry, String worker) {
        UUID claim = UUID.randomUUID();
        return db.transaction("take over queue entry " + entry.id(), c -> {
            Optional<QueueEntry> mine = one(c, "WHERE claim = ?", claim);
            if (mine.isPresent()) {
                return mine;
            }
            try (PreparedStatement st = c.prepareStatement("UPDATE queue SET attempt = attempt + 1, claim = ?, worker = ?, "
                    + "claimed_at = now() WHERE id = ? AND attempt = ? AND state = 'running' RETURNING " + COLUMNS)) {
                st.setObject(1, claim);
                st.setString(2, worker);
                st.setLong(3, entry.id());
                st.setInt(4, entry.attempt());
                return single(st);
            }
        });
    }

    /** Records the job that runs the entry. False when the entry was taken over since it was claimed. */
    public boolean attachJob(QueueEntry entry, String jobId) {
        return fenced(entry, "attach job " + jobId + " to", "job_id = ?", jobId);
    }

    /**
     * Ends the entry as done, failed or canceled. False when the entry was taken over since it was claimed, or has
     * ended already.
     *
     * @throws IllegalArgumentException when {@code end} is not a final state
     */
    public boolean finish(QueueEntry entry, QueueEntry.State end, String error) {
        if (end.isPending()) {
            throw new IllegalArgumentException("a queue entry ends as done, failed or canceled, not " + end.id());
        }
        return fenced(entry, "end", "state = '" + end.id() + "', error = ?, finished_at = now()", error);
    }

    /** Puts a running entry back in the queue (its worker is shutting down). False when it was taken over. */
    public boolean requeue(QueueEntry entry) {
        return fenced(entry, "requeue", "state = 'queued', job_id = NULL, worker = NULL, claim = NULL, error = ?", null);
    }

    /** Cancels the episode's waiting entry, if it has one that no worker claimed yet. */
    public boolean cancelWaiting(String episodeId) {
        EpisodeKey key = EpisodeKey.of(episodeId);
        return db.transaction("cancel the waiting entry of episode " + episodeId, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE queue SET state = 'canceled', finished_at = now(), "
                    + "error = 'canceled before a worker claimed it' WHERE episode_key = ? AND state = 'queued'")) {
                st.setString(1, key.value());
                return st.executeUpdate() > 0;
            }
        });
    }

    private boolean fenced(QueueEntry entry, String what, String set, String value) {
        return db.transaction(what + " queue entry " + entry.id(), c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE queue SET " + set
                    + " WHERE id = ? AND attempt = ? AND state = 'running'")) {
                st.setString(1, value);
                st.setLong(2, entry.id());
                st.setInt(3, entry.attempt());
                return st.executeUpdate() == 1;
            }
        });
    }

    private static Optional<QueueEntry> pending(Connection c, EpisodeKey key) throws SQLException {
        return one(c, "WHERE episode_key = ? AND state IN ('queued', 'running')", key.value());
    }

    private static Optional<QueueEntry> one(Connection c, String where, Object arg) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM queue " + where)) {
            st.setObject(1, arg);
            return single(st);
        }
    }

    private static List<QueueEntry> list(Connection c, String where) throws SQLException {
        List<QueueEntry> out = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM queue " + where);
             ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                out.add(entry(rs));
            }
        }
        return out;
    }

    private static Optional<QueueEntry> single(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
        }
    }

    private static QueueEntry entry(ResultSet rs) throws SQLException {
        long claimMicros = rs.getLong(14);
        boolean claimed = !rs.wasNull();
        return new QueueEntry(rs.getLong(1), rs.getString(2), new EpisodeKey(rs.getString(3)), rs.getString(4),
                Stage.fromId(rs.getString(5)), QueueEntry.State.fromId(rs.getString(6)), rs.getInt(7), rs.getString(8),
                rs.getString(9), rs.getString(10), instant(rs, 11), instant(rs, 12), instant(rs, 13),
                claimed ? Duration.ofNanos(Math.max(0, claimMicros) * 1000) : null);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
