package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.internal.stage.StageChecks;
import java.util.List;

/**
 * The faces found in one sampled frame, with the shot the frame belongs to. Immutable.
 *
 * @param frame decode-order frame number, from 0
 * @param t the frame's time in seconds
 * @param shot the frame's shot index, from {@link ShotCutDetector}
 * @param faces the faces in this frame, each with this frame number
 * @throws IllegalArgumentException from the constructor when a value is out of range or a face belongs to another frame
 */
public record FrameRecord(int frame, double t, int shot, List<FaceRecord> faces) {
    public FrameRecord {
        StageChecks.requireFrameAndTime(frame, t);
        StageChecks.requireShot(shot);
        faces = List.copyOf(faces);
        for (FaceRecord face : faces) {
            if (face.frame() != frame) {
                throw new IllegalArgumentException("face of frame " + face.frame() + " listed in frame " + frame);
            }
        }
    }
}
