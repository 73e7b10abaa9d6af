package dev.facereel.jobstore.postgres.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConnectionStringTest {
    @Test
    void parse_fullString_mapsToJdbc_andKeepsUserAndPasswordApart() {
        ConnectionString cs = ConnectionString.parse("postgres://reel:s%40cret@db.example:6543/season?sslmode=require");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/season?sslmode=require");
        assertThat(cs.user()).isEqualTo("reel");
        assertThat(cs.password()).isEqualTo("s@cret");
        assertThat(cs.schema()).isEqualTo("facereel");
        assertThat(cs.redacted()).isEqualTo("postgres://reel@db.example:6543/season").doesNotContain("cret");
    }

    @Test
    void parse_minimalString_defaultsPortAndSchema_andTakesSchemaParameter() {
        ConnectionString cs = ConnectionString.parse("postgresql://localhost/reels?schema=season_5");
        assertThat(cs.port()).isEqualTo(5432);
        assertThat(cs.user()).isNull();
        assertThat(cs.password()).isNull();
        assertThat(cs.schema()).isEqualTo("season_5");
        assertThat(cs.jdbcUrl()).isEqualTo("jdbc:postgresql://localhost:5432/reels");
    }

    @Test
    void parse_badStrings_sayWhatWasExpected_andHideThePassword() {
        assertThatThrownBy(() -> ConnectionString.parse("mysql://u:topsecret@h/db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("postgres://")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("postgres://u:topsecret@h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no database")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> ConnectionString.parse("postgres:///db"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("names no host");
        assertThatThrownBy(() -> ConnectionString.parse("postgres://h/db?schema=Season5"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a plain lower-case SQL name");
    }
}
