package dev.facereel.examples.cli;

import dev.facereel.core.FacePipeline;
import dev.facereel.examples.common.UsageException;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import picocli.CommandLine.Option;

/** The {@code --store} option: job state in PostgreSQL instead of files under the data root. */
final class StoreOptions {
    @Option(names = "--store", paramLabel = "postgres://…",
            description = "Keep job state in PostgreSQL, shared by workers on any host: "
                    + "postgres://user[:password]@host[:port]/database[?schema=name] (default: files under --data). "
                    + "Without a password in the URL, PGPASSWORD is used.")
    String url;

    boolean isSet() {
        return url != null;
    }

    /** Opens the store; a malformed connection string is a usage error. */
    PostgresJobStorage connect() {
        try {
            PostgresJobStorage.Builder b = PostgresJobStorage.builder(url);
            String password = System.getenv("PGPASSWORD");
            if (password != null && !password.isEmpty()) {
                b.password(password);
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new UsageException("--store: " + e.getMessage(), e);
        }
    }

    /** Opens the store, which {@code command} cannot do without. */
    PostgresJobStorage require(String command) {
        if (url == null) {
            throw new UsageException("facereel " + command + " needs --store postgres://user[:password]@host"
                    + "[:port]/database: the queue lives in PostgreSQL", null);
        }
        return connect();
    }

    /** The builder with the store as its job storage, when one was given. */
    FacePipeline.Builder apply(FacePipeline.Builder builder) {
        return url == null ? builder : builder.jobStorage(connect());
    }
}
