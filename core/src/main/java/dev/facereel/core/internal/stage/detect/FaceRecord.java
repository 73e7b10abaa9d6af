package dev.facereel.core.internal.stage.detect;

import dev.facereel.core.internal.stage.StageChecks;
import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Landmarks;
import java.util.Arrays;
import java.util.Objects;

/**
 * One face found in one sampled frame: where it is, how sure the detector was, and its embedding.
 * An empty embedding means that none was computed. Immutable: the embedding is copied in and out.
 *
 * @param frame decode-order frame number, from 0
 * @param t the frame's time in seconds
 * @param box the face's box in frame pixels
 * @param score detector confidence in {@code [0,1]}
 * @param quality how usable the face is, in {@code [0,1]} ({@link FaceQuality})
 * @param landmarks keypoints, or {@code null} when the detector gave none
 * @param embedding the face embedding (L2-normalised by the embedder), possibly empty
 * @throws IllegalArgumentException from the constructor when a value is out of range
 */
public record FaceRecord(int frame, double t, BoundingBox box, float score, float quality, Landmarks landmarks,
                         float[] embedding) {
    public FaceRecord {
        StageChecks.requireFrameAndTime(frame, t);
        Objects.requireNonNull(box, "box");
        if (!(score >= 0f && score <= 1f)) {
            throw new IllegalArgumentException("face score must be in [0,1], got " + score);
        }
        if (!(quality >= 0f && quality <= 1f)) {
            throw new IllegalArgumentException("face quality must be in [0,1], got " + quality);
        }
        Objects.requireNonNull(embedding, "embedding");
        for (float v : embedding) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("embedding values must be finite, frame " + frame);
            }
        }
        embedding = embedding.clone();
    }

    /** A face of quality 1 (for faces made up in code, such as tests and benchmarks). */
    public FaceRecord(int frame, double t, BoundingBox box, float score, Landmarks landmarks, float[] embedding) {
        this(frame, t, box, score, 1f, landmarks, embedding);
    }

    /** The shorter side of the box, in pixels. */
    public double minSide() {
        return Math.min(box.width(), box.height());
    }

    /** Adds this face's embedding, times {@code weight}, into {@code sum}, which must have the embedding's length. */
    public void addEmbeddingTo(double[] sum, double weight) {
        for (int i = 0; i < embedding.length; i++) {
            sum[i] += weight * embedding[i];
        }
    }

    /** A copy of the embedding. */
    @Override
    public float[] embedding() {
        return embedding.clone();
    }

    /** The embedding's length: 0 when none was computed. */
    public int embeddingSize() {
        return embedding.length;
    }

    /** Adds this face's embedding into {@code sum}, which must have the embedding's length. */
    public void addEmbeddingTo(double[] sum) {
        for (int i = 0; i < embedding.length; i++) {
            sum[i] += embedding[i];
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FaceRecord other && frame == other.frame && Double.compare(t, other.t) == 0
                && box.equals(other.box) && Float.compare(score, other.score) == 0
                && Float.compare(quality, other.quality) == 0
                && Objects.equals(landmarks, other.landmarks) && Arrays.equals(embedding, other.embedding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(frame, t, box, score, quality, landmarks) * 31 + Arrays.hashCode(embedding);
    }

    @Override
    public String toString() {
        return "FaceRecord[frame=" + frame + ", t=" + t + ", box=" + box + ", score=" + score + ", quality=" + quality
                + ", embedding=" + embedding.length + " floats]";
    }
}
