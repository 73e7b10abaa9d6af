package dev.facereel.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScrfdInputSizeTest {
    @Test
    void inputSize_16by9Frame_is640x384NotSquare() {
        assertThat(ScrfdDetector.inputSize(640, 360, 640)).containsExactly(640, 384);
        assertThat(ScrfdDetector.inputSize(1920, 1080, 640)).containsExactly(640, 384);
    }

    @Test
    void inputSize_portraitFrame_keepsTheLongSideVertical() {
        assertThat(ScrfdDetector.inputSize(360, 640, 640)).containsExactly(384, 640);
    }

    @Test
    void inputSize_squareOrExactFit_needsNoPadding() {
        assertThat(ScrfdDetector.inputSize(500, 500, 640)).containsExactly(640, 640);
        assertThat(ScrfdDetector.inputSize(640, 480, 640)).containsExactly(640, 480);
        assertThat(ScrfdDetector.inputSize(100, 1, 320)).containsExactly(320, 32);
    }
}
