package dev.facereel.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.facereel.spi.BoundingBox;
import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
import java.util.Arrays;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Embedder} must show. Extend it once per provider. */
public abstract class EmbedderContractTest {
    protected Embedder embedder;

    /** A fresh embedder, ready to use. */
    protected abstract Embedder createEmbedder();

    /** An image with a face in it. */
    protected abstract Image image();

    /** A face in {@link #image()}, as a detector reports it. */
    protected abstract Face face();

    @BeforeEach
    void open() {
        embedder = createEmbedder();
    }

    @AfterEach
    void closeEmbedder() {
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void embed_returnsUnitVectorOfDeclaredDimension() {
        float[] v = embedder.embed(image(), face());
        assertThat(v).hasSize(embedder.dimension());
        double norm = 0;
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
            norm += x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-3));
    }

    @Test
    void embed_sameFaceTwice_givesSameVector() {
        assertThat(embedder.embed(image(), face())).containsExactly(embedder.embed(image(), face()));
    }

    @Test
    void embed_returnedArray_isNotSharedState() {
        float[] first = embedder.embed(image(), face());
        float[] copy = first.clone();
        first[0] += 42f;
        assertThat(embedder.embed(image(), face())).containsExactly(copy);
    }

    @Test
    void embed_fromOtherThreads_concurrentlyWhenThreadSafe_givesTheSequentialVectors() throws Exception {
        Image image = image();
        Face face = face();
        BoundingBox box = face.box();
        Face shifted = new Face(new BoundingBox(box.x1() + 3, box.y1() + 2, box.x2() + 3, box.y2() + 2)
                .clampTo(image.width(), image.height()), face.score(), null);
        float[] expected = embedder.embed(image, face);
        float[] expectedShifted = embedder.embed(image, shifted);
        Callable<Boolean> first = () -> Arrays.equals(embedder.embed(image, face), expected);
        Callable<Boolean> second = () -> Arrays.equals(embedder.embed(image, shifted), expectedShifted);
        Concurrently.check(embedder.isThreadSafe(), first, second);
    }

    @Test
    void modelId_isStableAndNonEmpty() {
        assertThat(embedder.modelId()).isNotBlank().isEqualTo(embedder.modelId());
    }

    @Test
    void close_calledTwice_isHarmless() {
        Embedder other = createEmbedder();
        other.close();
        assertThatCode(other::close).doesNotThrowAnyException();
    }
}
