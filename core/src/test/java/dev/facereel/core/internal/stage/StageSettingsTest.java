package dev.facereel.core.internal.stage;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A stage is up to date only with its settings and with its outputs as it wrote them. */
class StageSettingsTest {
    private final FileSystem fs = Jimfs.newFileSystem(Configuration.unix());
    private final Path dir = fs.getPath("/episodes/e1/track");
    private final StageSettings settings = new StageSettings(Map.of("tracker", "defaults"));

    @AfterEach
    void close() throws Exception {
        fs.close();
    }

    private void complete() throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("tracks.json"), "{\"schema\":1,\"tracks\":[]}");
        settings.writeTo(dir, List.of("tracks.json"), () -> { });
    }

    @Test
    void isUpToDate_sameSettingsAndUntouchedOutputs_isTrue_otherSettings_isFalse() throws Exception {
        complete();

        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isTrue();
        assertThat(StageSettings.isUpToDate(dir, new StageSettings(Map.of("tracker", "other")).fingerprint())).isFalse();
    }

    @Test
    void isUpToDate_outputChangedTruncatedOrMissing_isFalse() throws Exception {
        complete();
        Path tracks = dir.resolve("tracks.json");

        Files.writeString(tracks, "{\"schema\":1,\"tracks\":[{}]}");
        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isFalse();
        Files.writeString(tracks, "{\"schema\":1,");
        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isFalse();
        Files.delete(tracks);
        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isFalse();
    }

    @Test
    void isUpToDate_damagedOrMissingSettingsFile_isFalse() throws Exception {
        complete();

        Files.writeString(dir.resolve(StageSettings.FILE), "{\"schema\":1,\"fingerprint\":");
        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isFalse();
        Files.delete(dir.resolve(StageSettings.FILE));
        assertThat(StageSettings.isUpToDate(dir, settings.fingerprint())).isFalse();
    }
}
