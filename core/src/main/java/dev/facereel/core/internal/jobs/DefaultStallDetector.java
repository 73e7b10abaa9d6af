package dev.facereel.core.internal.jobs;

import dev.facereel.core.JobId;
import dev.facereel.core.Ticker;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobHealth;
import dev.facereel.core.jobs.Liveness;
import dev.facereel.core.jobs.LockOwner;
import dev.facereel.core.jobs.ProcessProbe;
import dev.facereel.core.jobs.StageState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The standard {@link dev.facereel.core.jobs.StallDetector}, built by {@link JobCoordinator} from its timings: dead
 * when the owner process is gone (same host) or the last heartbeat is older than {@code stallAfter}; stalled when
 * heartbeats arrive but progress has not moved for {@code noProgressAfter}. The heartbeat age is the larger of the
 * monotonic time since this detector first saw the current heartbeat sequence and either the lease holder's silence
 * as the lock manager measures it on its own clock (a database's) or, when it measures none, the wall-clock age of
 * the envelope's {@code updated_at}. A wall clock stepping backwards therefore cannot hide a dead worker, and with a
 * database neither can clocks that differ between hosts.
 */
final class DefaultStallDetector implements dev.facereel.core.jobs.StallDetector {
    private final Clock clock;
    private final Ticker ticker;
    private final ProcessProbe probe;
    private final Duration stallAfter;
    private final Duration noProgressAfter;
    private final Map<JobId, long[]> firstSeen = new ConcurrentHashMap<>();

    DefaultStallDetector(Clock clock, Ticker ticker, ProcessProbe probe, Duration stallAfter,
                         Duration noProgressAfter) {
        this.clock = clock;
        this.ticker = ticker;
        this.probe = probe;
        this.stallAfter = JobTimings.requirePositive("stallAfter", stallAfter);
        this.noProgressAfter = JobTimings.requirePositive("noProgressAfter", noProgressAfter);
    }

    @Override
    public JobHealth assess(JobEnvelope job, Optional<LockOwner> owner, Optional<Duration> silence) {
        Instant now = clock.instant();
        Duration age = heartbeatAge(job, now, silence);
        if (job.status().isTerminal()) {
            firstSeen.remove(job.id());
            return new JobHealth(Liveness.FINISHED, age, "job " + job.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (owner.isEmpty()) {
            return new JobHealth(Liveness.DEAD, age, "no process holds the episode's lease");
        }
        LockOwner o = owner.get();
        if (!o.jobId().equals(job.id())) {
            return new JobHealth(Liveness.DEAD, age, "the episode's lease now belongs to job " + o.jobId());
        }
        if (processGone(o)) {
            return new JobHealth(Liveness.DEAD, age, "owner process is gone (" + o.describe() + ")");
        }
        if (age.compareTo(stallAfter) > 0) {
            return new JobHealth(Liveness.DEAD, age, "no heartbeat for " + age.toSeconds() + " s");
        }
        Instant moved = job.runningStage().flatMap(job::stage).map(DefaultStallDetector::progressMovedAt)
                .orElse(job.createdAt());
        Duration still = nonNegative(Duration.between(moved, now));
        if (still.compareTo(noProgressAfter) > 0) {
            return new JobHealth(Liveness.STALLED, age, "heartbeats arrive but no progress for " + still.toSeconds() + " s");
        }
        return new JobHealth(Liveness.ALIVE, age, "last heartbeat " + age.toSeconds() + " s ago");
    }

    @Override
    public boolean isDead(LockOwner owner, Optional<JobEnvelope> job, Optional<Duration> silence) {
        Optional<JobEnvelope> own = job.filter(j -> j.id().equals(owner.jobId()));
        if (own.isPresent() && !own.get().status().isTerminal()) {
            return assess(own.get(), Optional.of(owner), silence).liveness() == Liveness.DEAD;
        }
        Duration quiet = silence.orElseGet(() -> nonNegative(Duration.between(
                own.map(JobEnvelope::updatedAt).orElse(owner.startedAt()), clock.instant())));
        return processGone(owner) || quiet.compareTo(stallAfter) > 0;
    }

    private boolean processGone(LockOwner o) {
        return o.host().equals(probe.host()) && !probe.isAlive(o.pid(), o.processStart());
    }

    private Duration heartbeatAge(JobEnvelope job, Instant now, Optional<Duration> silence) {
        Duration wall = silence.map(DefaultStallDetector::nonNegative)
                .orElseGet(() -> nonNegative(Duration.between(job.updatedAt(), now)));
        long seq = job.heartbeatSeq();
        long nowNanos = ticker.nanos();
        long[] seen = firstSeen.compute(job.id(), (id, prev) -> prev != null && prev[0] == seq
                && prev[2] == job.updatedAt().toEpochMilli() ? prev : new long[] {seq, nowNanos, job.updatedAt().toEpochMilli()});
        Duration mono = Duration.ofNanos(Math.max(0, nowNanos - seen[1]));
        return wall.compareTo(mono) >= 0 ? wall : mono;
    }

    private static Instant progressMovedAt(StageState s) {
        return s.progressAt() != null ? s.progressAt() : s.startedAt();
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
