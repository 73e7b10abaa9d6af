package dev.facereel.jobstore.postgres.internal;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.internal.cast.CastCodec;
import dev.facereel.core.internal.cast.ShowNames;
import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Casts in the {@code casts} table, one versioned document per show, replaced by compare-and-set. Thread-safe. */
public final class PgCastStore implements CastStore {
    private final Database db;

    public PgCastStore(Database db) {
        this.db = db;
    }

    @Override
    public Cast read(String show) {
        ShowNames.requireShow(show);
        return db.transaction("read the cast of show " + show, c -> {
            try (PreparedStatement st = c.prepareStatement("SELECT document FROM casts WHERE show = ?")) {
                st.setString(1, show);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? CastCodec.decode(rs.getString(1).getBytes(StandardCharsets.UTF_8),
                            "the cast row of show '" + show + "' in " + db.where()) : Cast.empty(show);
                }
            }
        });
    }

    @Override
    public Optional<Cast> replace(Cast next) {
        String show = ShowNames.requireShow(next.show());
        Cast stored = new Cast(show, next.version() + 1, next.people(), next.edits());
        String document = new String(CastCodec.encode(stored), StandardCharsets.UTF_8);
        return db.transaction("store the cast of show " + show, c -> {
            int rows;
            if (next.version() == 0) {
                try (PreparedStatement st = c.prepareStatement("INSERT INTO casts (show, version, document) "
                        + "VALUES (?, ?, ?) ON CONFLICT (show) DO NOTHING")) {
                    st.setString(1, show);
                    st.setLong(2, stored.version());
                    st.setString(3, document);
                    rows = st.executeUpdate();
                }
            } else {
                try (PreparedStatement st = c.prepareStatement("UPDATE casts SET version = ?, document = ?, "
                        + "written_at = now() WHERE show = ? AND version = ?")) {
                    st.setLong(1, stored.version());
                    st.setString(2, document);
                    st.setString(3, show);
                    st.setLong(4, next.version());
                    rows = st.executeUpdate();
                }
            }
            return rows == 1 ? Optional.of(stored) : Optional.<Cast>empty();
        });
    }

    @Override
    public List<String> shows() {
        return db.transaction("list the shows", c -> {
            List<String> shows = new ArrayList<>();
            try (PreparedStatement st = c.prepareStatement("SELECT show FROM casts ORDER BY show");
                 ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    shows.add(rs.getString(1));
                }
            }
            return shows;
        });
    }
}
