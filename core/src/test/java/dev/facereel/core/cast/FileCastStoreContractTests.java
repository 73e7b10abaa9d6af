package dev.facereel.core.cast;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.CorruptFileException;
import dev.facereel.core.JobStoreException;
import dev.facereel.core.jobs.JobStorage;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The cast store contract against the file store: on a new Jimfs per test and on the real disk. */
class FileCastStoreContractTests {
    abstract static class OnFiles extends CastStoreContractTest {
        abstract Path root();

        @Override
        protected CastStore createStore() {
            return JobStorage.onFiles(root()).casts();
        }

        @Override
        protected void corrupt(String show, String text) throws Exception {
            Files.write(file(show), text.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        protected String stored(String show) throws Exception {
            return Files.readString(file(show), StandardCharsets.UTF_8);
        }

        @Override
        protected String corruptLocation(String show) {
            return file(show).toString();
        }

        @Override
        protected Class<? extends JobStoreException> corruptType() {
            return CorruptFileException.class;
        }

        private Path file(String show) {
            return root().resolve("shows").resolve(show).resolve("cast.json");
        }
    }

    @Nested
    class CastStoreOnJimfs extends OnFiles {
        private final FileSystem jimfs = Jimfs.newFileSystem(Configuration.unix());

        @Override
        Path root() {
            return jimfs.getPath("/data");
        }

        @AfterEach
        void close() throws Exception {
            jimfs.close();
        }
    }

    @Nested
    class CastStoreOnDisk extends OnFiles {
        @TempDir
        Path disk;

        @Override
        Path root() {
            return disk;
        }
    }
}
