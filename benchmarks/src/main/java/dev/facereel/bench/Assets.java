package dev.facereel.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test assets, read in place: the synthetic episode and the ONNX models. The folder comes from
 * {@code --shared}, else the {@code facereel.shared} system property, else {@code ../shared} next to the working
 * directory (the repository root when run from {@code ./bench}).
 */
record Assets(Path root) {
    static Assets locate(String fromArgs) {
        String dir = fromArgs != null ? fromArgs : System.getProperty("facereel.shared", "../shared");
        Path root = Path.of(dir).toAbsolutePath().normalize();
        Assets assets = new Assets(root);
        for (Path p : new Path[] {assets.episode(), assets.detectorModel(), assets.model(DetectorModel.YUNET),
            assets.embedderModel()}) {
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("missing " + p + "; point --shared (or -Dfacereel.shared) at the"
                        + " folder holding media/episode_synth.mp4 and models/");
            }
        }
        return assets;
    }

    Path episode() {
        return root.resolve("media/episode_synth.mp4");
    }

    /** SCRFD, the detector of every row but the throughput rows of other detectors. */
    Path detectorModel() {
        return model(DetectorModel.SCRFD);
    }

    Path model(DetectorModel detector) {
        return root.resolve("models").resolve(detector.file());
    }

    Path embedderModel() {
        return root.resolve("models/mobilefacenet.onnx");
    }
}
