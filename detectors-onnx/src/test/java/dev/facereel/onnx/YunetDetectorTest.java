package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.onnx.Photos.LabelledFace;
import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.Landmarks;
import dev.facereel.spi.testing.SharedAssets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** YuNet (both shared model files) on the labelled photos, its landmarks checked against SCRFD's. */
class YunetDetectorTest {
    /** How far YuNet's landmarks may lie from SCRFD's, as a share of SCRFD's distance between the eyes. */
    private static final double MEDIAN_POINT = 0.10;
    private static final double WORST_POINT = 0.35;

    @ParameterizedTest
    @ValueSource(strings = {Models.YUNET_N, Models.YUNET_S})
    void detect_everyLabelledPhoto_findsEachLabelledFace_atTheDefaultThreshold(String model) {
        try (Detector detector = Models.yunet(model)) {
            List<LabelledFace> faces = Photos.labelledFaces(detector);
            assertThat(faces).hasSize(Photos.truth().values().stream().mapToInt(List::size).sum());
            for (LabelledFace f : faces) {
                assertThat(f.face()).as("%s in %s", f.identity(), f.photo()).isNotNull();
                assertThat(f.face().score()).isGreaterThanOrEqualTo(0.7f);
                assertThat(f.face().landmarks().count()).as("landmarks of %s", f.photo()).isEqualTo(5);
            }
            System.out.printf(Locale.ROOT, "%s: lowest score of a labelled face %.3f%n", model,
                    faces.stream().mapToDouble(f -> f.face().score()).min().orElseThrow());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {Models.YUNET_N, Models.YUNET_S})
    void detect_labelledFaces_landmarksLieWhereScrfdPutsThem(String model) {
        List<LabelledFace> scrfd;
        try (Detector reference = Models.scrfd()) {
            scrfd = Photos.labelledFaces(reference);
        }
        List<LabelledFace> yunet;
        try (Detector detector = Models.yunet(model)) {
            yunet = Photos.labelledFaces(detector);
        }
        List<Double> offsets = new ArrayList<>();
        for (int i = 0; i < scrfd.size(); i++) {
            Landmarks expected = scrfd.get(i).face().landmarks();
            Landmarks found = yunet.get(i).face().landmarks();
            double eyes = Math.hypot(expected.x(1) - expected.x(0), expected.y(1) - expected.y(0));
            for (int p = 0; p < 5; p++) {
                double off = Math.hypot(found.x(p) - expected.x(p), found.y(p) - expected.y(p)) / eyes;
                offsets.add(off);
                assertThat(off).as("point %d of %s in %s, off by this share of the eye distance", p,
                        scrfd.get(i).identity(), scrfd.get(i).photo()).isLessThanOrEqualTo(WORST_POINT);
            }
        }
        Collections.sort(offsets);
        double median = offsets.get(offsets.size() / 2);
        System.out.printf(Locale.ROOT, "%s landmarks against SCRFD's, as a share of the eye distance: median %.3f,"
                + " max %.3f over %d points%n", model, median, offsets.get(offsets.size() - 1), offsets.size());
        assertThat(median).as("median offset").isLessThanOrEqualTo(MEDIAN_POINT);
    }

    @ParameterizedTest
    @ValueSource(strings = {Models.YUNET_N, Models.YUNET_S})
    void detect_landmarks_followTheArcFaceOrderInsideTheBox(String model) {
        try (Detector detector = Models.yunet(model)) {
            DetectorAssertions.assertArcFaceOrderInsideTheBox(
                    detector.detect(TestImages.load(SharedAssets.face("obama.jpg"))).get(0));
        }
    }

    @Test
    void detect_frameResizedTo16by9_findsTheFaceWhereItIs() {
        try (Detector detector = Models.yunet(Models.YUNET_N)) {
            DetectorAssertions.assertFindsTheFaceWhereItIsIn16by9(detector);
        }
    }

    @Test
    void detect_randomNoiseAndExtremeFrames_findNothingWithoutFailing() {
        try (Detector detector = Models.yunet(Models.YUNET_N)) {
            assertThat(detector.detect(TestImages.noise(640, 360, 42L))).isEmpty();
            assertThat(detector.detect(Image.blank(1, 1))).isEmpty();
            assertThat(detector.detect(Image.blank(3000, 2))).isEmpty();
            assertThat(detector.detect(Image.blank(2, 3000))).isEmpty();
        }
    }

    @Test
    void detect_otherInputSizes_findTheSameFace() {
        Image frame = TestImages.load(SharedAssets.face("obama.jpg"), 640, 360);
        Face at640;
        try (Detector detector = Models.yunet(Models.YUNET_N)) {
            at640 = detector.detect(frame).get(0);
        }
        for (String size : List.of("320", "960")) {
            try (Detector detector = new YunetDetectorProvider().create(Models.config(Models.YUNET_N)
                    .with("input_size", size))) {
                List<Face> faces = detector.detect(frame);
                assertThat(faces).as("input_size %s", size).isNotEmpty();
                assertThat(faces.get(0).box().iou(at640.box())).as("input_size %s", size).isGreaterThan(0.7f);
            }
        }
    }
}
