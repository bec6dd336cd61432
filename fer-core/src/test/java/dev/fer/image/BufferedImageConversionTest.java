package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BandedSampleModel;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BufferedImageConversionTest {
    /** Three pixels in a 3x2 image, as (R, G, B); the second row repeats them reversed. */
    private static final int[][] RGB = {{200, 100, 50}, {10, 20, 30}, {255, 0, 128}};

    private static BufferedImage viaSetRgb(int type, int alpha) {
        BufferedImage img = new BufferedImage(3, 2, type);
        for (int x = 0; x < 3; x++) {
            int[] c = RGB[x];
            int argb = (alpha << 24) | (c[0] << 16) | (c[1] << 8) | c[2];
            img.setRGB(x, 0, argb);
            img.setRGB(2 - x, 1, argb);
        }
        return img;
    }

    private static void assertPixels(FerImage img, int[][] expectedRgb) {
        assertThat(img.format()).isEqualTo(PixelFormat.BGR);
        assertThat(img.width()).isEqualTo(3);
        assertThat(img.height()).isEqualTo(2);
        for (int x = 0; x < 3; x++) {
            int[] c = expectedRgb[x];
            int[] bgr = {c[2], c[1], c[0]};
            assertThat(TestImages.bgr(img, x, 0)).as("pixel (%d,0)", x).containsExactly(bgr);
            assertThat(TestImages.bgr(img, 2 - x, 1)).as("pixel (%d,1)", 2 - x).containsExactly(bgr);
        }
    }

    static Stream<Arguments> eightBitRgbTypes() {
        return Stream.of(
                Arguments.of("TYPE_3BYTE_BGR", BufferedImage.TYPE_3BYTE_BGR),
                Arguments.of("TYPE_INT_RGB", BufferedImage.TYPE_INT_RGB),
                Arguments.of("TYPE_INT_BGR", BufferedImage.TYPE_INT_BGR),
                Arguments.of("TYPE_INT_ARGB", BufferedImage.TYPE_INT_ARGB),
                Arguments.of("TYPE_4BYTE_ABGR", BufferedImage.TYPE_4BYTE_ABGR),
                Arguments.of("TYPE_INT_ARGB_PRE", BufferedImage.TYPE_INT_ARGB_PRE),
                Arguments.of("TYPE_4BYTE_ABGR_PRE", BufferedImage.TYPE_4BYTE_ABGR_PRE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eightBitRgbTypes")
    void of_keepsChannelOrderOfEightBitColourTypes(String name, int type) {
        assertPixels(Images.of(viaSetRgb(type, 255)), RGB);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eightBitRgbTypes")
    void of_ignoresAlphaWithoutCompositing(String name, int type) {
        BufferedImage img = viaSetRgb(type, 255);
        // Straight-alpha types keep their colour whatever the alpha; premultiplied ones are divided back like getRGB.
        BufferedImage translucent = viaSetRgb(type, 77);
        FerImage converted = Images.of(translucent);
        for (int x = 0; x < 3; x++) {
            int argb = translucent.getRGB(x, 0);
            assertThat(TestImages.bgr(converted, x, 0))
                    .containsExactly(argb & 0xFF, (argb >> 8) & 0xFF, (argb >> 16) & 0xFF);
        }
        if (!img.isAlphaPremultiplied()) {
            assertPixels(converted, RGB);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eightBitRgbTypes")
    void of_unpremultipliesWithExactRounding(String name, int type) {
        BufferedImage img = new BufferedImage(256, 256, type);
        if (!img.isAlphaPremultiplied()) {
            return;
        }
        WritableRaster r = img.getRaster();
        for (int a = 0; a < 256; a++) {
            for (int c = 0; c < 256; c++) {
                int v = Math.min(c, a);
                r.setPixel(c, a, new int[] {v, v / 2, 255 - v > a ? a : 255 - v, a});
            }
        }
        FerImage converted = Images.of(img);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                int[] p = r.getPixel(x, y, (int[]) null);
                int a = p[3];
                int[] expected = new int[3];
                for (int c = 0; c < 3; c++) {
                    // round(v * 255 / a) computed exactly in doubles
                    expected[2 - c] = a == 0 ? 0 : (int) Math.min(255, Math.floor(p[c] * 255.0 / a + 0.5));
                }
                assertThat(TestImages.bgr(converted, x, y)).as("pixel (%d,%d)", x, y).containsExactly(expected);
                // java.awt's float arithmetic (getRGB) agrees within one grey level
                int argb = img.getRGB(x, y);
                int red = TestImages.bgr(converted, x, y)[2];
                assertThat(Math.abs(red - ((argb >> 16) & 0xFF))).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void of_takesByteGrayValuesAsStoredNotColourManaged() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        img.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 7, 128, 200, 254, 255});
        FerImage bgr = Images.of(img);
        assertThat(bgr.toByteArray()).containsExactly(toBytes(0, 0, 0, 7, 7, 7, 128, 128, 128, 200, 200, 200,
                254, 254, 254, 255, 255, 255));
        // getRGB would have reported 7 as 46 (linear grey to sRGB): OpenCV, and this library, do not.
        assertThat(img.getRGB(1, 0) & 0xFF).isNotEqualTo(7);
        FerImage gray = Images.of(img, PixelFormat.GRAY);
        assertThat(gray.format()).isEqualTo(PixelFormat.GRAY);
        assertThat(gray.toByteArray()).containsExactly(toBytes(0, 7, 128, 200, 254, 255));
    }

    @Test
    void of_reducesUshortGrayToHighByteLikeOpenCv() {
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setPixels(0, 0, 3, 2, new int[] {0x00FF, 0x0180, 0x7F80, 0x7FFF, 0xFF7F, 0xFFFF});
        assertThat(Images.of(img, PixelFormat.GRAY).toByteArray()).containsExactly(toBytes(0, 1, 127, 127, 255, 255));
        assertThat(Images.of(img).get(2, 0, 0)).isEqualTo(127);
        assertThat(Images.of(img).get(2, 0, 2)).isEqualTo(127);
    }

    @Test
    void of_shiftsFiveAndSixBitChannelsLikeOpenCvBmp() {
        BufferedImage rgb565 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_565_RGB);
        BufferedImage rgb555 = new BufferedImage(3, 2, BufferedImage.TYPE_USHORT_555_RGB);
        rgb565.getRaster().setPixel(0, 0, new int[] {31, 63, 1});
        rgb565.getRaster().setPixel(1, 0, new int[] {18, 7, 8});
        rgb555.getRaster().setPixel(0, 0, new int[] {31, 31, 1});
        rgb555.getRaster().setPixel(1, 0, new int[] {18, 3, 8});
        FerImage a = Images.of(rgb565);
        FerImage b = Images.of(rgb555);
        assertThat(TestImages.bgr(a, 0, 0)).containsExactly(8, 252, 248);
        assertThat(TestImages.bgr(a, 1, 0)).containsExactly(64, 28, 144);
        assertThat(TestImages.bgr(b, 0, 0)).containsExactly(8, 248, 248);
        assertThat(TestImages.bgr(b, 1, 0)).containsExactly(64, 24, 144);
    }

    @Test
    void of_looksUpIndexedPaletteIgnoringItsAlpha() {
        IndexColorModel palette = new IndexColorModel(8, 3, new byte[] {(byte) 200, 10, (byte) 255},
                new byte[] {100, 20, 0}, new byte[] {50, 30, (byte) 128}, new byte[] {0, (byte) 128, (byte) 255});
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        img.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 1, 2, 2, 1, 0});
        assertPixels(Images.of(img), RGB);
    }

    @Test
    void of_readsPackedBinaryPixels() {
        BufferedImage bw = new BufferedImage(10, 2, BufferedImage.TYPE_BYTE_BINARY);
        bw.getRaster().setSample(3, 0, 0, 1);
        bw.getRaster().setSample(9, 1, 0, 1);
        FerImage gray = Images.of(bw, PixelFormat.GRAY);
        assertThat(gray.get(3, 0, 0)).isEqualTo(255);
        assertThat(gray.get(9, 1, 0)).isEqualTo(255);
        assertThat(gray.get(4, 0, 0)).isZero();
        assertThat(TestImages.bgr(Images.of(bw), 9, 1)).containsExactly(255, 255, 255);

        IndexColorModel twoBit = new IndexColorModel(2, 4, new byte[] {0, (byte) 200, 10, (byte) 255},
                new byte[] {0, 100, 20, 0}, new byte[] {0, 50, 30, (byte) 128});
        BufferedImage colour = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_BINARY, twoBit);
        colour.getRaster().setPixels(0, 0, 3, 2, new int[] {1, 2, 3, 3, 2, 1});
        assertPixels(Images.of(colour), RGB);
    }

    @Test
    void of_reduces16BitRgbCustomTypeToHighByte() {
        for (boolean alpha : new boolean[] {false, true}) {
            ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                    alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
            BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(3, 2), false, null);
            assertThat(img.getType()).isEqualTo(BufferedImage.TYPE_CUSTOM);
            for (int x = 0; x < 3; x++) {
                int[] c = RGB[x];
                // Low bytes 0xFF would round up; OpenCV (libpng strip_16) keeps the high byte.
                int[] px = alpha ? new int[] {c[0] << 8 | 0xFF, c[1] << 8 | 0xFF, c[2] << 8 | 0xFF, 1234}
                        : new int[] {c[0] << 8 | 0xFF, c[1] << 8 | 0xFF, c[2] << 8 | 0xFF};
                img.getRaster().setPixel(x, 0, px);
                img.getRaster().setPixel(2 - x, 1, px);
            }
            assertPixels(Images.of(img), RGB);
        }
    }

    @Test
    void of_readsGrayWithAlphaAndBandedRasters() {
        ColorModel grayAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage ga = new BufferedImage(grayAlpha, grayAlpha.createCompatibleWritableRaster(2, 1), false, null);
        ga.getRaster().setPixels(0, 0, 2, 1, new int[] {9, 0, 250, 255});
        assertThat(Images.of(ga, PixelFormat.GRAY).toByteArray()).containsExactly(toBytes(9, 250));
        assertThat(Images.of(ga).toByteArray()).containsExactly(toBytes(9, 9, 9, 250, 250, 250));

        ColorModel rgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster banded = Raster.createWritableRaster(new BandedSampleModel(DataBuffer.TYPE_BYTE, 3, 2, 3),
                null);
        BufferedImage img = new BufferedImage(rgb, banded, false, null);
        for (int x = 0; x < 3; x++) {
            banded.setPixel(x, 0, RGB[x]);
            banded.setPixel(2 - x, 1, RGB[x]);
        }
        assertPixels(Images.of(img), RGB);
    }

    @Test
    void of_convertsFloatSamplesThroughGetRgb() {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(3, 2), false, null);
        for (int x = 0; x < 3; x++) {
            float[] f = {RGB[x][0] / 255f, RGB[x][1] / 255f, RGB[x][2] / 255f};
            img.getRaster().setPixel(x, 0, f);
            img.getRaster().setPixel(2 - x, 1, f);
        }
        assertPixels(Images.of(img), RGB);
    }

    @Test
    void of_honoursSubImageOffsetsAndStrides() {
        for (int type : new int[] {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB,
                BufferedImage.TYPE_4BYTE_ABGR, BufferedImage.TYPE_BYTE_INDEXED}) {
            BufferedImage big = new BufferedImage(7, 5, type);
            for (int x = 0; x < 3; x++) {
                int argb = 0xFF000000 | (RGB[x][0] << 16) | (RGB[x][1] << 8) | RGB[x][2];
                big.setRGB(2 + x, 1, argb);
                big.setRGB(2 + 2 - x, 2, argb);
            }
            BufferedImage sub = big.getSubimage(2, 1, 3, 2);
            FerImage converted = Images.of(sub);
            for (int y = 0; y < 2; y++) {
                for (int x = 0; x < 3; x++) {
                    int argb = sub.getRGB(x, y);
                    assertThat(TestImages.bgr(converted, x, y)).as("type %d pixel (%d,%d)", type, x, y)
                            .containsExactly(argb & 0xFF, (argb >> 8) & 0xFF, (argb >> 16) & 0xFF);
                }
            }
            if (type != BufferedImage.TYPE_BYTE_INDEXED) { // the default palette quantises colours
                assertPixels(converted, RGB);
            }
        }
    }

    @Test
    void of_copiesSoLaterChangesDoNotShowThrough() {
        BufferedImage img = viaSetRgb(BufferedImage.TYPE_3BYTE_BGR, 255);
        FerImage converted = Images.of(img);
        img.setRGB(0, 0, 0xFF000000);
        assertPixels(converted, RGB);
    }

    @Test
    void of_convertsToRgbAndToGrayWithOpenCvWeights() {
        BufferedImage img = viaSetRgb(BufferedImage.TYPE_INT_RGB, 255);
        FerImage rgb = Images.of(img, PixelFormat.RGB);
        assertThat(rgb.format()).isEqualTo(PixelFormat.RGB);
        assertThat(new int[] {rgb.get(0, 0, 0), rgb.get(0, 0, 1), rgb.get(0, 0, 2)}).containsExactly(RGB[0]);
        FerImage gray = Images.of(img, PixelFormat.GRAY);
        // (200*4899 + 100*9617 + 50*1868 + 8192) >> 14 = 2043092 >> 14 = 124
        assertThat(gray.get(0, 0, 0)).isEqualTo(124);
    }

    @Test
    void toBufferedImage_roundTripsEveryFormat() {
        byte[] px = new byte[3 * 2 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 37);
        }
        FerImage bgr = FerImage.of(px, 3, 2, PixelFormat.BGR);
        BufferedImage bi = Images.toBufferedImage(bgr);
        assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_3BYTE_BGR);
        assertThat(Images.of(bi).toByteArray()).containsExactly(px);
        int argb = bi.getRGB(0, 0);
        assertThat(argb & 0xFF).isEqualTo(px[0] & 0xFF); // blue first in BGR

        FerImage rgb = FerImage.of(px, 3, 2, PixelFormat.RGB);
        assertThat(Images.of(Images.toBufferedImage(rgb), PixelFormat.RGB).toByteArray()).containsExactly(px);

        byte[] g = {1, 2, 3, 4, 5, (byte) 250};
        FerImage gray = FerImage.of(g, 3, 2, PixelFormat.GRAY);
        BufferedImage gb = Images.toBufferedImage(gray);
        assertThat(gb.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(Images.of(gb, PixelFormat.GRAY).toByteArray()).containsExactly(g);
    }

    static byte[] toBytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return b;
    }
}
