package dev.facereel.core;

import static dev.facereel.core.testing.CastFixtures.EPISODE;
import static dev.facereel.core.testing.CastFixtures.SHOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.jimfs.Configuration;
import com.google.common.jimfs.Jimfs;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Edit;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.testing.CastFixtures;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.InvalidInputException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ShowCast} on a new Jimfs per test, holding a copy of an episode analysed for real through NAME
 * ({@link CastFixtures}). Every edit is checked in the cast and, after the name stage ran again, in
 * {@code name/identities.json}; every bad input is an {@link InvalidInputException} naming it that leaves the cast
 * file byte for byte as it was and copies no photo.
 */
class ShowCastTest {
    private FileSystem fs;
    private Path root;
    private FacePipeline pipeline;
    private ShowCast show;
    /** The same show through a pipeline whose detector finds as many faces as a photo asks for. */
    private FacePipeline photoPipeline;
    private ShowCast photos;

    @BeforeEach
    void open() {
        fs = Jimfs.newFileSystem(Configuration.unix());
        root = CastFixtures.copyInto(fs);
        pipeline = CastFixtures.pipeline(root);
        show = pipeline.show(SHOW);
        photoPipeline = FacePipeline.builder().dataRoot(root).sampleFps(CastFixtures.FPS).detector(new FacesByWidth())
                .build();
        photos = photoPipeline.show(SHOW);
    }

    @AfterEach
    void close() throws IOException {
        photoPipeline.close();
        pipeline.close();
        fs.close();
    }

    private List<NameCodec.Entry> identities() {
        return CastFixtures.identities(root);
    }

    /** Runs the name stage again, as a user does after an edit, and returns the identities it wrote. */
    private List<NameCodec.Entry> rename() throws InterruptedException {
        pipeline.submit(CastFixtures.episode(root), Stage.NAME).await();
        NameCodec.Contents c = NameCodec.read(new dev.facereel.core.internal.DataLayout(root), CastFixtures.KEY)
                .orElseThrow();
        assertThat(c.castVersion()).as("the name stage read the newest cast").isEqualTo(show.cast().version());
        return c.all();
    }

    private static NameCodec.Entry byTrack(List<NameCodec.Entry> all, String track) {
        return all.stream().filter(e -> e.trackIds().contains(track)).findFirst().orElseThrow();
    }

    private NameCodec.Entry largest() {
        return identities().stream().max(Comparator.comparingInt(e -> e.trackIds().size())).orElseThrow();
    }

