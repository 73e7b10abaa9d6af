/**
 * Internal: the name stage. It replays a show's edits of the episode on top of its clustering, names identities
 * after the cast (open-set) and owns {@code name/} ({@link dev.facereel.core.internal.stage.name.NameCodec}).
 */
package dev.facereel.core.internal.stage.name;
