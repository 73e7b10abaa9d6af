-- The casts of shows: one row per show holding its cast document (the JSON that cast.json holds with the file
-- store) and its version. A writer stores version n+1 only WHERE version = n, so concurrent editors never overwrite
-- each other: the loser reads again and retries.
CREATE TABLE casts (
    show       text        PRIMARY KEY,
    version    bigint      NOT NULL,
    document   text        NOT NULL,
    written_at timestamptz NOT NULL DEFAULT now()
);
