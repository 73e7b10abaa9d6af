package dev.facereel.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {
    @Test
    void boundingBox_inverted_isRejected() {
        assertThatThrownBy(() -> new BoundingBox(10, 0, 5, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inverted");
    }

    @Test
    void boundingBox_iou_ofHalfOverlap() {
        BoundingBox a = new BoundingBox(0, 0, 10, 10);
        BoundingBox b = new BoundingBox(5, 0, 15, 10);
        assertThat(a.iou(b)).isCloseTo(50f / 150f, within(1e-6f));
        assertThat(a.iou(new BoundingBox(20, 20, 30, 30))).isZero();
    }

    @Test
    void boundingBox_clampTo_staysInsideImage() {
        BoundingBox box = new BoundingBox(-5, -3, 700, 400).clampTo(640, 360);
        assertThat(box).isEqualTo(new BoundingBox(0, 0, 640, 360));
    }

    @Test
    void landmarks_areCopiedInAndOut() {
        float[] xy = {1, 2, 3, 4};
        Landmarks l = Landmarks.of(xy);
        xy[0] = 99;
        assertThat(l.x(0)).isEqualTo(1f);
        l.xy()[1] = 99;
        assertThat(l.y(0)).isEqualTo(2f);
        assertThat(l.count()).isEqualTo(2);
        assertThat(l).isEqualTo(Landmarks.of(1, 2, 3, 4));
    }

    @Test
    void landmarks_oddCount_isRejected() {
        assertThatThrownBy(() -> Landmarks.of(1, 2, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void face_scoreOutsideUnitRange_isRejected() {
        assertThatThrownBy(() -> new Face(new BoundingBox(0, 0, 1, 1), 1.5f))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.5");
    }

    @Test
    void image_pixelsAreCopied_andPackedWithoutStridePadding() {
        byte[] px = new byte[2 * 8];
        px[0] = 7;
        px[8] = 9;
        Image image = new Image(2, 2, 8, px);
        px[0] = 1;
        assertThat(image.bgr()[0]).isEqualTo((byte) 7);
        byte[] packed = image.packedBgr();
        assertThat(packed).hasSize(12);
        assertThat(packed[6]).isEqualTo((byte) 9);
    }

    @Test
    void image_crop_copiesThatRectangleOnly_packed() {
        // 4x3 image with a padded stride of 16 bytes; pixel (x, y) has blue value 10 * y + x
        byte[] px = new byte[16 * 3];
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 4; x++) {
                px[y * 16 + x * 3] = (byte) (10 * y + x);
            }
        }
        Image crop = new Image(4, 3, 16, px).crop(1, 1, 2, 2);
        assertThat(crop.width()).isEqualTo(2);
        assertThat(crop.height()).isEqualTo(2);
        assertThat(crop.stride()).isEqualTo(6);
        byte[] bgr = crop.bgr();
        assertThat(new byte[] {bgr[0], bgr[3], bgr[6], bgr[9]}).containsExactly(11, 12, 21, 22);
    }

    @Test
    void image_crop_outsideOrEmpty_isRejectedNamingBoth() {
        Image image = Image.blank(4, 3);
        assertThatThrownBy(() -> image.crop(3, 0, 2, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2x1 at (3,0)").hasMessageContaining("4x3 image");
        assertThatThrownBy(() -> image.crop(0, 0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> image.crop(-1, 0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(image.crop(0, 0, 4, 3)).isEqualTo(image);
    }

    @Test
    void image_tooSmallArray_isRejected() {
        assertThatThrownBy(() -> Image.ofBgr(10, 10, new byte[10])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10x10");
    }

    @Test
    void providerConfig_typedGetters_nameTheBadKey() {
        ProviderConfig config = new ProviderConfig(null, Map.of("threads", "two", "threshold", "0.6"));
        assertThat(config.floatValue("threshold", 0.5f)).isEqualTo(0.6f);
        assertThat(config.intValue("missing", 3)).isEqualTo(3);
        assertThatThrownBy(() -> config.intValue("threads", 1)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("threads").hasMessageContaining("two");
    }

    @Test
    void providerConfig_requireModel_whenAbsent_namesProvider() {
        assertThatThrownBy(() -> ProviderConfig.empty().requireModel("scrfd"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("scrfd").hasMessageContaining("model");
        assertThat(ProviderConfig.ofModel(Path.of("m.onnx")).with("threads", "2").describe()).isEqualTo("{threads=2}");
    }
}
