/**
 * FaceReel's job state in PostgreSQL, for workers on several hosts. The entry point is
 * {@link dev.facereel.jobstore.postgres.PostgresJobStorage}. The PostgreSQL driver is required so that it is
 * resolved with this module: HikariCP opens connections by URL through {@link java.sql.DriverManager}.
 */
module dev.facereel.jobstore.postgres {
    requires transitive dev.facereel.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires org.slf4j;

    exports dev.facereel.jobstore.postgres;
}
