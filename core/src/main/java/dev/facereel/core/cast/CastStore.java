package dev.facereel.core.cast;

import java.util.List;
import java.util.Optional;

/**
 * Where the casts of a data root's shows are kept, shared by every process and host that uses that storage: files
 * under the data root ({@code JobStorage.onFiles}) or PostgreSQL. Changes are optimistic: a writer reads a version,
 * and {@link #replace} stores its successor only if nobody stored another in between, so concurrent editors never
 * overwrite each other's acknowledged edits; {@link dev.facereel.core.ShowCast} retries on a conflict.
 * Implementations are thread-safe and every contract test in {@code CastStoreContractTest} holds for them.
 */
public interface CastStore {
    /**
     * The show's stored cast, or {@link Cast#empty} when none was stored.
     *
     * @throws dev.facereel.core.CorruptFileException (or another {@code JobStoreException}) naming what is damaged
     */
    Cast read(String show);

    /**
     * Stores {@code next} as version {@code next.version() + 1} of its show, atomically, if the stored version is
     * still {@code next.version()}.
     *
     * @return the cast as stored, with its new version; empty when another writer stored a version first
     */
    Optional<Cast> replace(Cast next);

    /** The shows with a stored cast, sorted. */
    List<String> shows();
}
