package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.facereel.spi.Detector;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import dev.facereel.spi.Landmarks;
import dev.facereel.spi.testing.SharedAssets;

/** What every ONNX detector must do on the shared photos, whatever its model. */
final class DetectorAssertions {
    private DetectorAssertions() {
    }

    /** Five points in ArcFace order (left eye, right eye, nose, left and right mouth corner), all inside the box. */
    static void assertArcFaceOrderInsideTheBox(Face face) {
        Landmarks l = face.landmarks();
        assertThat(l.count()).isEqualTo(5);
        assertThat(l.x(0)).as("left eye left of right eye").isLessThan(l.x(1));
        assertThat(l.x(3)).as("left mouth corner left of right one").isLessThan(l.x(4));
        assertThat(l.y(2)).as("nose below the eyes").isGreaterThan(Math.max(l.y(0), l.y(1)));
        assertThat(Math.min(l.y(3), l.y(4))).as("mouth below the nose").isGreaterThan(l.y(2));
        for (int i = 0; i < 5; i++) {
            assertThat(l.x(i)).isBetween(face.box().x1(), face.box().x2());
            assertThat(l.y(i)).isBetween(face.box().y1(), face.box().y2());
        }
    }

    /** The face of a photo squeezed into a 640x360 frame is found where the squeeze moved it, within 8 px. */
    static void assertFindsTheFaceWhereItIsIn16by9(Detector detector) {
        Image photo = TestImages.load(SharedAssets.face("obama.jpg"));
        Image frame = TestImages.load(SharedAssets.face("obama.jpg"), 640, 360);
        Face inPhoto = detector.detect(photo).get(0);
        Face inFrame = detector.detect(frame).get(0);
        float sx = 640f / photo.width();
        float sy = 360f / photo.height();
        assertThat(inFrame.box().centerX()).isCloseTo(inPhoto.box().centerX() * sx, offset(8f));
        assertThat(inFrame.box().centerY()).isCloseTo(inPhoto.box().centerY() * sy, offset(8f));
    }
}
