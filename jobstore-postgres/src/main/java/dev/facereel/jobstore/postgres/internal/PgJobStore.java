package dev.facereel.jobstore.postgres.internal;

import dev.facereel.core.JobId;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.LeaseLostException;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStore;
import dev.facereel.spi.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * {@link JobStore} on the {@code jobs} table. An update reads the row, applies the change outside any transaction,
 * then writes it with {@code UPDATE … WHERE epoch = ? AND version = ?}: a write whose lease epoch is no longer the
 * row's changes nothing and throws {@link LeaseLostException}. The same transaction moves the lease's
 * {@code heartbeat_at} to the database's {@code now()}, so every fenced write is also a heartbeat on one clock for
 * all hosts. {@code cancel_requested} is a column of its own, which no worker write touches.
 */
public final class PgJobStore implements JobStore {
    private final Database db;

    public PgJobStore(Database db) {
        this.db = db;
    }

    /** One read of a row. */
    private record Row(JobEnvelope envelope, long epoch, long version) {
    }

    @Override
    public void create(JobEnvelope envelope) {
        byte[] json = envelope.toJson();
        boolean[] tried = {false};
        int inserted = db.transaction("create job " + envelope.id(), c -> {
            boolean retry = tried[0];
            tried[0] = true;
            try (PreparedStatement st = c.prepareStatement("INSERT INTO jobs (job_id, episode_key, epoch, envelope, "
                    + "created_at) VALUES (?, ?, ?, ?::jsonb, ?) ON CONFLICT (job_id) DO NOTHING")) {
                st.setString(1, envelope.id().value());
                st.setString(2, envelope.episode().value());
                st.setLong(3, envelope.leaseEpoch());
                st.setString(4, new String(json, StandardCharsets.UTF_8));
                st.setObject(5, envelope.createdAt().atOffset(ZoneOffset.UTC));
                int n = st.executeUpdate();
                // a retry after a lost connection may find the row its own first attempt committed
                return n == 0 && retry && read(c, envelope.id()).filter(r -> r.envelope().equals(envelope)).isPresent()
                        ? 1 : n;
            }
        });
        if (inserted == 0) {
            throw new JobStoreException("job " + envelope.id() + " already exists in " + db.where());
        }
    }

    @Override
    public Optional<JobEnvelope> find(JobId id) {
        return db.transaction("read job " + id, c -> read(c, id)).map(Row::envelope);
    }

    @Override
    public JobEnvelope update(JobId id, long expectedEpoch, UnaryOperator<JobEnvelope> change) {
        while (true) {
            Row current = db.transaction("read job " + id, c -> read(c, id))
                    .orElseThrow(() -> new JobStoreException("no job " + id + " in " + db.where()));
            if (current.epoch() != expectedEpoch) {
                throw lost(id, current.epoch(), expectedEpoch);
            }
            JobEnvelope next = change.apply(current.envelope());
            if (!next.id().equals(id)) {
                throw new IllegalArgumentException("an update may not change the job id");
            }
            if (next.leaseEpoch() < current.epoch()) {
                throw new IllegalArgumentException("an update may not lower the lease epoch (" + current.epoch() + " -> "
                        + next.leaseEpoch() + ")");
            }
            String json = new String(next.toJson(), StandardCharsets.UTF_8);
            boolean written = db.transaction("update job " + id, c -> {
                try (PreparedStatement st = c.prepareStatement("UPDATE jobs SET envelope = ?::jsonb, epoch = ?, "
                        + "version = version + 1, written_at = now() WHERE job_id = ? AND epoch = ? AND version = ?")) {
                    st.setString(1, json);
                    st.setLong(2, next.leaseEpoch());
                    st.setString(3, id.value());
                    st.setLong(4, expectedEpoch);
                    st.setLong(5, current.version());
                    if (st.executeUpdate() == 0) {
                        return false;
                    }
                }
                try (PreparedStatement beat = c.prepareStatement("UPDATE leases SET heartbeat_at = now() "
                        + "WHERE episode_key = ? AND job_id = ? AND epoch = ?")) {
                    beat.setString(1, next.episode().value());
                    beat.setString(2, id.value());
                    beat.setLong(3, next.leaseEpoch());
                    beat.executeUpdate();
                }
                return true;
            });
            if (written) {
                return current.envelope().cancelRequested() && !next.cancelRequested() ? next.withCancelRequested() : next;
            }
            // Nothing matched: the lease moved on (fenced), or another write of this epoch came first. A retry
            // after a lost connection may also find that its own first attempt did commit.
            Row now = db.transaction("read job " + id, c -> read(c, id))
                    .orElseThrow(() -> new JobStoreException("job " + id + " vanished from " + db.where()));
            if (sameIgnoringCancel(now.envelope(), next)) {
                return now.envelope();
            }
            if (now.epoch() != expectedEpoch) {
                throw lost(id, now.epoch(), expectedEpoch);
            }
        }
    }

    @Override
    public void requestCancel(JobId id) {
        int n = db.transaction("request cancellation of job " + id, c -> {
            try (PreparedStatement st = c.prepareStatement("UPDATE jobs SET cancel_requested = true WHERE job_id = ?")) {
                st.setString(1, id.value());
                return st.executeUpdate();
            }
        });
        if (n == 0) {
            throw new InvalidInputException("no job " + id + " in " + db.where());
        }
    }

    @Override
    public List<JobId> jobIds() {
        return db.transaction("list jobs", c -> {
            List<JobId> ids = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT job_id FROM jobs ORDER BY created_at, job_id");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(JobId.of(rs.getString(1)));
                }
            }
            return ids;
        });
    }

    private Optional<Row> read(Connection c, JobId id) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(
                "SELECT envelope::text, epoch, version, cancel_requested FROM jobs WHERE job_id = ?")) {
            st.setString(1, id.value());
            try (ResultSet rs = st.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String source = "row " + id + " of table " + db.schema() + ".jobs in " + db.where();
                JobEnvelope env = JobEnvelope.fromJson(rs.getString(1).getBytes(StandardCharsets.UTF_8), source);
                long epoch = rs.getLong(2);
                if (!env.id().equals(id) || env.leaseEpoch() != epoch) {
                    throw new JobStoreException("corrupt " + source + ": it holds job " + env.id() + " at lease epoch "
                            + env.leaseEpoch() + "; expected job " + id + " at epoch " + epoch);
                }
                boolean cancel = rs.getBoolean(4);
                return Optional.of(new Row(cancel && !env.cancelRequested() ? env.withCancelRequested() : env, epoch,
                        rs.getLong(3)));
            }
        }
    }

    private static boolean sameIgnoringCancel(JobEnvelope stored, JobEnvelope written) {
        return stored.equals(written) || stored.equals(written.withCancelRequested());
    }

    private static LeaseLostException lost(JobId id, long stored, long held) {
        return new LeaseLostException("job " + id + " was taken over: its lease epoch is " + stored
                + ", this worker holds epoch " + held);
    }
}
