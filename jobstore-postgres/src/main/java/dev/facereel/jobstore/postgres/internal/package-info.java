/**
 * Internal: the PostgreSQL implementations of the job store, runtime tracker and lock manager, the connection
 * pool with its retry policy, the schema migrations and the queue's SQL. Not API; reach it through
 * {@link dev.facereel.jobstore.postgres.PostgresJobStorage}.
 */
package dev.facereel.jobstore.postgres.internal;
