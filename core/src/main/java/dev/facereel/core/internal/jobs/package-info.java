/**
 * Internal: the file-backed durability layer. Not API; reach it through the factories on
 * {@link dev.facereel.core.jobs.JobStore}, {@link dev.facereel.core.jobs.LockManager} and friends.
 */
package dev.facereel.core.internal.jobs;
