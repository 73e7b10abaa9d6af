/**
 * Internal: the track stage. Links detected faces frame to frame into tracks that never cross a shot cut, and owns
 * {@code track/tracks.json}. Not API.
 */
package dev.facereel.core.internal.stage.track;
