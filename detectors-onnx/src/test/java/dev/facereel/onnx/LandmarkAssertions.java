package dev.facereel.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.facereel.spi.Face;
import dev.facereel.spi.Landmarks;

/** What every five-point detector's landmarks must satisfy on an upright face. */
final class LandmarkAssertions {
    private LandmarkAssertions() {
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
}
