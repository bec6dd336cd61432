package dev.fer.preprocess;

import static dev.fer.preprocess.ResizeTest.bytes;
import static dev.fer.preprocess.ResizeTest.ints;
import static dev.fer.preprocess.ResizeTest.random;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.geometry.AffineMatrix;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.testing.OpenCvOracle;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WarpAffineTest {

    @Test
    void warp_identityReturnsTheImage() {
        byte[] src = random(new Random(1), 9 * 7 * 3);
        byte[] dst = new byte[src.length];
        WarpAffine.warp(src, 9, 7, 3, AffineMatrix.identity(), dst, 9, 7);
        assertThat(dst).isEqualTo(src);
    }

    @Test
    void warp_halfPixelShiftAveragesNeighboursAndBlendsWithBlackAtTheBorder() {
        // dst(x) samples src(x - 0.5): weights 16384/16384, so (a + b + 1) >> 1; left of column 0 counts as 0.
        byte[] src = bytes(10, 20, 31, 100, 0, 255);
        byte[] dst = new byte[6];
        WarpAffine.warp(src, 3, 2, 1, AffineMatrix.translation(0.5, 0), dst, 3, 2);
        assertThat(ints(dst)).containsExactly(5, 15, 26, 50, 50, 128);
    }

    @Test
    void warp_quarterPixelShiftUsesFixedPointWeights() {
        // dst(x, 0) samples src(x + 0.25, 0): weights 24576 and 8192 → (24576·a + 8192·b + 16384) >> 15.
        byte[] src = bytes(0, 255, 7, 9);
        byte[] dst = new byte[4];
        WarpAffine.warp(src, 4, 1, 1, AffineMatrix.translation(-0.25, 0), dst, 4, 1);
        // x=0: (0·24576 + 255·8192 + 16384) >> 15 = 64; x=1: (255·24576 + 7·8192 + 16384) >> 15 = 193;
        // x=2: (7·24576 + 9·8192 + 16384) >> 15 = 8; x=3: right neighbour outside → (9·24576 + 16384) >> 15 = 7.
        assertThat(ints(dst)).containsExactly(64, 193, 8, 7);
    }

    @Test
    void warp_fullyOutsideIsBlack() {
        byte[] src = random(new Random(2), 4 * 4 * 3);
        byte[] dst = new byte[5 * 5 * 3];
        java.util.Arrays.fill(dst, (byte) 7);
        WarpAffine.warp(src, 4, 4, 3, AffineMatrix.translation(100, -100), dst, 5, 5);
        assertThat(dst).containsOnly(0);
    }

    @Test
    void warp_matchesOpenCvOnRandomSimilaritiesIncludingFacesPartlyOutside() {
        Random r = new Random(112);
        int[][] sizes = {{640, 480}, {320, 240}, {1, 1}, {1, 37}, {37, 1}, {2, 2}, {113, 97}, {910, 1137}};
        int cases = 0;
        for (int t = 0; t < 120; t++) {
            int[] s = sizes[t % sizes.length];
            int w = s[0];
            int h = s[1];
            int cn = (t / sizes.length) % 2 == 0 ? 3 : 1;
            int dw = t % 5 == 0 ? 1 + r.nextInt(150) : 112;
            int dh = t % 5 == 0 ? 1 + r.nextInt(150) : 112;
            // A face of side f centred at (cx, cy), possibly beyond the edges, mapped onto the output square.
            double f = 0.5 + r.nextDouble() * Math.max(w, h);
            double cx = -0.3 * w + r.nextDouble() * 1.6 * w;
            double cy = -0.3 * h + r.nextDouble() * 1.6 * h;
            double scale = dw / f;
            double angle = (r.nextDouble() - 0.5) * 1.2;
            AffineMatrix m = AffineMatrix.translation(dw / 2.0, dh / 2.0)
                    .compose(AffineMatrix.similarity(scale, angle, 0, 0))
                    .compose(AffineMatrix.translation(-cx, -cy));
            assertWarpMatches(random(r, w * h * cn), w, h, cn, m, dw, dh);
            cases++;
        }
        for (int t = 0; t < 30; t++) {
            int w = 1 + r.nextInt(60);
            int h = 1 + r.nextInt(60);
            int cn = 1 + r.nextInt(4);
            AffineMatrix m = new AffineMatrix(r.nextGaussian() * 2, r.nextGaussian(), r.nextGaussian() * 20,
                    r.nextGaussian(), r.nextGaussian() * 2, r.nextGaussian() * 20);
            assertWarpMatches(random(r, w * h * cn), w, h, cn, m, 1 + r.nextInt(70), 1 + r.nextInt(70));
            cases++;
        }
        assertThat(cases).isEqualTo(150);
    }

    private static void assertWarpMatches(byte[] src, int w, int h, int cn, AffineMatrix m, int dw, int dh) {
        byte[] mine = new byte[dw * dh * cn];
        WarpAffine.warp(src, w, h, cn, m, mine, dw, dh);
        byte[] cv = OpenCvOracle.warpAffine(src, w, h, cn, m.toArray(), dw, dh);
        assertThat(mine).as("warp %dx%d c%d -> %dx%d with %s (OpenCV %s)", w, h, cn, dw, dh, m,
                OpenCvOracle.version()).isEqualTo(cv);
    }

    @Test
    void warpInverse_equalsWarpWithTheInvertedMatrix() {
        Random r = new Random(9);
        byte[] src = random(r, 50 * 40 * 3);
        AffineMatrix m = AffineMatrix.similarity(0.7, 0.4, 5, -3);
        byte[] a = new byte[30 * 30 * 3];
        byte[] b = new byte[30 * 30 * 3];
        WarpAffine.warp(src, 50, 40, 3, m, a, 30, 30);
        WarpAffine.warpInverse(src, 50, 40, 3, m.invert(), b, 30, 30);
        assertThat(b).isEqualTo(a);
        FerImage img = FerImage.of(src, 50, 40, PixelFormat.BGR);
        FerImage out = WarpAffine.warp(img, m, 30, 30);
        assertThat(out.format()).isEqualTo(PixelFormat.BGR);
        assertThat(out.toByteArray()).isEqualTo(a);
    }

    @Test
    void warp_rejectsBadSizesWithSentences() {
        AffineMatrix id = AffineMatrix.identity();
        assertThatThrownBy(() -> WarpAffine.warp(new byte[12], 2, 2, 3, id, new byte[112 * 112], 112, 112))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination array has 12544 bytes but a 112x112 image with 3 channels needs "
                        + "exactly 37632.");
        assertThatThrownBy(() -> WarpAffine.warp(new byte[12], 2, 2, 3, id, new byte[0], 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination size must be at least 1x1, got 0x0.");
        FerImage img = FerImage.of(new byte[4], 2, 2, PixelFormat.GRAY);
        assertThatThrownBy(() -> WarpAffine.warp(img, id, 3, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The output size must be at least 1x1, got 3x0.");
    }
}
