package dev.facereel.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.testing.SharedAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The labelled photos of {@code media/faces/truth.json}, and their labelled faces as a detector finds them. */
public final class Photos {
    /** One labelled face: the photo it is in, who it is, and the detection matched to it. */
    public record LabelledFace(String photo, String identity, Image image, Face face) {
    }

    private Photos() {
    }

    /** Photo file name to the identities of its main faces, left to right. */
    public static Map<String, List<String>> truth() {
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(SharedAssets.face("truth.json")));
            Map<String, List<String>> truth = new LinkedHashMap<>();
            root.get("faces_left_to_right").fields().forEachRemaining(e -> {
                List<String> names = new ArrayList<>();
                e.getValue().forEach(n -> names.add(n.asText()));
                truth.put(e.getKey(), List.copyOf(names));
            });
            return truth;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The labelled faces of every photo: the photo's largest detections, one per label, matched to the labels
     * left to right. A photo with fewer detections than labels contributes a face of {@code null} per label.
     */
    public static List<LabelledFace> labelledFaces(Detector detector) {
        List<LabelledFace> all = new ArrayList<>();
        truth().forEach((photo, identities) -> {
            Image image = TestImages.load(SharedAssets.face(photo));
            List<Face> largest = detector.detect(image).stream()
                    .sorted(Comparator.comparingDouble((Face f) -> f.box().area()).reversed())
                    .limit(identities.size())
                    .sorted(Comparator.comparingDouble(f -> f.box().centerX()))
                    .toList();
            for (int i = 0; i < identities.size(); i++) {
                all.add(new LabelledFace(photo, identities.get(i), image,
                        largest.size() == identities.size() ? largest.get(i) : null));
            }
        });
        return all;
    }
}
