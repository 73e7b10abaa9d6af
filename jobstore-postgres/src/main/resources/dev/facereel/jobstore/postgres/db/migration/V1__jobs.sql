-- FaceReel job state: envelopes, active jobs per stage, episode leases, and the queue of episodes.
-- Applied once per schema by dev.facereel.jobstore.postgres.internal.Migrations, under an advisory lock.

-- One row per job. envelope is the job's schema-1 JSON (what meta.json holds with the file store); epoch
-- repeats its lease epoch so that every worker write can be fenced with UPDATE ... WHERE epoch = ?.
-- cancel_requested lives apart from the envelope so that a worker's write can never lose it.
CREATE TABLE jobs (
    job_id           text        PRIMARY KEY,
    episode_key      text        NOT NULL,
    epoch            bigint      NOT NULL,
    version          bigint      NOT NULL DEFAULT 1,
    envelope         jsonb       NOT NULL,
    cancel_requested boolean     NOT NULL DEFAULT false,
    created_at       timestamptz NOT NULL,
    written_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_by_episode ON jobs (episode_key, created_at);
CREATE INDEX jobs_by_age ON jobs (created_at, job_id);

-- The active job of each stage of an episode.
CREATE TABLE runtime (
    episode_key text        NOT NULL,
    stage       text        NOT NULL,
    job_id      text        NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (episode_key, stage)
);

-- One row per episode ever claimed. job_id is null while nobody holds the lease; epoch only grows, so a
-- fenced write of an earlier holder can never match again. heartbeat_at is the database's clock, set at the
-- claim and at every fenced envelope write; claim identifies one acquire call, so a retried claim whose first
-- attempt did commit recognises its own row.
CREATE TABLE leases (
    episode_key   text        PRIMARY KEY,
    job_id        text,
    pid           bigint,
    host          text,
    process_start timestamptz,
    epoch         bigint      NOT NULL,
    started_at    timestamptz,
    heartbeat_at  timestamptz,
    claim         uuid
);

-- Episodes waiting for, or being processed by, a worker. request_id makes a retried enqueue harmless; at most
-- one entry per episode is queued or running. attempt grows with every claim, and every later change by a
-- worker is fenced with it.
CREATE TABLE queue (
    id          bigserial   PRIMARY KEY,
    request_id  uuid        NOT NULL UNIQUE,
    episode_id  text        NOT NULL,
    episode_key text        NOT NULL,
    video       text        NOT NULL,
    target      text        NOT NULL,
    state       text        NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed', 'canceled')),
    attempt     integer     NOT NULL DEFAULT 0,
    claim       uuid,
    worker      text,
    job_id      text,
    error       text,
    enqueued_at timestamptz NOT NULL DEFAULT now(),
    claimed_at  timestamptz,
    finished_at timestamptz
);
CREATE INDEX queue_waiting ON queue (id) WHERE state = 'queued';
CREATE UNIQUE INDEX queue_one_pending_per_episode ON queue (episode_key) WHERE state IN ('queued', 'running');
