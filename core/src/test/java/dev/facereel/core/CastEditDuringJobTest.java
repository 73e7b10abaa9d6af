package dev.facereel.core;

import static dev.facereel.core.testing.CastFixtures.EPISODE;
import static dev.facereel.core.testing.CastFixtures.SHOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.cast.Cast;
import dev.facereel.core.cast.CastStore;
import dev.facereel.core.jobs.JobStorage;
import dev.facereel.core.internal.DataLayout;
import dev.facereel.core.internal.stage.StageSettings;
import dev.facereel.core.internal.stage.name.NameCodec;
import dev.facereel.core.internal.stage.name.NameStage;
import dev.facereel.core.testing.CastFixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit made while a job works on the episode lands in the cast store at once and is never lost: the job's name
 * stage reads the newest cast when it runs and answers again when the cast changed while it worked, so the job ends
 * with the edit applied; an edit made after the job ended makes its name stage stale, and running NAME applies it.
 * The job here re-clusters with another threshold (cluster and name run), on a copy of the analysed episode on disk.
 */
class CastEditDuringJobTest {
    @TempDir
    Path tmp;

    @Test
    void merge_whileTheJobsNameStageWorks_isInTheJobsAnswer_andNameAfterwardsKeepsIt() throws Exception {
        Path root = CastFixtures.copyTo(tmp.resolve("root"));
        Episode episode = CastFixtures.episode(CastFixtures.analysedRoot());
        List<NameCodec.Entry> before = CastFixtures.identities(root);
        NameCodec.Entry a = before.get(0);
        NameCodec.Entry b = before.get(1);
        AtomicReference<Runnable> onNamingRead = new AtomicReference<>();
        AtomicInteger namingReads = new AtomicInteger();
        JobStorage files = JobStorage.onFiles(root);
        CastStore casts = new CastStore() {
            @Override
            public Cast read(String show) {
                Cast cast = files.casts().read(show);
                if (calledFrom(NameStage.class, "run")) {
                    namingReads.incrementAndGet();
                    // Another editor's edit lands after the stage read the cast it names with, before it writes
                    // its answer.
                    Optional.ofNullable(onNamingRead.getAndSet(null)).ifPresent(edit -> {
                        Thread editor = new Thread(edit, "editor");
                        editor.start();
                        try {
                            editor.join();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
                return cast;
            }

            @Override
            public Optional<Cast> replace(Cast next) {
                return files.casts().replace(next);
            }

            @Override
            public List<String> shows() {
                return files.casts().shows();
            }
        };
        JobStorage storage = JobStorage.of(files.jobs(), files.runtime(), files.locks(), casts, files::close);
        double threshold = 0.4;
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).jobStorage(storage)
                .sampleFps(CastFixtures.FPS).clusterThreshold(threshold).build()) {
            ShowCast show = pipeline.show(SHOW);
            AtomicReference<Throwable> editFailed = new AtomicReference<>();
            onNamingRead.set(() -> {
                try {
                    assertThat(pipeline.status(EPISODE).activeJobId()).as("a job runs").isNotNull();
                    show.merge(EPISODE, List.of(a.id(), b.id()));
                } catch (Throwable e) {
                    editFailed.set(e);
                }
            });

            JobHandle job = pipeline.submit(episode, Stage.NAME);
            job.await();

            assertThat(editFailed.get()).as("the edit made while the job ran").isNull();
            assertThat(onNamingRead.get()).as("the edit was made").isNull();
            assertThat(namingReads.get()).as("the name stage read the cast again after the edit").isGreaterThan(1);
            assertThat(pipeline.status(EPISODE).stages().get(Stage.CLUSTER).status()).isEqualTo(StageStatus.SUCCEEDED);
            assertThat(StageSettings.read(new DataLayout(root).stageDir(CastFixtures.KEY, Stage.CLUSTER)).orElseThrow()
                    .values()).as("the job's own clustering").contains(Double.toString(threshold));
            assertMerged(root, show, a, b);

            pipeline.submit(episode, Stage.NAME).await();
            assertMerged(root, show, a, b);

            // After the job: a name makes the name stage stale; NAME applies it and keeps the merge.
            show.name(EPISODE, a.id(), "Ann");
            pipeline.submit(episode, Stage.NAME).await();
            NameCodec.Entry named = assertMerged(root, show, a, b);
            assertThat(named.name()).isEqualTo("Ann");
        }
    }

    private static NameCodec.Entry assertMerged(Path root, ShowCast show, NameCodec.Entry a, NameCodec.Entry b) {
        NameCodec.Contents c = NameCodec.read(new DataLayout(root), CastFixtures.KEY).orElseThrow();
        assertThat(c.castVersion()).as("identities.json answers the newest cast").isEqualTo(show.cast().version());
        assertThat(c.unresolvedEdits()).isEmpty();
        List<String> tracks = new ArrayList<>(a.trackIds());
        tracks.addAll(b.trackIds());
        NameCodec.Entry merged = c.all().stream().filter(e -> e.trackIds().contains(a.trackIds().get(0))).findFirst()
                .orElseThrow();
        assertThat(merged.trackIds()).as("the merged identity").containsAll(tracks);
        return merged;
    }

    private static boolean calledFrom(Class<?> type, String method) {
        return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE).walk(frames -> frames.skip(2)
                .findFirst().map(f -> f.getDeclaringClass() == type && f.getMethodName().equals(method))
                .orElse(false));
    }
}
