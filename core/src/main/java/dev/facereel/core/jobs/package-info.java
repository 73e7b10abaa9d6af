/**
 * The durability layer's interfaces and values: {@link dev.facereel.core.jobs.JobStore},
 * {@link dev.facereel.core.jobs.RuntimeTracker}, {@link dev.facereel.core.jobs.LockManager} and
 * {@link dev.facereel.core.jobs.StallDetector}. {@link dev.facereel.core.jobs.JobStorage} bundles the first three and
 * is the entry point: {@link dev.facereel.core.jobs.JobStorage#onFiles} is the one factory of the file-backed
 * implementations, which work on any NIO file system; hand another storage to
 * {@code FacePipeline.builder().jobStorage(…)} to keep job state elsewhere (for example in PostgreSQL, with
 * {@code facereel-jobstore-postgres}). Most host applications never touch the rest directly; {@code FacePipeline}
 * wires them. The abstract contract tests every implementation must pass ({@code JobStoreContractTest},
 * {@code LockManagerContractTest}, {@code RuntimeTrackerContractTest}) ship in facereel-core's test-jar.
 */
package dev.facereel.core.jobs;
