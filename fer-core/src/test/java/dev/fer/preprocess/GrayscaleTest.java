package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.bytes;
import static dev.fer.preprocess.ResizeTest.ints;
import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.testing.OpenCvOracle;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.junit.jupiter.api.Test;

class GrayscaleTest {

    @Test
    void gray_usesOpenCvFixedPointWeights() {
        // (9798 R + 19235 G + 3735 B + 16384) >> 15
        assertThat(Grayscale.gray(255, 255, 255)).isEqualTo(255);
        assertThat(Grayscale.gray(255, 0, 0)).isEqualTo(76);
        assertThat(Grayscale.gray(0, 255, 0)).isEqualTo(150);
        assertThat(Grayscale.gray(0, 0, 255)).isEqualTo(29);
        assertThat(Grayscale.gray(10, 20, 30)).isEqualTo(18);
        byte[] dst = new byte[2];
        Grayscale.convert(bytes(30, 20, 10, 0, 0, 255), 2, 1, PixelFormat.BGR, dst);
        assertThat(ints(dst)).containsExactly(18, 76);
    }

    @Test
    void gray_matchesCvtColorOnRandomImages() {
        Random r = new Random(31);
        for (int t = 0; t < 10; t++) {
            int w = 1 + r.nextInt(300);
            int h = 1 + r.nextInt(200);
            byte[] src = random(r, w * h * 3);
            byte[] mine = new byte[w * h];
            Grayscale.convert(src, w, h, PixelFormat.BGR, mine);
            assertThat(mine).isEqualTo(OpenCvOracle.cvtColor(src, w, h, 3, opencv_imgproc.COLOR_BGR2GRAY));
            Grayscale.convert(src, w, h, PixelFormat.RGB, mine);
            assertThat(mine).isEqualTo(OpenCvOracle.cvtColor(src, w, h, 3, opencv_imgproc.COLOR_RGB2GRAY));
            assertThat(FerImage.of(src, w, h, PixelFormat.RGB).convert(PixelFormat.GRAY).toByteArray())
                    .isEqualTo(mine);
        }
    }

    @Test
    void region_equalsConstantBorderCropThenCvtColor() {
        Random r = new Random(32);
        for (int t = 0; t < 20; t++) {
            int w = 1 + r.nextInt(40);
            int h = 1 + r.nextInt(40);
            byte[] src = random(r, w * h * 3);
            IntRect rect = new IntRect(r.nextInt(40) - 20, r.nextInt(40) - 20, 1 + r.nextInt(50), 1 + r.nextInt(50));
            byte[] crop = new byte[rect.width() * rect.height() * 3];
            Crop.crop(src, w, h, 3, rect, 0, crop);
            byte[] want = OpenCvOracle.cvtColor(crop, rect.width(), rect.height(), 3, opencv_imgproc.COLOR_BGR2GRAY);
            byte[] got = new byte[rect.width() * rect.height()];
            Grayscale.region(src, w, h, PixelFormat.BGR, rect, 0, got);
            assertThat(got).as("region %s of %dx%d", rect, w, h).isEqualTo(want);
        }
        byte[] g = new byte[3];
        Grayscale.region(bytes(5, 6), 2, 1, PixelFormat.GRAY, new IntRect(1, 0, 3, 1), 200, g);
        assertThat(ints(g)).containsExactly(6, 200, 200);
    }

    @Test
    void region_rejectsWrongDestinationSize() {
        assertThatThrownBy(() -> Grayscale.region(new byte[12], 2, 2, PixelFormat.RGB, new IntRect(0, 0, 3, 3), 0,
                new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination array has 4 bytes but a 3x3 image with 1 channel needs exactly 9.");
        assertThatThrownBy(() -> Grayscale.convert(new byte[4], 2, 2, PixelFormat.BGR, new byte[4]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source array has 4 bytes but a 2x2 image with 3 channels needs exactly 12.");
    }
}
