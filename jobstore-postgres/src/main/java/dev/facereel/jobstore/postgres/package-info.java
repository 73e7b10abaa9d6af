/**
 * FaceReel's job state in PostgreSQL, for workers on several hosts. The entry point is
 * {@link dev.facereel.jobstore.postgres.PostgresJobStorage}: pass it to {@code FacePipeline.builder().jobStorage(…)}.
 * {@link dev.facereel.jobstore.postgres.EpisodeQueue} holds episodes waiting for a worker, and
 * {@link dev.facereel.jobstore.postgres.QueueWorker} runs them through a pipeline.
 */
package dev.facereel.jobstore.postgres;
