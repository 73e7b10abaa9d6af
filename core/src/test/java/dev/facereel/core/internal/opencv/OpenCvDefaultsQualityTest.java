package dev.facereel.core.internal.opencv;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.core.testing.TestImages;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.ProviderConfig;
import dev.facereel.spi.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Records how well the model-free defaults do on the shared photos, without asserting quality: they are the
 * weak fallback. Writes {@code target/opencv-defaults.txt}.
 *
 * <p>The photos' truth lists the main faces left to right but no boxes, so for a photo with {@code n} labelled
 * faces the {@code n} best-scoring detections scoring at least {@value #MIN_SCORE}, ordered left to right, are
 * taken as those faces. The embedder is measured at several grid sizes on the faces of the photos where every
 * labelled face was taken.
 */
class OpenCvDefaultsQualityTest {
    /** Detections below this score are not taken as a labelled face; on these photos they are all false. */
    private static final float MIN_SCORE = 0.5f;

    private record Labelled(Image image, Face face, String identity) {
    }

    @Test
    void defaults_overTheLabelledPhotos_recordDetectionAndSeparation() throws Exception {
        JsonNode truth = new ObjectMapper().readTree(SharedAssets.face("truth.json").toFile())
                .get("faces_left_to_right");
        StringBuilder report = new StringBuilder("opencv-haar + opencv-lbp on media/faces\n");
        List<Labelled> faces = new ArrayList<>();
        int labelled = 0;
        int found = 0;
        try (Detector detector = new OpenCvHaarProvider().create(ProviderConfig.empty())) {
            for (Iterator<Map.Entry<String, JsonNode>> it = truth.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> photo = it.next();
                Image image = TestImages.face(photo.getKey());
                List<Face> detected = detector.detect(image);
                int n = photo.getValue().size();
                List<Face> main = new ArrayList<>(detected.stream().filter(f -> f.score() >= MIN_SCORE).limit(n).toList());
                main.sort(Comparator.comparingDouble(f -> f.box().centerX()));
                labelled += n;
                found += main.size();
                report.append(String.format("  %-24s labelled %d, detected %d, taken %d%n", photo.getKey(), n,
                        detected.size(), main.size()));
                if (main.size() == n) {
                    for (int i = 0; i < n; i++) {
                        faces.add(new Labelled(image, main.get(i), photo.getValue().get(i).asText()));
                    }
                }
            }
            report.append(String.format("haar: %d of %d labelled faces found at score >= " + MIN_SCORE + " (%s)%n", found, labelled,
                    detector.modelId()));
        }
        for (int grid : new int[] {4, 7, 8}) {
            try (Embedder embedder = new OpenCvLbpProvider().create(ProviderConfig.empty().with("grid", "" + grid))) {
                List<float[]> embeddings = faces.stream().map(f -> embedder.embed(f.image(), f.face())).toList();
                report.append(separation(faces, embeddings, embedder.modelId()));
            }
        }
        System.out.print(report);
        Path out = Path.of("target", "opencv-defaults.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(faces).isNotEmpty();
    }

    private static String separation(List<Labelled> faces, List<float[]> embeddings, String modelId) {
        List<Double> same = new ArrayList<>();
        List<Double> different = new ArrayList<>();
        for (int i = 0; i < faces.size(); i++) {
            for (int j = i + 1; j < faces.size(); j++) {
                double c = cosine(embeddings.get(i), embeddings.get(j));
                (faces.get(i).identity().equals(faces.get(j).identity()) ? same : different).add(c);
            }
        }
        return String.format("lbp: %d faces, %d same-identity pairs (min cosine %.3f), %d different-identity pairs"
                + " (max cosine %.3f), ROC AUC %.3f (%s)%n", faces.size(), same.size(),
                same.stream().mapToDouble(d -> d).min().orElse(Double.NaN), different.size(),
                different.stream().mapToDouble(d -> d).max().orElse(Double.NaN), auc(same, different), modelId);
    }

    /** The chance that a same-identity pair scores above a different-identity pair (ties count half). */
    private static double auc(List<Double> same, List<Double> different) {
        double wins = 0;
        for (double s : same) {
            for (double d : different) {
                wins += s > d ? 1 : s == d ? 0.5 : 0;
            }
        }
        return wins / ((double) same.size() * different.size());
    }

    private static double cosine(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return dot;
    }
}
