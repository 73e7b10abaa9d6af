package dev.facereel.jobstore.postgres.internal;

import dev.facereel.core.EpisodeKey;
import dev.facereel.core.JobAlreadyRunningException;
import dev.facereel.core.JobId;
import dev.facereel.core.jobs.Lease;
import dev.facereel.core.jobs.LockManager;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.ProcessProbe;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link LockManager} on the {@code leases} table: one row per episode, its holder (job, pid, host, process start),
 * an epoch that only grows, and {@code heartbeat_at} on the database's clock. A claim is an insert or a
 * compare-and-set update ({@code … WHERE epoch = ?}), so of two processes racing for a free or dead lease exactly
 * one wins. {@link #silence} is {@code now() - heartbeat_at}, measured by the server, so the hosts' own clocks never
 * decide who is dead.
 */
public final class PgLockManager implements LockManager {
    private static final Logger LOG = LoggerFactory.getLogger(PgLockManager.class);
    private static final String COLUMNS = "job_id, pid, host, process_start, epoch, started_at, claim";
    private final Database db;
    private final ProcessProbe probe;

    public PgLockManager(Database db, ProcessProbe probe) {
        this.db = db;
        this.probe = probe;
    }

    /** The row as read: its holder (absent when free), its epoch, and the claim that wrote it. */
    private record Row(Optional<LockOwner> owner, long epoch, UUID claim) {
    }

    @Override
    public Lease acquire(EpisodeKey episode, JobId job, Predicate<LockOwner> isDead) {
        UUID claim = UUID.randomUUID();
        LockOwner previous = null;
        for (int attempt = 0; attempt < 100; attempt++) {
            Optional<Row> row = db.transaction("read the lease of episode " + episode, c -> read(c, episode));
            if (row.isPresent() && claim.equals(row.get().claim())) {
                // a retried claim whose first attempt did commit
                return new Lease(episode, row.get().owner().orElseThrow(), previous);
            }
            Optional<LockOwner> holder = row.flatMap(Row::owner);
            if (holder.isPresent() && !isDead.test(holder.get())) {
                throw running(episode, holder.get());
            }
            previous = holder.orElse(null);
            long epoch = row.map(Row::epoch).orElse(0L);
            Optional<LockOwner> mine = db.transaction("claim episode " + episode, c -> row.isEmpty()
                    ? insert(c, episode, job, claim) : replace(c, episode, job, claim, epoch, holder));
            if (mine.isPresent()) {
                if (previous != null) {
                    LOG.info("Took over episode '{}' from {} (job {}), which was dead", episode, previous.describe(),
                            previous.jobId());
                }
                return new Lease(episode, mine.get(), previous);
            }
            // another process changed the row between the read and the claim: look again
        }
        throw new JobAlreadyRunningException(episode.value(), "(being claimed)", "processes keep claiming episode '"
                + episode + "' at the same time");
    }

    @Override
    public Optional<LockOwner> owner(EpisodeKey episode) {
        return db.transaction("read the lease of episode " + episode, c -> read(c, episode)).flatMap(Row::owner);
    }

    @Override
    public boolean holds(Lease lease) {
        return db.transaction("check the lease of episode " + lease.episode(), c -> {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT 1 FROM leases WHERE episode_key = ? AND job_id = ? AND epoch = ?")) {
                st.setString(1, lease.episode().value());
                st.setString(2, lease.owner().jobId().value());
                st.setLong(3, lease.epoch());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void release(Lease lease) {
        db.transaction("release the lease of episode " + lease.episode(), c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE leases SET job_id = NULL, pid = NULL, host = NULL, "
                    + "process_start = NULL, started_at = NULL, heartbeat_at = NULL, claim = NULL "
                    + "WHERE episode_key = ? AND job_id = ? AND epoch = ?")) {
                st.setString(1, lease.episode().value());
                st.setString(2, lease.owner().jobId().value());
                st.setLong(3, lease.epoch());
                return st.executeUpdate();
            }
        });
    }

    @Override
    public Optional<Duration> silence(EpisodeKey episode) {
        return db.transaction("read the heartbeat of episode " + episode, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT (extract(epoch FROM now() - heartbeat_at) * 1000000)"
                    + "::bigint FROM leases WHERE episode_key = ? AND job_id IS NOT NULL")) {
                st.setString(1, episode.value());
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? Optional.of(Duration.ofNanos(Math.max(0, rs.getLong(1)) * 1000)) : Optional.empty();
                }
            }
        });
    }

    private Optional<Row> read(Connection c, EpisodeKey episode) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("SELECT " + COLUMNS + " FROM leases WHERE episode_key = ?")) {
            st.setString(1, episode.value());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Row(owner(rs), rs.getLong("epoch"), (UUID) rs.getObject("claim")));
            }
        }
    }

    private Optional<LockOwner> insert(Connection c, EpisodeKey episode, JobId job, UUID claim) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("INSERT INTO leases (episode_key, job_id, pid, host, process_start, "
                + "epoch, started_at, heartbeat_at, claim) VALUES (?, ?, ?, ?, ?, 1, now(), now(), ?) "
                + "ON CONFLICT (episode_key) DO NOTHING RETURNING " + COLUMNS)) {
            st.setString(1, episode.value());
            bindHolder(st, 2, job, claim);
            return single(st);
        }
    }

    /** Claims a free row, or takes the row over from {@code holder}, if nobody changed it since it was read. */
    private Optional<LockOwner> replace(Connection c, EpisodeKey episode, JobId job, UUID claim, long epoch,
                                        Optional<LockOwner> holder) throws SQLException {
        try (PreparedStatement st = c.prepareStatement("UPDATE leases SET job_id = ?, pid = ?, host = ?, process_start = ?, "
                + "claim = ?, epoch = epoch + 1, started_at = now(), heartbeat_at = now() "
                + "WHERE episode_key = ? AND epoch = ? AND job_id IS NOT DISTINCT FROM ? RETURNING " + COLUMNS)) {
            bindHolder(st, 1, job, claim);
            st.setString(6, episode.value());
            st.setLong(7, epoch);
            st.setString(8, holder.map(o -> o.jobId().value()).orElse(null));
            return single(st);
        }
    }

    /** Binds job, pid, host, process start and claim from {@code first} on. */
    private void bindHolder(PreparedStatement st, int first, JobId job, UUID claim) throws SQLException {
        st.setString(first, job.value());
        st.setLong(first + 1, probe.pid());
        st.setString(first + 2, probe.host());
        st.setObject(first + 3, probe.startTime().map(t -> t.atOffset(ZoneOffset.UTC)).orElse(null),
                Types.TIMESTAMP_WITH_TIMEZONE);
        st.setObject(first + 4, claim);
    }

    private static Optional<LockOwner> single(PreparedStatement st) throws SQLException {
        try (ResultSet rs = st.executeQuery()) {
            return rs.next() ? owner(rs) : Optional.empty();
        }
    }

    private static Optional<LockOwner> owner(ResultSet rs) throws SQLException {
        String job = rs.getString("job_id");
        if (job == null) {
            return Optional.empty();
        }
        OffsetDateTime start = rs.getObject("process_start", OffsetDateTime.class);
        return Optional.of(new LockOwner(JobId.of(job), rs.getLong("pid"), rs.getString("host"),
                start == null ? null : start.toInstant(), rs.getLong("epoch"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant()));
    }

    private static JobAlreadyRunningException running(EpisodeKey episode, LockOwner owner) {
        return new JobAlreadyRunningException(episode.value(), owner.jobId().value(), owner.describe());
    }
}
