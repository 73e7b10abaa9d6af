/**
 * The pipeline API. The entry point is {@link dev.facereel.core.FacePipeline#builder()}: it turns an
 * {@link dev.facereel.core.Episode} into identities, each {@link dev.facereel.core.Stage} a durable job that
 * {@link dev.facereel.core.JobHandle} follows. {@link dev.facereel.core.Providers} finds detector and embedder
 * providers by name; job state is in {@link dev.facereel.core.jobs}.
 */
package dev.facereel.core;
