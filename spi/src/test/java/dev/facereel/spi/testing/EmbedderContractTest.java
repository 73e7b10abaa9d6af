package dev.facereel.spi.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.within;

import dev.facereel.spi.Embedder;
import dev.facereel.spi.Face;
import dev.facereel.spi.Image;
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
        embedder.close();
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
