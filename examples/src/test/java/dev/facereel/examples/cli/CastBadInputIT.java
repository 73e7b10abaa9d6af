package dev.facereel.examples.cli;

import static dev.facereel.examples.cli.CastRuns.withModels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad corrections and cast changes through the packaged command line, on one analysed episode with one named
 * person: each is refused with its exit code and one stderr line naming the culprit, and the cast file, the
 * reference photos and the providers the data root remembers stay exactly as they were.
 */
class CastBadInputIT {
    private static final Duration LIMIT = Duration.ofMinutes(2);
    private static Path work;
    private static Path data;

    @BeforeAll
    static void analyseAndNameOne() throws IOException {
        work = Files.createTempDirectory("facereel-cast-bad-input");
        data = work.resolve("data");
        CastRuns.analyze(work, data, "episode_synth.mp4", "Bad_E01", "synth").close();
        CastRuns.ok(work, CastRuns.EDIT, withModels("name", "--episode", "Bad_E01", "--data", data.toString(), "p01",
                "Somebody")).close();
        assertThat(castFile()).isRegularFile();
    }

    @AfterAll
    static void cleanUp() throws IOException {
        if (work != null) {
            try (Stream<Path> all = Files.walk(work)) {
                all.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void name_unknownIdentity_exits4() throws IOException {
        assertRefused(4, "unknown identity 'p99'", edit("name", "p99", "Someone Else"));
    }

    @Test
    void move_unknownTrack_exits4() throws IOException {
        assertRefused(4, "unknown track 't9999'", edit("move", "t9999", "p01"));
    }

    @Test
    void move_neitherIdentityNorNew_exits2() throws IOException {
        assertRefused(2, "--new", edit("move", "t0001"));
    }

    @Test
    void merge_identityWithItself_exits4() throws IOException {
        assertRefused(4, "cannot merge identity p01 with itself", edit("merge", "p01", "p01"));
    }

    @Test
    void name_episodeOfAnotherShow_exits4() throws IOException {
        List<String> args = edit("name", "p02", "Someone Else");
        args.addAll(List.of("--show", "other"));
        assertRefused(4, "belongs to show 'synth', not 'other'", args);
    }

    @Test
    void name_withOtherModelsThanTheEpisodes_exits2_namingTheFlags() throws IOException {
        // without model flags an edit takes the ones the data root remembers, which are the episode's
        assertRefused(2, "give the same --detector", List.of("name", "--episode", "Bad_E01", "--data", data.toString(),
                "--detector", "opencv-haar", "--embedder", "opencv-lbp", "p02", "Someone Else"));
    }

    @Test
    void name_unknownIdentity_withTheSameModelFromAnotherPath_exits4_andRecordsNoPath() throws IOException {
        // the same file elsewhere is the same model to the episode, but another path to remember
        Path copy = Files.createDirectories(work.resolve("models-copy")).resolve("scrfd_2.5g_bnkps.onnx");
        if (!Files.exists(copy)) {
            Files.copy(SharedAssets.model("scrfd_2.5g_bnkps.onnx"), copy);
        }
        assertRefused(4, "unknown identity 'p99'", List.of("name", "--episode", "Bad_E01", "--data", data.toString(),
                "--detector", "scrfd", "--detector-model", copy.toString(), "p99", "Someone Else"));
    }

    @Test
    void castRename_unknownPerson_exits4() throws IOException {
        assertRefused(4, "has nobody named 'Nobody'", cast("rename", "Nobody", "Somebody Else"));
    }

    @Test
    void castRemove_unknownPerson_exits4() throws IOException {
        assertRefused(4, "has nobody named 'Nobody'", cast("remove", "Nobody"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void name_emptyName_exits4(String name) throws IOException {
        assertRefused(4, "must not be empty", edit("name", "p02", name));
    }

    @Test
    void name_nameOf101Characters_exits4() throws IOException {
        assertRefused(4, "at most 100 characters, got 101", edit("name", "p02", "x".repeat(101)));
    }

    @Test
    void name_nameWithAControlCharacter_exits4() throws IOException {
        assertRefused(4, "must not hold control characters", edit("name", "p02", "Bad\u0007Name"));
    }

    @Test
    void castRename_toAControlCharacter_exits4() throws IOException {
        assertRefused(4, "must not hold control characters", cast("rename", "Somebody", "Tab\tName"));
    }

    @Test
    void castAdd_photoWithNoFace_exits4() throws IOException {
        // episode 2's landscape shot (frames 375-424) shows nobody
        Path photo = CastRuns.frame("episode_synth_e02.mp4", 400, work.resolve("in/landscape.jpg"));
        assertRefused(4, "must show exactly one face", addPhoto(photo));
    }

    @Test
    void castAdd_photoWithTwoFaces_exits4() throws IOException {
        // episode 1's shot of frames 500-599 shows biden and obama
        Path photo = CastRuns.frame("episode_synth.mp4", 550, work.resolve("in/two.jpg"));
        assertRefused(4, "must show exactly one face", addPhoto(photo));
    }

    @Test
    void castAdd_textFileNamedJpg_exits4() throws IOException {
        Path photo = Files.writeString(work.resolve("in/notes.jpg"), "not an image\n");
        assertRefused(4, "is not an image", addPhoto(photo));
    }

    @Test
    void castAdd_missingPhoto_exits4() throws IOException {
        assertRefused(4, "does not exist", addPhoto(work.resolve("in/missing.jpg")));
    }

    @Test
    void season_showWithNoEpisodes_exits4() throws IOException {
        assertRefused(4, "show 'empty' has no episodes", List.of("season", "--show", "empty", "--data",
                data.toString()));
    }

    private static List<String> edit(String command, String... args) {
        List<String> all = new ArrayList<>(List.of(command, "--episode", "Bad_E01", "--data", data.toString()));
        all.addAll(List.of(args));
        all.addAll(CastRuns.models());
        return all;
    }

    private static List<String> cast(String... args) {
        List<String> all = new ArrayList<>(List.of("cast"));
        all.addAll(List.of(args));
        all.addAll(List.of("--show", "synth", "--data", data.toString()));
        return all;
    }

    private static List<String> addPhoto(Path photo) throws IOException {
        Files.createDirectories(work.resolve("in"));
        List<String> all = cast("add", "Some Photo", "--photo", photo.toString());
        all.addAll(CastRuns.models());
        return all;
    }

    private static Path castFile() {
        return data.resolve("shows/synth/cast.json");
    }

    private static List<String> photos() throws IOException {
        Path dir = data.resolve("shows/synth/photos");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void assertRefused(int exitCode, String culprit, List<String> args) throws IOException {
        byte[] before = Files.readAllBytes(castFile());
        byte[] providersBefore = Files.readAllBytes(data.resolve("providers.json"));
        List<String> photosBefore = photos();
        try (FaceReelProcess p = FaceReelProcess.run(work, LIMIT, args.toArray(String[]::new))) {
            p.assertRefused(exitCode, culprit);
        }
        assertThat(Files.readAllBytes(castFile())).as("cast.json after " + args.get(0)).isEqualTo(before);
        assertThat(photos()).as("reference photos after " + args.get(0)).isEqualTo(photosBefore);
        assertThat(Files.readAllBytes(data.resolve("providers.json"))).as("providers.json after " + args.get(0))
                .isEqualTo(providersBefore);
    }
}
