/**
 * Internal: the durability layer, on files. Not API; host applications get the file-backed job state from
 * {@link dev.facereel.core.jobs.JobStorage#onFiles}, and {@code FacePipeline} wires the rest.
 */
package dev.facereel.core.internal.jobs;
