package dev.facereel.bench;

import dev.facereel.core.Episode;
import dev.facereel.core.FacePipeline;
import dev.facereel.core.JobHandle;
import dev.facereel.core.Stage;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A worker process for the process rows: runs one DETECT job of the episode on a data root with {@code scrfd} and
 * {@code arcface} and prints {@code JOB <id>}, {@code DETECTED <n>} after each detector call, and
 * {@code END <status>}. Arguments: shared folder, data root, video, sample rate, heartbeat milliseconds.
 */
public final class WorkerChild {
    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        Assets assets = Assets.locate(args[0]);
        Path root = Path.of(args[1]);
        Path video = Path.of(args[2]);
        double sampleFps = Double.parseDouble(args[3]);
        Duration heartbeat = Duration.ofMillis(Long.parseLong(args[4]));
        try (FacePipeline pipeline = ProcessRows.pipeline(assets, root, sampleFps, heartbeat,
                ProcessRows.detector(assets, System.out))) {
            JobHandle job = pipeline.submit(new Episode(ProcessRows.EPISODE, video), Stage.DETECT);
            System.out.println("JOB " + job.jobId());
            try {
                job.await();
                System.out.println("END succeeded");
            } catch (RuntimeException e) {
                System.out.println("END " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }
}
