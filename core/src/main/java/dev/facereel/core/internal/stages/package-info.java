/**
 * Internal: the pure algorithms of the face stages (shot cuts, tracking, still selection, clustering) and
 * the values they exchange. Not API; host applications must not use these types, which change without notice.
 * They know nothing of files: the pipeline feeds them frames and records and persists what they return.
 */
package dev.facereel.core.internal.stages;
