package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Formats and pixel layouts produced by javax.imageio's writers, checked against OpenCV imread(IMREAD_COLOR). */
class DecodeFormatsTest {
    @TempDir
    Path tmp;

    private Path write(String name, byte[] data) {
        try {
            return Files.write(tmp.resolve(name), data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes with Images and with OpenCV and asserts identical BGR pixels; returns ours. */
    private FerImage assertSameAsOpenCv(String name, byte[] data) {
        Path file = write(name, data);
        FerImage ours = Images.read(file);
        FerImage oracle = TestImages.opencvRead(file);
        assertThat(oracle).as("OpenCV decodes %s", name).isNotNull();
        assertThat(ours.format()).isEqualTo(PixelFormat.BGR);
        assertThat(ours.width()).isEqualTo(oracle.width());
        assertThat(ours.height()).isEqualTo(oracle.height());
        assertThat(TestImages.maxAbsDiff(ours, oracle)).as("max abs diff vs OpenCV for %s", name).isZero();
        return ours;
    }

    private static BufferedImage gradient(int type, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(255, 10, 60, 200), w, h, new Color(3, 200, 250, 90)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(20, 240, 30, 255));
        g.fillOval(w / 4, h / 4, w / 2, h / 2);
        g.dispose();
        return img;
    }

    @Test
    void read_reduces16BitGrayPngToHighByte() {
        int[] samples = {0x0000, 0x00FF, 0x0080, 0x0180, 0x7F7F, 0x7F80, 0x7F81, 0xFF7F, 0xFFFF};
        BufferedImage img = new BufferedImage(samples.length, 1, BufferedImage.TYPE_USHORT_GRAY);
        img.getRaster().setPixels(0, 0, samples.length, 1, samples);
        byte[] png = TestImages.encode(img, "png");

        FerImage bgr = assertSameAsOpenCv("g16.png", png);
        FerImage gray = Images.decode(png, DecodeOptions.builder().keepGray(true).build());

        assertThat(gray.format()).isEqualTo(PixelFormat.GRAY);
        assertThat(gray.toByteArray()).containsExactly(
                BufferedImageConversionTest.toBytes(0, 0, 0, 1, 127, 127, 127, 255, 255));
        assertThat(TestImages.bgr(bgr, 3, 0)).containsExactly(1, 1, 1);
    }

    @ParameterizedTest(name = "alpha {0}")
    @ValueSource(booleans = {false, true})
    void read_reduces16BitRgbPngToHighByte(boolean alpha) {
        ColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), alpha, false,
                alpha ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        BufferedImage img = new BufferedImage(cm, cm.createCompatibleWritableRaster(40, 3), false, null);
        for (int y = 0; y < 3; y++) {
            for (int x = 0; x < 40; x++) {
                int r = x * 1637 + y * 255;
                int[] px = {r & 0xFFFF, (r * 7) & 0xFFFF, 0xFFFF - (r & 0xFFFF), x * 1000};
                img.getRaster().setPixel(x, y, alpha ? px : new int[] {px[0], px[1], px[2]});
            }
        }
        FerImage ours = assertSameAsOpenCv("rgb16.png", TestImages.encode(img, "png"));
        int[] raw = img.getRaster().getPixel(5, 1, (int[]) null);
        assertThat(TestImages.bgr(ours, 5, 1)).containsExactly(raw[2] >> 8, raw[1] >> 8, raw[0] >> 8);
    }

    @Test
    void read_expandsGrayPngToBgrUnlessKeepGray() {
        BufferedImage img = gradient(BufferedImage.TYPE_BYTE_GRAY, 50, 20);
        byte[] png = TestImages.encode(img, "png");
        FerImage bgr = assertSameAsOpenCv("gray.png", png);
        FerImage gray = Images.decode(png, DecodeOptions.builder().keepGray(true).build());
        assertThat(gray.format()).isEqualTo(PixelFormat.GRAY);
        int stored = img.getRaster().getSample(7, 3, 0);
        assertThat(gray.get(7, 3, 0)).isEqualTo(stored);
        assertThat(TestImages.bgr(bgr, 7, 3)).containsExactly(stored, stored, stored);
    }

    @Test
    void read_dropsPngAlphaWithoutCompositing() {
        BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_INT_ARGB);
        img.setRGB(0, 0, 0x00FF8040); // fully transparent: colour kept, not blended with black or white
        img.setRGB(1, 0, 0x80FF8040);
        img.setRGB(2, 0, 0xFF102030);
        img.setRGB(3, 0, 0x00000000);
        FerImage ours = assertSameAsOpenCv("rgba.png", TestImages.encode(img, "png"));
        assertThat(TestImages.bgr(ours, 0, 0)).containsExactly(0x40, 0x80, 0xFF);
        assertThat(TestImages.bgr(ours, 1, 0)).containsExactly(0x40, 0x80, 0xFF);
        assertThat(TestImages.bgr(ours, 2, 0)).containsExactly(0x30, 0x20, 0x10);

        ColorModel grayAlpha = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, DataBuffer.TYPE_BYTE);
        BufferedImage ga = new BufferedImage(grayAlpha, grayAlpha.createCompatibleWritableRaster(3, 1), false, null);
        ga.getRaster().setPixels(0, 0, 3, 1, new int[] {10, 0, 128, 128, 250, 255});
        FerImage g = assertSameAsOpenCv("graya.png", TestImages.encode(ga, "png"));
        assertThat(g.toByteArray()).containsExactly(
                BufferedImageConversionTest.toBytes(10, 10, 10, 128, 128, 128, 250, 250, 250));
    }

    @Test
    void read_looksUpIndexedPngPaletteIgnoringTransparency() {
        IndexColorModel palette = new IndexColorModel(8, 3, new byte[] {(byte) 255, 0, 10},
                new byte[] {0, (byte) 255, 20}, new byte[] {0, 0, (byte) 200}, new byte[] {0, (byte) 128, (byte) 255});
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_INDEXED, palette);
        img.getRaster().setPixels(0, 0, 3, 2, new int[] {0, 1, 2, 2, 1, 0});
        FerImage ours = assertSameAsOpenCv("indexed.png", TestImages.encode(img, "png"));
        assertThat(TestImages.bgr(ours, 0, 0)).containsExactly(0, 0, 255);
        assertThat(TestImages.bgr(ours, 2, 0)).containsExactly(200, 20, 10);

        BufferedImage bw = new BufferedImage(11, 2, BufferedImage.TYPE_BYTE_BINARY);
        bw.getRaster().setSample(4, 1, 0, 1);
        FerImage bits = assertSameAsOpenCv("binary.png", TestImages.encode(bw, "png"));
        assertThat(TestImages.bgr(bits, 4, 1)).containsExactly(255, 255, 255);
        assertThat(Images.decode(TestImages.encode(bw, "png"), DecodeOptions.builder().keepGray(true).build())
                .format()).isEqualTo(PixelFormat.GRAY);
    }

    @ParameterizedTest(name = "BufferedImage type {0}")
    @ValueSource(ints = {BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_USHORT_565_RGB,
        BufferedImage.TYPE_USHORT_555_RGB, BufferedImage.TYPE_BYTE_INDEXED, BufferedImage.TYPE_BYTE_BINARY,
        BufferedImage.TYPE_BYTE_GRAY})
    void read_decodesBmpLikeOpenCv(int type) {
        assertSameAsOpenCv("t" + type + ".bmp", TestImages.encode(gradient(type, 41, 7), "bmp"));
    }

    @Test
    void read_decodesGifPalette() {
        BufferedImage img = gradient(BufferedImage.TYPE_BYTE_INDEXED, 30, 10);
        FerImage ours = Images.decode(TestImages.encode(img, "gif"));
        for (int x = 0; x < 30; x += 7) {
            int argb = img.getRGB(x, 5);
            assertThat(TestImages.bgr(ours, x, 5))
                    .containsExactly(argb & 0xFF, (argb >> 8) & 0xFF, (argb >> 16) & 0xFF);
        }
    }

    @Test
    void read_decodesBaselineProgressiveAndGreyJpegLikeOpenCv() {
        BufferedImage colour = gradient(BufferedImage.TYPE_3BYTE_BGR, 161, 97);
        assertSameAsOpenCv("baseline.jpg", TestImages.jpeg(colour, 0.9f, false));
        assertSameAsOpenCv("progressive.jpg", TestImages.jpeg(colour, 0.75f, true));
        byte[] grey = TestImages.jpeg(gradient(BufferedImage.TYPE_BYTE_GRAY, 99, 61), 0.9f, false);
        assertSameAsOpenCv("grey.jpg", grey);
        assertThat(Images.decode(grey, DecodeOptions.builder().keepGray(true).build()).format())
                .isEqualTo(PixelFormat.GRAY);
    }

    /**
     * 4:4:4, 4:2:2, 4:4:0, 4:2:0 and 4:1:1 chroma subsampling, of a synthetic image with sharp edges and of a photo.
     *
     * <p>javax.imageio decodes with the JDK's libjpeg. Debian/Ubuntu OpenJDK packages link the system libjpeg-turbo,
     * like OpenCV, and match OpenCV exactly for every layout. Builds that bundle IJG libjpeg 6b (Temurin, Oracle)
     * match exactly except 4:4:0 (luma sampled 1x2), where libjpeg-turbo interpolates chroma vertically ("fancy"
     * h1v2 upsampling) and 6b replicates rows. Measured on Temurin 25 for 4:4:0: synthetic image max abs diff 46,
     * mean abs diff 1.32, channel means within 0.055; photo max 21, 20% of samples differ, mean abs diff 0.41,
     * channel means within 0.004.
     * 4:4:0 files are rare (cameras and encoders write 4:2:0, 4:2:2 or 4:4:4).
     */
    @ParameterizedTest(name = "{0}, luma sampling {1}x{2}")
    @org.junit.jupiter.params.provider.CsvSource({"synthetic, 1, 1", "synthetic, 2, 1", "synthetic, 1, 2",
        "synthetic, 2, 2", "synthetic, 4, 1", "photo, 1, 1", "photo, 2, 1", "photo, 1, 2", "photo, 2, 2",
        "photo, 4, 1"})
    void read_decodesEveryChromaSubsamplingLikeOpenCv(String source, int h, int v) throws IOException {
        BufferedImage img = source.equals("photo")
                ? Images.toBufferedImage(Images.read(dev.fer.testing.SharedAssets.image(
                        "single/obama_small_320x240.jpg")))
                : gradient(BufferedImage.TYPE_3BYTE_BGR, 123, 77);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode luma = (IIOMetadataNode) root.getElementsByTagName("componentSpec").item(0);
        luma.setAttribute("HsamplingFactor", Integer.toString(h));
        luma.setAttribute("VsamplingFactor", Integer.toString(v));
        metadata.setFromTree(format, root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(img, null, metadata), param);
        } finally {
            writer.dispose();
        }
        byte[] jpeg = out.toByteArray();
        if (h == 1 && v == 2) {
            Path file = write(source + "440.jpg", jpeg);
            FerImage ours = Images.read(file);
            FerImage oracle = TestImages.opencvRead(file);
            assertThat(TestImages.maxAbsDiff(ours, oracle)).isLessThanOrEqualTo(48);
            assertThat(TestImages.meanAbsDiff(ours, oracle)).isLessThanOrEqualTo(1.5);
            assertThat(TestImages.meanShift(ours, oracle)).isLessThanOrEqualTo(0.1);
        } else {
            assertSameAsOpenCv(source + h + v + ".jpg", jpeg);
        }
    }

    /** A CMYK colour space, just enough for javax.imageio's JPEG writer to accept four-band rasters. */
    private static final class Cmyk extends ColorSpace {
        private static final long serialVersionUID = 1L;

        Cmyk() {
            super(TYPE_CMYK, 4);
        }

        @Override
        public float[] toRGB(float[] v) {
            return new float[3];
        }

        @Override
        public float[] fromRGB(float[] v) {
            return new float[4];
        }

        @Override
        public float[] toCIEXYZ(float[] v) {
            return new float[3];
        }

        @Override
        public float[] fromCIEXYZ(float[] v) {
            return new float[4];
        }
    }

    /** A four-component JPEG: Adobe transform 0 (CMYK), 2 (YCCK), or -1 for no Adobe segment. */
    static byte[] fourComponentJpeg(int adobeTransform) throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 48, 4, null);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                raster.setPixel(x, y, new int[] {x * 4, y * 5, (x + y) * 2, 255 - x * 2});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        ColorModel cm = new ComponentColorModel(new Cmyk(), new int[] {8, 8, 8, 8}, false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        IIOMetadata metadata = writer.getDefaultImageMetadata(new ImageTypeSpecifier(cm, raster.getSampleModel()),
                param);
        String format = "javax_imageio_jpeg_image_1.0";
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode adobe = (IIOMetadataNode) root.getElementsByTagName("app14Adobe").item(0);
        if (adobeTransform < 0) {
            adobe.getParentNode().removeChild(adobe);
        } else {
            adobe.setAttribute("transform", Integer.toString(adobeTransform));
        }
        metadata.setFromTree(format, root);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(raster, null, metadata), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "Adobe transform {0}")
    @ValueSource(ints = {0, 2, -1})
    void read_convertsCmykAndYcckJpegLikeOpenCv(int transform) throws IOException {
        byte[] jpeg = fourComponentJpeg(transform);
        assertThat(JpegHeader.parse(new ByteArrayImageInputStream(jpeg)).components()).isEqualTo(4);
        assertThat(JpegHeader.parse(new ByteArrayImageInputStream(jpeg)).adobeTransform())
                .isEqualTo(transform < 0 ? JpegHeader.NO_ADOBE_TRANSFORM : transform);
        FerImage ours = assertSameAsOpenCv("cmyk" + transform + ".jpg", jpeg);
        assertThat(ours.width()).isEqualTo(64);
    }

    @Test
    void writePng_roundTripsPixelsExactly() {
        byte[] px = new byte[5 * 4 * 3];
        for (int i = 0; i < px.length; i++) {
            px[i] = (byte) (i * 53 + 7);
        }
        FerImage bgr = FerImage.of(px, 5, 4, PixelFormat.BGR);
        Path file = tmp.resolve("out.png");
        Images.writePng(bgr, file);
        assertThat(Images.read(file).toByteArray()).containsExactly(px);
        assertThat(TestImages.opencvRead(file).toByteArray()).containsExactly(px);

        FerImage rgb = FerImage.of(px, 5, 4, PixelFormat.RGB);
        Images.writePng(rgb, file);
        assertThat(Images.read(file).convert(PixelFormat.RGB).toByteArray()).containsExactly(px);

        byte[] g = java.util.Arrays.copyOf(px, 20);
        Images.writePng(FerImage.of(g, 5, 4, PixelFormat.GRAY), file);
        assertThat(Images.read(file, DecodeOptions.builder().keepGray(true).build()).toByteArray()).containsExactly(g);
    }

    @Test
    void decode_readsStreamWithoutClosingIt() {
        byte[] png = TestImages.encode(gradient(BufferedImage.TYPE_3BYTE_BGR, 20, 10), "png");
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(png) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        FerImage img = Images.decode(in);
        assertThat(img.width()).isEqualTo(20);
        assertThat(closed[0]).isFalse();
        assertThat(img.toByteArray()).isEqualTo(Images.decode(png).toByteArray());
    }

    @Test
    void readableFormats_listsTheJdkFormats() {
        assertThat(Images.readableFormats()).contains("BMP", "GIF", "JPEG", "PNG", "WBMP").isSorted();
    }
}
