/**
 * Internal: the detect stage. Decodes the sampled frames, finds shot cuts, detects and embeds faces, and owns
 * {@code detect/faces.jsonl}, {@code detect/embeddings.bin} and the checkpointed work folders under
 * {@code detect/work/}. Not API.
 */
package dev.facereel.core.internal.stage.detect;
