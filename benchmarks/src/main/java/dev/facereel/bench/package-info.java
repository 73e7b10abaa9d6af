/**
 * Benchmarks of the episode pipeline, run by {@code ./bench} at the repository root; entry point
 * {@link dev.facereel.bench.Bench}. Not shipped.
 */
package dev.facereel.bench;
