package dev.facereel.jobstore.postgres.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.Stage;
import dev.facereel.core.jobs.JobEnvelope;
import dev.facereel.core.jobs.JobStatus;
import dev.facereel.core.process.ChildJvm;
import dev.facereel.jobstore.postgres.PostgresJobStorage;
import dev.facereel.jobstore.postgres.QueueEntry;
import dev.facereel.jobstore.postgres.testing.FreshSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the process tests share: a schema of their own, a shared data root, the queue, worker processes
 * ({@link WorkerChild}) and a single-host reference run to compare outputs with.
 */
final class Workers implements AutoCloseable {
    /** The outputs that must not depend on which worker, or how many, produced them. */
    static final List<String> OUTPUTS = List.of("detect/faces.jsonl", "detect/embeddings.bin", "track/tracks.json",
            "cluster/clusters.json");

    final FreshSchema schema = new FreshSchema();
    final Path data;
    final PostgresJobStorage store;
    private final List<ChildJvm> children = new ArrayList<>();

    Workers(Path dir) throws IOException {
        this.data = Files.createDirectories(dir.resolve("data"));
        this.store = PostgresJobStorage.builder(schema.url()).build();
    }

    static String episodeId(int i) {
        return String.format(Locale.ROOT, "EP_%02d", i + 1);
    }

    /** Queues every clip as episode {@code EP_<n>}, up to cluster. */
    void enqueue(List<Path> clips) {
        for (int i = 0; i < clips.size(); i++) {
            store.queue().enqueue(new Episode(episodeId(i), clips.get(i)), Stage.CLUSTER);
        }
    }

    /** Starts a worker process; {@code options} are extra {@code key=value} arguments. */
    ChildJvm start(String name, String... options) throws IOException {
        return start(List.of(), schema.url(), name, options);
    }

    /** Starts a worker process through {@code launcher} that reaches the database at {@code url}. */
    ChildJvm start(List<String> launcher, String url, String name, String... options) throws IOException {
        List<String> args = new ArrayList<>(List.of("url=" + url, "data=" + data, "name=" + name));
        args.addAll(List.of(options));
        ChildJvm child = ChildJvm.startMain(launcher, WorkerChild.class, List.of("-Xmx192m"), args.toArray(String[]::new));
        children.add(child);
        return child;
    }

    /** The job envelopes per episode key. */
    Map<String, List<JobEnvelope>> jobsByEpisode() {
        Map<String, List<JobEnvelope>> out = new HashMap<>();
        store.jobs().jobIds().forEach(id -> {
            JobEnvelope env = store.jobs().find(id).orElseThrow();
            out.computeIfAbsent(env.episode().value(), k -> new ArrayList<>()).add(env);
        });
        return out;
    }

    /** Waits until every queue entry has ended; fails naming the entries that have not. */
    void awaitAllEnded(Duration timeout) {
        ChildJvm.awaitTrue(timeout, () -> store.queue().entries().stream().noneMatch(e -> e.state().isPending()),
                "every queue entry ended; now " + store.queue().entries());
    }

    /** Every entry ended done after {@code attempts} claims, with exactly one succeeded job per episode. */
    void assertEachEpisodeRanOnce(int episodes, int attempts) {
        List<QueueEntry> entries = store.queue().entries();
        assertThat(entries).hasSize(episodes);
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.state()).as("entry %s", e).isEqualTo(QueueEntry.State.DONE);
            assertThat(e.attempt()).as("claims of entry %s", e).isEqualTo(attempts);
        });
        Map<String, List<JobEnvelope>> jobs = jobsByEpisode();
        assertThat(jobs).hasSize(episodes);
        jobs.forEach((episode, list) -> {
            assertThat(list).as("jobs of episode %s", episode).hasSize(1);
            assertThat(list.get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
        });
    }

    /** Runs the clips one after another in this JVM with the file store: what a single host produces. */
    static Path reference(Path dir, List<Path> clips, double fps) throws InterruptedException {
        Path root = dir.resolve("reference");
        try (FacePipeline pipeline = FacePipeline.builder().dataRoot(root).sampleFps(fps).build()) {
            for (int i = 0; i < clips.size(); i++) {
                pipeline.submit(new Episode(episodeId(i), clips.get(i)), Stage.CLUSTER).await();
            }
        }
        return root;
    }

    /** Asserts that every output of every episode is byte-identical to the reference run's. */
    static void assertSameOutputs(Path root, Path reference, int episodes) throws IOException {
        for (int i = 0; i < episodes; i++) {
            String key = episodeId(i).toLowerCase(Locale.ROOT);
            for (String file : OUTPUTS) {
                Path mine = root.resolve("episodes").resolve(key).resolve(file);
                Path theirs = reference.resolve("episodes").resolve(key).resolve(file);
                assertThat(mine).as("%s of %s", file, key).exists();
                assertThat(Files.mismatch(mine, theirs)).as("%s of %s differs from the single-host run", file, key)
                        .isEqualTo(-1L);
            }
        }
    }

    @Override
    public void close() {
        children.forEach(ChildJvm::close);
        store.close();
        schema.close();
    }
}
