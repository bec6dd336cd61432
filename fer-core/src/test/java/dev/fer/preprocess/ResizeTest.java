package dev.fer.preprocess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.testing.OpenCvOracle;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResizeTest {

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static int[] ints(byte[] b) {
        int[] v = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            v[i] = b[i] & 0xFF;
        }
        return v;
    }

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    @Test
    void resize_upscales2x2To4x4WithOpenCvFixedPointRule() {
        // Hand-computed: x weights (2048,0) (1536,512) (512,1536) and a single tap at the right edge; y rows clamped
        // with unclamped weights (512,1536) (1536,512) (512,1536) (1536,512); vertical rounding (s + 2) >> 2.
        byte[] src = bytes(0, 100, 200, 255);
        byte[] dst = new byte[16];
        Resize.bilinear(src, 2, 2, 1, dst, 4, 4);
        assertThat(ints(dst)).containsExactly(
                0, 25, 75, 100,
                50, 72, 117, 139,
                150, 167, 200, 216,
                200, 214, 241, 255);
    }

    @Test
    void resize_halvingAveragesBlocksRoundingHalfUp() {
        // OpenCV takes its INTER_AREA shortcut for an exact 2x shrink: (a + b + c + d + 2) >> 2.
        byte[] src = bytes(
                1, 2, 0, 0,
                3, 4, 0, 1,
                10, 10, 255, 255,
                10, 11, 255, 254);
        byte[] dst = new byte[4];
        Resize.bilinear(src, 4, 4, 1, dst, 2, 2);
        assertThat(ints(dst)).containsExactly(3, 0, 10, 255);
    }

    @Test
    void resize_sameSizeCopies() {
        byte[] src = random(new Random(3), 5 * 4 * 3);
        byte[] dst = new byte[src.length];
        Resize.bilinear(src, 5, 4, 3, dst, 5, 4);
        assertThat(dst).isEqualTo(src);
    }

    @Test
    void resize_matchesOpenCvOnRandomImages() {
        int[][] cases = {
            {1, 1, 1, 1}, {1, 1, 3, 3}, {1, 1, 7, 1}, {1, 9, 1, 4}, {9, 1, 4, 1}, {1, 17, 5, 33}, {17, 1, 33, 5},
            {2, 2, 4, 4}, {2, 2, 1, 1}, {3, 3, 2, 2}, {7, 5, 13, 11}, {13, 11, 7, 5}, {31, 17, 64, 64},
            {640, 480, 320, 240}, {1280, 853, 640, 427}, {1280, 720, 640, 360}, {910, 1137, 512, 640},
            {33, 17, 112, 112}, {112, 112, 64, 64}, {941, 941, 64, 64}, {100, 100, 300, 50}, {100, 100, 100, 37},
            {100, 100, 37, 100}, {640, 480, 640, 640}, {320, 240, 1280, 960}, {5, 5, 15, 15}, {6, 4, 3, 2},
            {101, 99, 50, 49}, {50, 50, 25, 24},
        };
        Random r = new Random(20240601);
        int checked = 0;
        for (int[] c : cases) {
            for (int cn = 1; cn <= 4; cn++) {
                if ((cn == 2 || cn == 4) && (long) c[0] * c[1] > 20_000) {
                    continue;
                }
                assertMatchesOpenCv(random(r, c[0] * c[1] * cn), c[0], c[1], cn, c[2], c[3]);
                checked++;
            }
        }
        for (int t = 0; t < 60; t++) {
            int w = 1 + r.nextInt(90);
            int h = 1 + r.nextInt(90);
            int dw = 1 + r.nextInt(90);
            int dh = 1 + r.nextInt(90);
            int cn = t % 2 == 0 ? 1 : 3;
            assertMatchesOpenCv(random(r, w * h * cn), w, h, cn, dw, dh);
            checked++;
        }
        assertThat(checked).isGreaterThan(150);
    }

    private static void assertMatchesOpenCv(byte[] src, int w, int h, int cn, int dw, int dh) {
        byte[] mine = new byte[dw * dh * cn];
        Resize.bilinear(src, w, h, cn, mine, dw, dh);
        byte[] cv = OpenCvOracle.resize(src, w, h, cn, dw, dh);
        assertThat(mine).as("resize %dx%d -> %dx%d with %d channels", w, h, dw, dh, cn).isEqualTo(cv);
    }

    @Test
    void resize_regionMatchesOpenCvRoiAndLeavesTheRestUntouched() {
        Random r = new Random(77);
        for (int t = 0; t < 40; t++) {
            int cn = t % 2 == 0 ? 3 : 1;
            int w = 5 + r.nextInt(120);
            int h = 5 + r.nextInt(120);
            int rx = r.nextInt(w - 1);
            int ry = r.nextInt(h - 1);
            int rw = 1 + r.nextInt(w - rx);
            int rh = 1 + r.nextInt(h - ry);
            int tw = 1 + r.nextInt(80);
            int th = 1 + r.nextInt(80);
            int cw = tw + r.nextInt(20);
            int ch = th + r.nextInt(20);
            int tx = r.nextInt(cw - tw + 1);
            int ty = r.nextInt(ch - th + 1);
            byte[] src = random(r, w * h * cn);
            byte[] canvas = new byte[cw * ch * cn];
            Arrays.fill(canvas, (byte) 0x5A);
            Resize.bilinear(src, w, h, cn, new IntRect(rx, ry, rw, rh), canvas, cw, ch, new IntRect(tx, ty, tw, th));
            byte[] cv = OpenCvOracle.resizeRegion(src, w, h, cn, rx, ry, rw, rh, tw, th);
            for (int y = 0; y < ch; y++) {
                for (int x = 0; x < cw; x++) {
                    boolean in = x >= tx && x < tx + tw && y >= ty && y < ty + th;
                    for (int k = 0; k < cn; k++) {
                        int got = canvas[(y * cw + x) * cn + k] & 0xFF;
                        int want = in ? cv[((y - ty) * tw + (x - tx)) * cn + k] & 0xFF : 0x5A;
                        assertThat(got).as("case %d pixel (%d,%d,%d)", t, x, y, k).isEqualTo(want);
                    }
                }
            }
        }
    }

    @Test
    void resize_ferImageKeepsFormatAndMatchesArrayVersion() {
        Random r = new Random(5);
        byte[] px = random(r, 40 * 30 * 3);
        FerImage img = FerImage.of(px, 40, 30, PixelFormat.RGB);
        FerImage out = Resize.bilinear(img, 17, 13);
        byte[] expected = new byte[17 * 13 * 3];
        Resize.bilinear(px, 40, 30, 3, expected, 17, 13);
        assertThat(out.width()).isEqualTo(17);
        assertThat(out.height()).isEqualTo(13);
        assertThat(out.format()).isEqualTo(PixelFormat.RGB);
        assertThat(out.toByteArray()).isEqualTo(expected);
        assertThat(Resize.bilinear(img, 40, 30)).isSameAs(img);
    }

    @Test
    void resize_rejectsWrongBufferSizesWithSentences() {
        assertThatThrownBy(() -> Resize.bilinear(new byte[11], 2, 2, 3, new byte[12], 2, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source array has 11 bytes but a 2x2 image with 3 channels needs exactly 12.");
        assertThatThrownBy(() -> Resize.bilinear(new byte[4], 2, 2, 1, new byte[6], 1, 5))
                .hasMessage("The destination array has 6 bytes but a 1x5 image with 1 channel needs exactly 5.")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Resize.bilinear(new byte[4], 2, 2, 1, new byte[0], 0, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The destination size must be at least 1x1, got 0x3.");
        assertThatThrownBy(() -> Resize.bilinear(new byte[0], 0, 0, 5, new byte[1], 1, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source size must be at least 1x1, got 0x0.");
        assertThatThrownBy(() -> Resize.bilinear(new byte[4], 2, 2, 1, new IntRect(1, 0, 2, 2), new byte[4], 2, 2,
                IntRect.ofSize(2, 2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The source region 2x2 rectangle at (1, 0) must lie inside the 2x2 source.");
        FerImage img = FerImage.of(new byte[4], 2, 2, PixelFormat.GRAY);
        assertThatThrownBy(() -> Resize.bilinear(img, -1, 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The output size must be at least 1x1, got -1x4.");
    }

    /** The fused grey crop + resize gives the bytes of Grayscale.region (border 0) followed by bilinear. */
    @Test
    void grayBilinear_equalsGrayRegionThenResize() {
        Random r = new Random(31);
        int w = 211;
        int h = 157;
        byte[] px = new byte[w * h * 3];
        r.nextBytes(px);
        int[][] rects = {
            {10, 20, 100, 100}, {-30, -12, 90, 90}, {150, 100, 120, 120}, {-500, 10, 40, 40}, {0, 0, 211, 157},
            {5, 5, 128, 128}, {5, 5, 64, 64}, {3, 4, 1, 70}, {40, 30, 65, 63}, {-7, 140, 300, 300}, {100, 50, 37, 29}};
        for (PixelFormat f : new PixelFormat[] {PixelFormat.BGR, PixelFormat.RGB}) {
            for (int[] q : rects) {
                IntRect rect = new IntRect(q[0], q[1], q[2], q[3]);
                for (int[] out : new int[][] {{64, 64}, {48, 80}, {7, 5}}) {
                    byte[] gray = new byte[rect.width() * rect.height()];
                    Grayscale.region(px, w, h, f, rect, 0, gray);
                    byte[] expected = new byte[out[0] * out[1]];
                    Resize.bilinear(gray, rect.width(), rect.height(), 1, expected, out[0], out[1]);
                    byte[] actual = new byte[out[0] * out[1]];
                    Resize.grayBilinear(px, w, h, f, rect, actual, out[0], out[1]);
                    assertThat(actual).as("%s %s -> %dx%d", f, rect, out[0], out[1]).isEqualTo(expected);
                }
            }
        }
    }
}
