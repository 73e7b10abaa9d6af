package dev.facereel.core.internal.stage.track;

import dev.facereel.core.internal.stage.StageChecks;
import dev.facereel.core.internal.stage.Vectors;
import dev.facereel.core.internal.stage.detect.FaceRecord;
import java.util.List;

/**
 * One face followed through consecutive sampled frames of one shot. Immutable.
 *
 * @param id the track id, such as {@code t0001}
 * @param shot the shot the track lies in
 * @param faces the track's faces in increasing frame order, at most one a frame, all with embeddings of one length
 * @throws IllegalArgumentException from the constructor when the faces are empty, out of order or of mixed
 *     embedding lengths
 */
public record Track(String id, int shot, List<FaceRecord> faces) {
    public Track {
        StageChecks.requireId("track", id);
        StageChecks.requireShot(shot);
        faces = List.copyOf(faces);
        if (faces.isEmpty()) {
            throw new IllegalArgumentException("track " + id + " has no faces");
        }
        int dims = faces.get(0).embeddingSize();
        for (int i = 1; i < faces.size(); i++) {
            FaceRecord face = faces.get(i);
            if (face.frame() <= faces.get(i - 1).frame()) {
                throw new IllegalArgumentException("track " + id + " faces are not in increasing frame order at frame "
                        + face.frame());
            }
            if (face.embeddingSize() != dims) {
                throw new IllegalArgumentException("track " + id + " mixes embeddings of " + dims + " and "
                        + face.embeddingSize() + " floats");
            }
        }
    }

    /** The frame number of the first face. */
    public int firstFrame() {
        return faces.get(0).frame();
    }

    /** The frame number of the last face. */
    public int lastFrame() {
        return faces.get(faces.size() - 1).frame();
    }

    /** The time in seconds of the first face. */
    public double firstTime() {
        return faces.get(0).t();
    }

    /** The time in seconds of the last face. */
    public double lastTime() {
        return faces.get(faces.size() - 1).t();
    }

    /**
     * The mean of the faces' embeddings, L2-normalised; all zeros (possibly empty) when the faces carry no
     * embedding or their mean is zero.
     */
    public float[] meanEmbedding() {
        double[] sum = new double[faces.get(0).embeddingSize()];
        for (FaceRecord face : faces) {
            face.addEmbeddingTo(sum);
        }
        return Vectors.normalised(sum);
    }
}
