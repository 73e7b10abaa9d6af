/** Internal: the episode pipeline's stages and how a job runs them. Not API. */
package dev.facereel.core.internal.pipeline;
