/**
 * Internal: the stills stage. Picks the best face of each track and owns its JPEG, {@code stills/<track id>.jpg}.
 * Not API.
 */
package dev.facereel.core.internal.stage.stills;
