package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.bytes;
import static dev.fer.preprocess.ResizeTest.ints;
import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.testing.OpenCvOracle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CropTest {

    @Test
    void crop_fillsThePartOutsideTheImage() {
        FerImage img = FerImage.of(bytes(1, 2, 3, 4, 5, 6), 3, 2, PixelFormat.GRAY);
        // Rectangle (-1, -1) to (2, 3): one column left, one row above and below.
        FerImage out = Crop.crop(img, new IntRect(-1, -1, 3, 4));
        assertThat(ints(out.toByteArray())).containsExactly(
                0, 0, 0,
                0, 1, 2,
                0, 4, 5,
                0, 0, 0);
        FerImage filled = Crop.crop(img, new IntRect(2, 1, 3, 1), 9);
        assertThat(ints(filled.toByteArray())).containsExactly(6, 9, 9);
        FerImage far = Crop.crop(img, new IntRect(10, 10, 2, 1), 7);
        assertThat(ints(far.toByteArray())).containsExactly(7, 7);
    }

    @Test
    void crop_matchesOpenCvConstantBorderThenRoi() {
        Random r = new Random(8);
        for (int t = 0; t < 30; t++) {
            int cn = t % 2 == 0 ? 3 : 1;
            int w = 1 + r.nextInt(30);
            int h = 1 + r.nextInt(30);
            byte[] src = random(r, w * h * cn);
            IntRect rect = new IntRect(r.nextInt(50) - 25, r.nextInt(50) - 25, 1 + r.nextInt(40), 1 + r.nextInt(40));
            int pad = 70;
            byte[] padded = OpenCvOracle.copyMakeBorder(src, w, h, cn, pad, pad, pad, pad, 17);
            byte[] want = new byte[rect.width() * rect.height() * cn];
            int pw = w + 2 * pad;
            for (int y = 0; y < rect.height(); y++) {
                System.arraycopy(padded, ((rect.y() + pad + y) * pw + rect.x() + pad) * cn, want,
                        y * rect.width() * cn, rect.width() * cn);
            }
            byte[] got = new byte[want.length];
            Crop.crop(src, w, h, cn, rect, 17, got);
            assertThat(got).as("crop %s of %dx%d", rect, w, h).isEqualTo(want);
        }
    }

    @Test
    void squareAround_followsTheMiniXceptionRule() {
        // From the reference: box [241.30696, 566.05669, 1040.9336, 1506.8204] → square [171, 566, 1112, 1507].
        IntRect sq = Crop.squareAround(new BoundingBox(241.30696f, 566.05669f, 1040.9336f, 1506.8204f));
        assertThat(sq).isEqualTo(new IntRect(171, 566, 941, 941));
        // Wide box: side = w = 10, centre (5, 1) → sx = floor(0 + 0.5) = 0, sy = floor(-4 + 0.5) = -4, S = 10.
        assertThat(Crop.squareAround(new BoundingBox(0, 0, 10, 2))).isEqualTo(new IntRect(0, -4, 10, 10));
        // Half-pixel centre rounds up: centre 2.25, side 1.5 → sx = floor(2.25 - 0.75 + 0.5) = 2, S = floor(2.0) = 2.
        assertThat(Crop.squareAround(new BoundingBox(1.5f, 1.5f, 3f, 3f))).isEqualTo(new IntRect(2, 2, 2, 2));
        assertThat(Crop.squareAround(new BoundingBox(4, 4, 4, 4))).isEqualTo(new IntRect(4, 4, 1, 1));
    }

    @Test
    void crop_rejectsBadArgumentsWithSentences() {
        assertThatThrownBy(() -> Crop.crop(new byte[4], 2, 2, 1, new IntRect(0, 0, 2, 2), 0, new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination array has 3 bytes but a 2x2 image with 1 channel needs exactly 4.");
        FerImage img = FerImage.of(new byte[4], 2, 2, PixelFormat.GRAY);
        assertThatThrownBy(() -> Crop.crop(img, new IntRect(0, 0, 1, 1), 256))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The border value must be 0 to 255, got 256.");
        assertThatThrownBy(() -> new IntRect(0, 0, 0, 5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A rectangle needs a positive size, got 0x5 at (0, 0).");
    }
}
