package dev.facereel.core.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.LeaseLostException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The fence of an atomic write runs after the new content is written and before it replaces the old. */
class AtomicFilesTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path file = fs.getPath("/data/state.json");

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    @Test
    void write_fenceThrows_keepsTheOldContent_andLeavesNoTemporaryFile() throws Exception {
        AtomicFiles.write(file, "old".getBytes());

        assertThatThrownBy(() -> AtomicFiles.write(file, "new".getBytes(), () -> {
            throw new LeaseLostException("taken over");
        })).isInstanceOf(LeaseLostException.class);

        assertThat(Files.readString(file)).isEqualTo("old");
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.filter(AtomicFiles::isTemporary).toList()).isEmpty();
        }
    }

    @Test
    void write_fenceThrows_doesNotCreateTheMissingFolder() {
        Path removed = fs.getPath("/data/work/job-e1/checkpoint.json");

        assertThatThrownBy(() -> AtomicFiles.write(removed, "late".getBytes(), () -> {
            throw new LeaseLostException("taken over");
        })).isInstanceOf(LeaseLostException.class);
        assertThat(fs.getPath("/data")).doesNotExist();
    }

    @Test
    void write_fenceSeesTheCompleteTemporaryFile_beforeTheRename() throws Exception {
        AtomicFiles.write(file, "old".getBytes());

        AtomicFiles.write(file, "new".getBytes(), () -> {
            try (Stream<Path> files = Files.list(file.getParent())) {
                Path temp = files.filter(AtomicFiles::isTemporary).findFirst().orElseThrow();
                assertThat(Files.readString(temp)).isEqualTo("new");
                assertThat(Files.readString(file)).isEqualTo("old");
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(Files.readString(file)).isEqualTo("new");
    }
}
