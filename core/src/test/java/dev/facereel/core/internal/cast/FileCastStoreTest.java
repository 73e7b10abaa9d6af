package dev.facereel.core.internal.cast;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.cast.Cast;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the file store does beyond the contract: the files it leaves. */
class FileCastStoreTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path root = fs.getPath("/data");

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    @Test
    void replace_afterAWriterDiedInsideItsWrite_deletesItsTemporaryFile_andKeepsOtherFiles() throws Exception {
        FileCastStore store = new FileCastStore(root);
        store.replace(new Cast("s", 0, List.of(), List.of())).orElseThrow();
        Path dir = root.resolve("shows").resolve("s");
        Files.writeString(dir.resolve(".cast.json.5f3a9c.tmp"), "{\"schema\":1,\"sh");
        Files.createDirectories(dir.resolve("photos"));
        Files.writeString(dir.resolve("photos").resolve(".ab12.png.77.tmp"), "a photo being copied");

        store.replace(new Cast("s", 1, List.of(), List.of())).orElseThrow();

        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()))
                    .containsExactlyInAnyOrder(".lock", "cast.json", "photos/.ab12.png.77.tmp");
        }
        assertThat(store.read("s").version()).isEqualTo(2);
    }
}
