package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.onnx.Photos.LabelledFace;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * MobileFaceNet on the labelled photos: faces of one person must lie closer in cosine than faces of two people,
 * and aligning to the ArcFace template with a detector's landmarks (SCRFD's, YuNet's) must separate them better
 * than a square crop.
 */
class ArcFaceSeparationTest {

    /** How well cosine similarity separates same-identity pairs from different-identity pairs. */
    record Separation(String path, double minSame, double maxDifferent, double auc, int samePairs, int differentPairs) {
        double margin() {
            return minSame - maxDifferent;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-9s min same %.3f, max different %.3f, margin %+.3f, ROC AUC %.4f"
                    + " (%d same, %d different pairs)", path, minSame, maxDifferent, margin(), auc, samePairs, differentPairs);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Models.SCRFD, Models.YUNET_N, Models.YUNET_S})
    void embed_labelledPhotos_alignedSeparatesIdentitiesBetterThanCrop(String detectorModel) throws IOException {
        List<LabelledFace> faces;
        try (Detector detector = detectorModel.equals(Models.SCRFD) ? Models.scrfd() : Models.yunet(detectorModel)) {
            faces = Photos.labelledFaces(detector);
        }
        assertThat(faces).allSatisfy(f -> assertThat(f.face()).as(f.photo()).isNotNull());
        Separation aligned = separation("aligned", faces, "true");
        Separation cropped = separation("unaligned", faces, "false");
        String report = "faces from " + detectorModel + System.lineSeparator() + aligned + System.lineSeparator()
                + cropped + System.lineSeparator();
        System.out.print(report);
        Path file = Path.of("target", "arcface-separation-" + detectorModel.replace(".onnx", "") + ".txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, report);

        assertThat(1 - aligned.auc()).as("share of (same, different) comparisons out of order").isLessThanOrEqualTo(0.05);
        if (aligned.auc() == 1.0 && cropped.auc() == 1.0) {
            assertThat(aligned.margin()).isGreaterThan(cropped.margin());
        } else {
            assertThat(aligned.auc()).isGreaterThan(cropped.auc());
        }
    }

    private static Separation separation(String path, List<LabelledFace> faces, String align) {
        List<float[]> vectors = new ArrayList<>();
        try (Embedder embedder = Models.arcface(Models.config(Models.MOBILEFACENET).with("align", align))) {
            for (LabelledFace f : faces) {
                vectors.add(embedder.embed(f.image(), f.face()));
            }
        }
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                double cosine = Vectors.dot(vectors.get(i), vectors.get(j));
                (faces.get(i).identity().equals(faces.get(j).identity()) ? same : different).add(cosine);
            }
        }
        double ordered = 0;
        for (double s : same) {
            for (double d : different) {
                ordered += s > d ? 1 : s == d ? 0.5 : 0;
            }
        }
        return new Separation(path, same.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
                different.stream().mapToDouble(Double::doubleValue).max().orElseThrow(),
                ordered / ((double) same.size() * different.size()), same.size(), different.size());
    }
}
