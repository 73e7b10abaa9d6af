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
 * @param lowQuality whether the track is made mostly of poor faces: its mean face quality is below the
 *     {@code FaceFilter}'s; such a track joins an identity but cannot make one cast on its own
 * @throws IllegalArgumentException from the constructor when the faces are empty, out of order or of mixed
 *     embedding lengths
 */
public record Track(String id, int shot, List<FaceRecord> faces, boolean lowQuality) {
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

    /** A track that is not low-quality. */
    public Track(String id, int shot, List<FaceRecord> faces) {
        this(id, shot, faces, false);
    }

    /** The weight of a face in its track's embedding: its quality, at least {@value #MIN_WEIGHT}. */
    public static double weight(FaceRecord face) {
        return Math.max(MIN_WEIGHT, face.quality());
    }

    /** The least weight of a face, so that a track of quality-0 faces still has an embedding. */
    static final double MIN_WEIGHT = 0.01;

    /** The mean quality of the faces. */
    public double meanQuality() {
        double sum = 0;
        for (FaceRecord face : faces) {
            sum += face.quality();
        }
        return sum / faces.size();
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
     * The mean of the faces' embeddings weighted by their quality ({@link #weight}), L2-normalised; all zeros
     * (possibly empty) when the faces carry no embedding or their mean is zero.
     */
    public float[] meanEmbedding() {
        double[] sum = new double[faces.get(0).embeddingSize()];
        for (FaceRecord face : faces) {
            face.addEmbeddingTo(sum, weight(face));
        }
        return Vectors.normalised(sum);
    }
}
