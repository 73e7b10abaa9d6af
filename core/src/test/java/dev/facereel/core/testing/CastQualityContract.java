package dev.facereel.core.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who becomes cast, for one pair of providers: on the synthetic episodes, and on the stress clip of
 * {@link QualityClips#stress} (small faces, brief faces, a crowd, blur, a pan). Each clip runs once through the whole
 * pipeline; the figures go to {@code target/cast-figures.md}. A subclass gives the providers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CastQualityContract {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Shots of the stress clip, in {@link QualityClips#stress} order. */
    private static final int BLURRING_OUT = 4;
    private static final int BLURRED_ONLY = 7;

    @TempDir
    static Path clips;
    private Path stress;
    private final Map<String, CastFigures> figures = new HashMap<>();

    /** A builder with this class's providers; the data root is set by the caller. */
    protected abstract FacePipeline.Builder providers(FacePipeline.Builder builder);

    /** The providers' names, for the figures. */
    protected abstract String providerNames();

    /** Whether these providers find exactly the synthetic episodes' cast, purely and with its screen time. */
    protected abstract boolean findsTheSyntheticCast();

    @BeforeAll
    void runClips() throws Exception {
        SharedAssets.root();
        stress = clips.resolve("stress.mp4");
        QualityClips.stress(stress);
        run("episode_synth", SharedAssets.media("episode_synth.mp4"), SharedAssets.media("episode_synth.truth.json"));
        run("episode_synth_e02", SharedAssets.media("episode_synth_e02.mp4"),
                SharedAssets.media("episode_synth_e02.truth.json"));
        run("stress", stress, QualityClips.truthOf(stress));
    }

    @Test
    void syntheticEpisodes_keepExactlyTheirCast_purely_withTheirScreenTime() {
        if (!findsTheSyntheticCast()) {
            return; // recorded in the figures only: these providers do not separate the synthetic cast
        }
        assertExactCast(figures.get("episode_synth"), 4);
        assertExactCast(figures.get("episode_synth_e02"), 5);
    }

    @Test
    void stress_everyCastMember_isSomeoneTheTruthNames() {
        CastFigures f = figures.get("stress");
        assertThat(f.score().identityLabel()).as("cast identities with a labelled face").hasSize(f.cast());
        if (findsTheSyntheticCast()) {
            assertThat(f.cast()).isEqualTo(2);
            assertThat(f.purity()).isEqualTo(1.0);
        }
    }

    @Test
    void stress_smallFaces_neverBecomeCast() throws IOException {
        Set<String> castTracks = castTracks("stress");
        List<String> small = new ArrayList<>();
        for (JsonNode t : tracks("stress")) {
            double side = 0;
            for (JsonNode face : t.path("faces")) {
                JsonNode b = face.path("box");
                side += Math.min(b.get(2).asDouble() - b.get(0).asDouble(), b.get(3).asDouble() - b.get(1).asDouble());
            }
            if (side / t.path("faces").size() < 32) {
                small.add(t.path("id").asText());
            }
        }
        assertThat(small).as("tracks of small faces in the cast").noneMatch(castTracks::contains);
    }

    @Test
    void stress_faceInTwoShotsForFourTenthsOfASecond_foundsNoCastIdentity() throws IOException {
        List<EpisodeTruth.Shot> shots = new EpisodeTruth(QualityClips.truthOf(stress)).shots();
        Map<String, JsonNode> byId = new HashMap<>();
        tracks("stress").forEach(t -> byId.put(t.path("id").asText(), t));
        for (Set<String> identity : castIdentities("stress")) {
            assertThat(identity).as("a cast identity made only of the brief face's tracks").anyMatch(t -> {
                int first = byId.get(t).path("first_frame").asInt();
                return !inShot(shots.get(2), first) && !inShot(shots.get(6), first);
            });
        }
    }

    @Test
    void stress_blurredCopy_addsToItsPersonsScreenTimeWhenTrackedWithGoodFaces_andFoundsNoIdentityAlone()
            throws IOException {
        List<EpisodeTruth.Shot> shots = new EpisodeTruth(QualityClips.truthOf(stress)).shots();
        Map<String, Set<String>> castByTrack = new HashMap<>();
        for (Set<String> members : castIdentities("stress")) {
            members.forEach(t -> castByTrack.put(t, members));
        }
        Map<String, JsonNode> byId = new HashMap<>();
        tracks("stress").forEach(t -> byId.put(t.path("id").asText(), t));
        EpisodeTruth.Shot blurring = shots.get(BLURRING_OUT);
        double covered = 0;
        for (JsonNode t : byId.values()) {
            if (inShot(blurring, t.path("first_frame").asInt()) && castByTrack.containsKey(t.path("id").asText())) {
                covered = Math.max(covered, (t.path("last_frame").asInt() - t.path("first_frame").asInt() + 5) / 25.0);
            }
        }
        int lastDetected = blurring.first();
        for (String line : Files.readAllLines(clips.resolve("data/episodes/stress/detect/faces.jsonl"))) {
            JsonNode frame = JSON.readTree(line);
            if (inShot(blurring, frame.path("frame").asInt()) && !frame.path("faces").isEmpty()) {
                lastDetected = frame.path("frame").asInt();
            }
        }
        // As long as the detector still finds the face (SCRFD does to the end; opencv-haar loses it once blurred).
        assertThat(covered).as("seconds of the shot blurring out counted for a cast member, faces found until frame %d",
                lastDetected).isGreaterThanOrEqualTo((lastDetected - blurring.first() + 5) / 25.0 - 0.5);
        for (Set<String> identity : castIdentities("stress")) {
            assertThat(identity).as("a cast identity made only of the blurred copy's tracks")
                    .anyMatch(t -> !inShot(shots.get(BLURRED_ONLY), byId.get(t).path("first_frame").asInt()));
        }
    }

    private void run(String id, Path video, Path truth) throws Exception {
        try (FacePipeline pipeline = providers(FacePipeline.builder().dataRoot(clips.resolve("data"))).build()) {
            pipeline.submit(new Episode(id, video), Stage.CLUSTER).await();
        }
        figures.put(id, CastFigures.of(id, providerNames(), clips.resolve("data/episodes/" + id), truth).report());
    }

    private static void assertExactCast(CastFigures f, int cast) {
        assertThat(f.cast()).as("cast of %s", f.clip()).isEqualTo(cast);
        assertThat(f.score().identitiesWithLabels()).isEqualTo(cast);
        assertThat(f.score().tracksCrossingCuts()).isEmpty();
        assertThat(f.purity()).as("purity of %s", f.clip()).isEqualTo(1.0);
        assertThat(f.score().foundScreenTime()).containsOnlyKeys(f.score().truthScreenTime().keySet());
        f.score().truthScreenTime().forEach((who, seconds) -> assertThat(f.score().foundScreenTime().get(who))
                .as("screen time of %s in %s", who, f.clip()).isCloseTo(seconds, within(0.5)));
    }

    private List<Set<String>> castIdentities(String id) throws IOException {
        List<Set<String>> out = new ArrayList<>();
        JsonNode clusters = JSON.readTree(clips.resolve("data/episodes/" + id + "/cluster/clusters.json").toFile());
        for (JsonNode identity : clusters.path("identities")) {
            Set<String> members = new HashSet<>();
            identity.path("track_ids").forEach(t -> members.add(t.asText()));
            out.add(members);
        }
        return out;
    }

    private Set<String> castTracks(String id) throws IOException {
        Set<String> out = new HashSet<>();
        JsonNode clusters = JSON.readTree(clips.resolve("data/episodes/" + id + "/cluster/clusters.json").toFile());
        clusters.path("identities").forEach(i -> i.path("track_ids").forEach(t -> out.add(t.asText())));
        return out;
    }

    private List<JsonNode> tracks(String id) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        JSON.readTree(Files.readString(clips.resolve("data/episodes/" + id + "/track/tracks.json"))).path("tracks")
                .forEach(out::add);
        return out;
    }

    private static boolean inShot(EpisodeTruth.Shot shot, int frame) {
        return frame >= shot.first() && frame <= shot.last();
    }
}
