package dev.facereel.core.internal.opencv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

import dev.facereel.spi.Image;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class ImageMatsTest {
    private static Image gradient(int width, int height, int stride) {
        byte[] px = new byte[stride * height];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 7 + i / 13);
        }
        return new Image(width, height, stride, px);
    }

    @Test
    void toMat_thenToImage_roundTripsPixels() {
        Image image = gradient(17, 9, 17 * 3);
        try (Mat mat = ImageMats.toMat(image)) {
            assertThat(mat.cols()).isEqualTo(17);
            assertThat(mat.rows()).isEqualTo(9);
            assertThat(ImageMats.toImage(mat)).isEqualTo(image);
        }
    }

    @Test
    void toMat_paddedStride_dropsThePadding() {
        Image padded = gradient(5, 4, 5 * 3 + 4);
        try (Mat mat = ImageMats.toMat(padded)) {
            assertThat(ImageMats.toImage(mat).bgr()).isEqualTo(padded.packedBgr());
        }
    }

    @Test
    void toImage_nonContinuousRegion_copiesOnlyTheRegion() {
        Image image = gradient(8, 6, 8 * 3);
        try (Mat mat = ImageMats.toMat(image); Mat roi = mat.apply(new Rect(2, 1, 3, 4))) {
            Image region = ImageMats.toImage(roi);
            byte[] whole = image.bgr();
            assertThat(region.width()).isEqualTo(3);
            assertThat(region.bgr()[0]).isEqualTo(whole[(1 * 8 + 2) * 3]);
            assertThat(region.bgr()[3 * 3]).isEqualTo(whole[(2 * 8 + 2) * 3]);
        }
    }

    @Test
    void toImage_greyMat_isRejected() {
        try (Mat grey = new Mat(4, 4, CV_8UC1)) {
            assertThatThrownBy(() -> ImageMats.toImage(grey)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("8UC3");
        }
    }
}