    @Test
    void fixture_hasSeveralIdentities_oneOfThemWithSeveralTracks() {
        assertThat(identities()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(largest().trackIds()).hasSizeGreaterThanOrEqualTo(2);
    }

    @Test
    void name_newPerson_addsThemWithTheTracksAsReferences_andTheNameStageNamesTheIdentity() throws Exception {
        NameCodec.Entry identity = largest();
        Edit edit = show.name(EPISODE, identity.id(), "  Zoë Ångström ");

        Cast cast = show.cast();
        Person zoe = cast.personNamed("zoë ångström").orElseThrow();
        assertThat(zoe.name()).isEqualTo("Zoë Ångström");
        assertThat(zoe.references()).extracting(r -> r.track().trackId())
                .containsExactlyInAnyOrderElementsOf(identity.trackIds());
        assertThat(zoe.references()).allMatch(r -> CastFixtures.KEY.value().equals(r.episode()) && !r.fromPhoto());
        assertThat(cast.edits()).extracting(Edit::kind).containsExactly(Edit.Kind.ADD_PERSON, Edit.Kind.NAME);
        assertThat(edit.kind()).isEqualTo(Edit.Kind.NAME);
        assertThat(edit.person()).isEqualTo(zoe.id());
        assertThat(edit.tracks()).extracting(a -> a.trackId()).containsExactlyElementsOf(identity.trackIds());
        assertThat(identities()).as("nothing changes before the name stage runs again")
                .allMatch(e -> e.personId() == null);

        NameCodec.Entry named = byTrack(rename(), identity.trackIds().get(0));
        assertThat(named.trackIds()).containsExactlyElementsOf(identity.trackIds());
        assertThat(named.personId()).isEqualTo(zoe.id());
        assertThat(named.name()).isEqualTo("Zoë Ångström");
        assertThat(named.match().by()).isEqualTo("user");
    }

    @Test
    void unname_namedIdentity_recordsNot_dropsItsReferences_andTheNameStageLeavesItUnnamed() throws Exception {
        NameCodec.Entry identity = largest();
        show.name(EPISODE, identity.id(), "Ann");
        String id = byTrack(rename(), identity.trackIds().get(0)).id();

        Edit not = show.unname(EPISODE, id);

        assertThat(not.kind()).isEqualTo(Edit.Kind.NOT);
        assertThat(show.cast().personNamed("Ann").orElseThrow().references()).isEmpty();
        NameCodec.Entry after = byTrack(rename(), identity.trackIds().get(0));
        assertThat(after.personId()).isNull();
        assertThat(after.name()).isNull();
    }

    @Test
    void merge_twoIdentities_becomeOneAfterTheNameStage() throws Exception {
        List<NameCodec.Entry> before = identities();
        NameCodec.Entry a = before.get(0);
        NameCodec.Entry b = before.get(1);

        Edit merge = show.merge(EPISODE, List.of(a.id(), b.id()));

        assertThat(merge.kind()).isEqualTo(Edit.Kind.MERGE);
        List<String> tracks = new ArrayList<>(a.trackIds());
        tracks.addAll(b.trackIds());
        assertThat(merge.tracks()).extracting(t -> t.trackId()).containsExactlyElementsOf(tracks);
        List<NameCodec.Entry> after = rename();
        assertThat(after).hasSize(before.size() - 1);
        assertThat(byTrack(after, a.trackIds().get(0)).trackIds()).containsExactlyInAnyOrderElementsOf(tracks);
    }

    @Test
    void move_trackOutOfItsIdentity_becomesAnIdentityOfItsOwn_andIntoAnother_joinsIt() throws Exception {
        NameCodec.Entry from = largest();
        String track = from.trackIds().get(from.trackIds().size() - 1);
        int before = identities().size();

        assertThat(show.move(EPISODE, track, null).kind()).isEqualTo(Edit.Kind.MOVE);
        List<NameCodec.Entry> split = rename();
        assertThat(byTrack(split, track).trackIds()).containsExactly(track);
        assertThat(split).hasSize(before + 1);
        assertThat(byTrack(split, from.trackIds().get(0)).trackIds()).doesNotContain(track);

        NameCodec.Entry back = byTrack(split, from.trackIds().get(0));
        show.move(EPISODE, track, back.id());
        assertThat(byTrack(rename(), track).trackIds()).containsExactlyInAnyOrderElementsOf(from.trackIds());
    }

    @Test
    void renameAndRemove_ofANamedPerson_reachTheEpisodeAtTheNextNameStage() throws Exception {
        NameCodec.Entry identity = largest();
        String track = identity.trackIds().get(0);
        show.name(EPISODE, identity.id(), "Ann");
        assertThat(byTrack(rename(), track).name()).isEqualTo("Ann");

        show.rename("Ann", "Anne Marie");
        assertThat(byTrack(rename(), track).name()).isEqualTo("Anne Marie");

        show.remove("anne marie");
        NameCodec.Entry after = byTrack(rename(), track);
        assertThat(after.personId()).isNull();
        assertThat(after.name()).isNull();
    }

    @Test
    void add_rename_remove_aPersonWithAReferencePhoto() throws Exception {
        Path photo = png(root.resolve("barack.png"), 121, 100);

        Person added = photos.add("Barack", List.of(photo));

        assertThat(added.id()).isEqualTo("c001");
        Reference ref = added.references().get(0);
        assertThat(added.references()).hasSize(1);
        assertThat(ref.fromPhoto()).isTrue();
        assertThat(ref.modelId()).startsWith("opencv-lbp");
        assertThat(root.resolve(ref.photo())).as("the photo is copied under the data root")
                .hasBinaryContent(Files.readAllBytes(photo));
        assertThat(ref.photo()).startsWith("shows/" + SHOW + "/photos/");

        Person renamed = show.rename("barack", "Barack Obama");
        assertThat(renamed.id()).isEqualTo(added.id());
        assertThat(renamed.references()).isEqualTo(added.references());
        assertThat(show.cast().personNamed("Barack")).isEmpty();

        show.remove("BARACK OBAMA");
        Cast cast = show.cast();
        assertThat(cast.people()).isEmpty();
        assertThat(cast.edits()).extracting(Edit::kind).containsExactly(Edit.Kind.ADD_PERSON, Edit.Kind.ADD_PHOTOS,
                Edit.Kind.RENAME_PERSON, Edit.Kind.REMOVE_PERSON);
        assertThat(photos.add("Barack", List.of(photo)).id()).as("a removed person's id is never reused")
                .isEqualTo("c002");
    }

    @Test
    void badInput_eachIsAClearInvalidInputException_andTheCastFileIsByteIdentical() throws Exception {
        NameCodec.Entry identity = largest();
        NameCodec.Entry other = identities().stream().filter(e -> !e.id().equals(identity.id())).findFirst()
                .orElseThrow();
        show.name(EPISODE, identity.id(), "Ann");
        Path one = png(root.resolve("one.png"), 121, 100);
        photos.add("Bob", List.of(one));
        Path castFile = root.resolve("shows").resolve(SHOW).resolve("cast.json");
        byte[] before = Files.readAllBytes(castFile);
        List<Path> photosBefore = storedPhotos();
        Path text = Files.writeString(root.resolve("notes.jpg"), "not an image");
        Path blank = png(root.resolve("blank.png"), 240, 180);

        expectRefused(() -> show.name(EPISODE, "p99", "Ann"), "unknown identity 'p99'");
        expectRefused(() -> show.unname(EPISODE, "p99"), "unknown identity 'p99'");
        expectRefused(() -> show.unname(EPISODE, other.id()), "has no name to take away");
        expectRefused(() -> show.move(EPISODE, "t9999", null), "unknown track 't9999'");
        expectRefused(() -> show.move(EPISODE, identity.trackIds().get(0), identity.id()), "is already in identity");
        expectRefused(() -> show.move(EPISODE, identity.trackIds().get(0), "p99"), "unknown identity 'p99'");
        expectRefused(() -> show.rename("Nobody", "Carl"), "nobody named 'Nobody'");
        expectRefused(() -> show.rename("Ann", "bob"), "already has a person named 'Bob'");
        expectRefused(() -> show.remove("Nobody"), "nobody named 'Nobody'");
        expectRefused(() -> show.name("other_s01_e01", identity.id(), "Ann"), "unknown episode 'other_s01_e01'");
        for (String name : List.of("", "   ")) {
            expectRefused(() -> show.name(EPISODE, identity.id(), name), "must not be empty");
            expectRefused(() -> photos.add(name, List.of(one)), "must not be empty");
        }
        expectRefused(() -> show.name(EPISODE, identity.id(), "x".repeat(101)), "at most 100 characters, got 101");
        expectRefused(() -> show.rename("Ann", "y".repeat(101)), "at most 100 characters, got 101");
        expectRefused(() -> show.name(EPISODE, identity.id(), "Be\u0007ll"), "control characters: 'Be\\u0007ll'");
        expectRefused(() -> photos.add("Two\nLines", List.of(one)), "control characters: 'Two\\u000aLines'");
        expectRefused(() -> show.merge(EPISODE, List.of(identity.id(), identity.id())),
                "cannot merge identity " + identity.id() + " with itself");
        expectRefused(() -> show.merge(EPISODE, List.of(identity.id())), "at least two identities");
        expectRefused(() -> show.merge(EPISODE, List.of(identity.id(), "p99")), "unknown identity 'p99'");
        expectRefused(() -> show.add("Carl", List.of()), "at least one reference photo");
        expectRefused(() -> show.add("Carl", List.of(root.resolve("missing.jpg"))),
                "reference photo " + root.resolve("missing.jpg") + " does not exist");
        expectRefused(() -> show.add("Carl", List.of(text)), text + " is not an image");
        expectRefused(() -> show.add("Carl", List.of(blank)), "reference photo " + blank
                + " must show exactly one face; ");
        expectRefused(() -> show.add("Carl", List.of(blank)), " found 0");
        expectRefused(() -> photos.add("Carl", List.of(one, blank)), "reference photo " + blank
                + " must show exactly one face; faces-by-width found 0");
        Path two = png(root.resolve("two.png"), 122, 100);
        expectRefused(() -> photos.add("Carl", List.of(one, two)), "reference photo " + two
                + " must show exactly one face; faces-by-width found 2");
        expectRefused(() -> photos.add("Bob", List.of(text)), text + " is not an image");

        assertThat(Files.readAllBytes(castFile)).as("the cast file after every refusal").isEqualTo(before);
        assertThat(storedPhotos()).as("the stored photos").isEqualTo(photosBefore);
    }

    private static void expectRefused(ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
    }

    private List<Path> storedPhotos() throws IOException {
        Path dir = root.resolve("shows").resolve(SHOW).resolve("photos");
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    /** A plain grey PNG. */
    private static Path png(Path file, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics g = image.getGraphics();
        g.setColor(java.awt.Color.GRAY);
        g.fillRect(0, 0, width, height);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return Files.write(file, out.toByteArray());
    }

    /** Finds {@code width % 10} faces in an image, side by side: photos that show exactly as many faces as asked. */
    static final class FacesByWidth implements Detector {
        @Override
        public List<Face> detect(Image image) {
            int n = image.width() % 10;
            List<Face> faces = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float w = (float) image.width() / n;
                faces.add(new Face(new BoundingBox(i * w, 0, (i + 1) * w - 1, image.height() - 1), 0.9f));
            }
            return faces;
        }

        @Override
        public String modelId() {
            return "faces-by-width";
        }

        @Override
        public boolean isThreadSafe() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}
