package dev.facereel.onnx.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LetterboxTest {
    @Test
    void inputSize_16by9Frame_is640x384NotSquare() {
        assertThat(Letterbox.inputSize(640, 360, 640)).containsExactly(640, 384);
        assertThat(Letterbox.inputSize(1920, 1080, 640)).containsExactly(640, 384);
    }

    @Test
    void inputSize_portraitFrame_keepsTheLongSideVertical() {
        assertThat(Letterbox.inputSize(360, 640, 640)).containsExactly(384, 640);
    }

    @Test
    void inputSize_squareOrExactFit_needsNoPadding() {
        assertThat(Letterbox.inputSize(500, 500, 640)).containsExactly(640, 640);
        assertThat(Letterbox.inputSize(640, 480, 640)).containsExactly(640, 480);
        assertThat(Letterbox.inputSize(100, 1, 320)).containsExactly(320, 32);
    }
}
