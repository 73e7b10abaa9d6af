/**
 * Internal: the cast's document format ({@code CastCodec}), its file store and the edit operations. Not API; exported
 * only to the PostgreSQL store, which keeps the same document.
 */
package dev.facereel.core.internal.cast;
