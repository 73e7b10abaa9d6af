/**
 * The durability layer's interfaces and values: {@link dev.facereel.core.jobs.JobStore},
 * {@link dev.facereel.core.jobs.RuntimeTracker}, {@link dev.facereel.core.jobs.LockManager} and
 * {@link dev.facereel.core.jobs.StallDetector}, each with a file-backed implementation that works on any NIO
 * file system. Most host applications never touch these directly; {@code FacePipeline} wires them.
 */
package dev.facereel.core.jobs;
