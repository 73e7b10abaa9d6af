package dev.facereel.core.internal.stage.name;

import dev.facereel.core.Stage;
import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.Person;
import dev.facereel.core.cast.Reference;
import dev.facereel.core.internal.cast.CastUpdates;
import dev.facereel.core.internal.cast.FaceVectors;
import dev.facereel.core.internal.opencv.ImageFiles;
import dev.facereel.core.internal.stage.EpisodeFile;
import dev.facereel.core.internal.stage.PipelineStage;
import dev.facereel.core.internal.stage.StageContext;
import dev.facereel.core.internal.stage.cluster.ClusterCodec;
import dev.facereel.core.internal.stage.detect.DetectCodec;
import dev.facereel.core.internal.stage.stills.StillsStage;
import dev.facereel.core.internal.stage.track.Track;
import dev.facereel.core.internal.stage.track.TrackCodec;
import dev.facereel.core.JobStoreException;
import dev.facereel.spi.Calibration;
import dev.facereel.spi.FaceReelException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fifth stage: the clustering with the show's edits applied, named after its cast ({@link Naming}). It is
 * stale whenever the show's cast changes (its version is among its settings), so a new name re-runs only this
 * stage. A person without references of the episode's embedder first gets them again, made by that embedder from
 * the stills and photos their references came from, so names carry over a model change. An edit that lands while
 * the stage works is picked up: the stage answers again until the cast it read is still the latest.
 */
public final class NameStage extends PipelineStage {
    private static final Logger LOG = LoggerFactory.getLogger(NameStage.class);
    static final int MAX_ROUNDS = 20;

    public NameStage() {
        super(Stage.NAME, List.of(Stage.CLUSTER), "0.05", "naming");
    }

    @Override
    public Map<String, String> settings(StageContext ctx) {
        Calibration c = ctx.embedder().calibration();
        return Map.of("show", ctx.episode().show(),
                "cast_version", Long.toString(ctx.casts().read(ctx.episode().show()).version()),
                "model", ctx.embedder().modelId(),
                "match_threshold", Double.toString(c.matchThreshold()),
                "match_margin", Double.toString(c.matchMargin()));
    }

    @Override
    public Map<String, String> run(StageContext ctx) {
        ctx.run().stageStarted(Stage.NAME, 1);
        String show = ctx.episode().show();
        migrate(ctx, show);
        List<Track> tracks = TrackCodec.read(ctx.layout(), ctx.episode().key(),
                DetectCodec.read(ctx.layout(), ctx.episode().key()));
        ClusterCodec.Contents clusters = ClusterCodec.read(ctx.layout(), ctx.episode().key()).orElseThrow(() ->
                new JobStoreException("missing " + ctx.dir(Stage.CLUSTER) + "; run the cluster stage first"));
        double period = EpisodeFile.samplePeriod(ctx);
        Path dir = ctx.dir(Stage.NAME);
        for (int round = 1; ; round++) {
            ctx.run().throwIfStopped();
            Cast cast = ctx.casts().read(show);
            NameCodec.Contents named = Naming.name(new Naming.Inputs(tracks, clusters, cast,
                    ctx.episode().key().value(), ctx.embedder().modelId(), ctx.embedder().calibration(), period,
                    NameCodec.read(ctx.layout(), ctx.episode().key())));
            var settings = ctx.settingsOf(Stage.NAME);
            if (!settings.values().get("cast_version").equals(Long.toString(cast.version())) && round < MAX_ROUNDS) {
                continue;
            }
            NameCodec.write(dir, show, ctx.embedder().modelId(), named, ctx.fence());
            settings.writeTo(dir, List.of(NameCodec.IDENTITIES), ctx.fence());
            named.unresolvedEdits().forEach(u -> LOG.warn("Episode '{}': edit {} ({}) is not applied: {}",
                    ctx.episode().key().value(), u.edit(), u.kind(), u.reason()));
            ctx.run().progress(1, 0);
            long names = named.all().stream().filter(e -> e.personId() != null).count();
            return Map.of("named", Long.toString(names), "unnamed", Long.toString(named.all().size() - names),
                    "unresolved_edits", Integer.toString(named.unresolvedEdits().size()));
        }
    }

    /** Gives every person references of this embedder, made from the sources of their other references. */
    private static void migrate(StageContext ctx, String show) {
        String model = ctx.embedder().modelId();
        Cast cast = ctx.casts().read(show);
        Map<String, float[]> made = new HashMap<>();
        for (Person p : cast.people()) {
            for (Reference r : missing(p, model)) {
                String source = source(r);
                if (made.containsKey(source)) {
                    continue;
                }
                Path image = r.fromPhoto() ? ctx.layout().root().resolve(r.photo())
                        : ctx.layout().episodeDir(dev.facereel.core.EpisodeKey.of(r.episode()))
                                .resolve(StillsStage.stillOf(r.track().trackId()));
                try {
                    made.put(source, r.fromPhoto()
                            ? FaceVectors.ofPhoto(ImageFiles.read(image, "reference photo"), image.toString(),
                                    ctx.detector(), ctx.embedder())
                            : FaceVectors.ofStill(ImageFiles.read(image, "still"), StillsStage.CROP_MARGIN,
                                    ctx.detector(), ctx.embedder()));
                } catch (FaceReelException e) {
                    LOG.warn("Person {} ({}) keeps no {} reference from {}: {}", p.id(), p.name(), model, source,
                            e.getMessage());
                    made.put(source, null);
                }
            }
        }
        if (made.values().stream().allMatch(v -> v == null)) {
            return;
        }
        CastUpdates.update(ctx.casts(), show, current -> {
            List<Person> people = new ArrayList<>();
            boolean changed = false;
            for (Person p : current.people()) {
                List<Reference> refs = new ArrayList<>(p.references());
                for (Reference r : missing(p, model)) {
                    float[] v = made.get(source(r));
                    if (v != null) {
                        refs.add(new Reference(model, v, r.episode(), r.track(), r.photo()));
                        changed = true;
                    }
                }
                people.add(new Person(p.id(), p.name(), refs));
            }
            return changed ? new Cast(current.show(), current.version(), people, current.edits()) : current;
        });
        LOG.info("Show '{}': references made with {} for {} sources", show, model,
                made.values().stream().filter(v -> v != null).count());
    }

    /** One reference per source that has none of {@code model}. */
    private static List<Reference> missing(Person p, String model) {
        Map<String, Reference> bySource = new java.util.LinkedHashMap<>();
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (Reference r : p.references()) {
            if (r.modelId().equals(model)) {
                covered.add(source(r));
            } else {
                bySource.putIfAbsent(source(r), r);
            }
        }
        covered.forEach(bySource::remove);
        return new ArrayList<>(bySource.values());
    }

    private static String source(Reference r) {
        return r.fromPhoto() ? "photo " + r.photo() : "track " + r.episode() + "/" + r.track().trackId();
    }
}
