package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.bytes;
import static dev.fer.preprocess.ResizeTest.ints;
import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.preprocess.LetterboxGeometry.Anchor;
import dev.fer.testing.OpenCvOracle;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LetterboxTest {

    @Test
    void letterbox_centersTheResizedImageAndPadsAround() {
        // 4x2 into 2x3: r = 0.5 → 2x1 (an exact 2x shrink: (a+b+c+d+2)>>2), centred at top = (3 - 1) / 2 = 1.
        byte[] src = bytes(1, 2, 3, 4, 5, 6, 7, 8);
        LetterboxGeometry g = LetterboxGeometry.fit(4, 2, 2, 3, Anchor.CENTER);
        byte[] dst = new byte[6];
        Letterbox.apply(src, 4, 2, 1, g, 114, dst);
        assertThat(ints(dst)).containsExactly(114, 114, 4, 6, 114, 114);
        LetterboxGeometry topLeft = LetterboxGeometry.fit(4, 2, 2, 3, Anchor.TOP_LEFT);
        Letterbox.apply(src, 4, 2, 1, topLeft, 0, dst);
        assertThat(ints(dst)).containsExactly(4, 6, 0, 0, 0, 0);
    }

    @Test
    void letterbox_padToMultipleCopiesWithoutResizing() {
        byte[] src = bytes(1, 2, 3, 4, 5, 6);
        LetterboxGeometry g = LetterboxGeometry.padToMultiple(3, 2, 4);
        byte[] dst = new byte[16];
        Arrays.fill(dst, (byte) 99);
        Letterbox.apply(src, 3, 2, 1, g, 0, dst);
        assertThat(ints(dst)).containsExactly(
                1, 2, 3, 0,
                4, 5, 6, 0,
                0, 0, 0, 0,
                0, 0, 0, 0);
    }

    @Test
    void letterbox_matchesOpenCvResizeThenCopyMakeBorder() {
        Random r = new Random(640);
        int[][] cases = {{1280, 853, 640, 640}, {640, 480, 640, 640}, {853, 1280, 640, 640}, {910, 1137, 320, 240},
            {33, 77, 64, 64}, {300, 300, 640, 640}};
        for (int[] c : cases) {
            byte[] src = random(r, c[0] * c[1] * 3);
            for (Anchor anchor : Anchor.values()) {
                LetterboxGeometry g = LetterboxGeometry.fit(c[0], c[1], c[2], c[3], anchor);
                assertMatches(src, g, 114);
            }
            assertMatches(src, LetterboxGeometry.stretch(c[0], c[1], c[2], c[3]), 0);
        }
    }

    private static void assertMatches(byte[] src, LetterboxGeometry g, int pad) {
        byte[] resized = OpenCvOracle.resize(src, g.srcWidth(), g.srcHeight(), 3, g.resizedWidth(),
                g.resizedHeight());
        byte[] want = OpenCvOracle.copyMakeBorder(resized, g.resizedWidth(), g.resizedHeight(), 3, g.padTop(),
                g.targetHeight() - g.resizedHeight() - g.padTop(), g.padLeft(),
                g.targetWidth() - g.resizedWidth() - g.padLeft(), pad);
        byte[] got = new byte[g.targetWidth() * g.targetHeight() * 3];
        Letterbox.apply(src, g.srcWidth(), g.srcHeight(), 3, g, pad, got);
        assertThat(got).as("letterbox %s", g).isEqualTo(want);
        FerImage img = Letterbox.apply(FerImage.of(src, g.srcWidth(), g.srcHeight(), PixelFormat.BGR), g, pad);
        assertThat(img.toByteArray()).isEqualTo(want);
    }

    @Test
    void letterbox_rejectsMismatchedGeometryAndPad() {
        LetterboxGeometry g = LetterboxGeometry.fit(4, 2, 2, 3, Anchor.CENTER);
        assertThatThrownBy(() -> Letterbox.apply(new byte[9], 3, 3, 1, g, 0, new byte[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source is 3x3 but the letterbox geometry was computed for 4x2.");
        assertThatThrownBy(() -> Letterbox.apply(new byte[8], 4, 2, 1, g, 0, new byte[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination array has 5 bytes but a 2x3 image with 1 channel needs exactly 6.");
        assertThatThrownBy(() -> Letterbox.apply(new byte[8], 4, 2, 1, g, -1, new byte[6]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The pad value must be 0 to 255, got -1.");
    }
}
