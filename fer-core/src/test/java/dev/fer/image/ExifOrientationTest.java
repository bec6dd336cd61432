package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ExifOrientationTest {
    private static final int W = 64;
    private static final int H = 32;
    // Stored quadrant colours (BGR as decoded, with a tolerance for JPEG loss).
    private static final int[] RED = {0, 0, 255};
    private static final int[] GREEN = {0, 255, 0};
    private static final int[] BLUE = {255, 0, 0};
    private static final int[] WHITE = {255, 255, 255};

    @TempDir
    Path tmp;

    /** A 64x32 JPEG with red, green, blue and white quadrants (top-left, top-right, bottom-left, bottom-right). */
    static byte[] quadrantJpeg(int type) {
        BufferedImage img = new BufferedImage(W, H, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, W / 2, H / 2);
        g.setColor(Color.GREEN);
        g.fillRect(W / 2, 0, W / 2, H / 2);
        g.setColor(Color.BLUE);
        g.fillRect(0, H / 2, W / 2, H / 2);
        g.setColor(Color.WHITE);
        g.fillRect(W / 2, H / 2, W / 2, H / 2);
        g.dispose();
        return TestImages.jpeg(img, 0.95f, false);
    }

    /** An APP1 segment (marker included) holding a one-entry IFD0 with the given tag value and type. */
    static byte[] exifSegment(int orientation, boolean littleEndian, int type) {
        ByteArrayOutputStream tiff = new ByteArrayOutputStream();
        java.util.function.IntConsumer u16 = v -> {
            if (littleEndian) {
                tiff.write(v & 0xFF);
                tiff.write((v >> 8) & 0xFF);
            } else {
                tiff.write((v >> 8) & 0xFF);
                tiff.write(v & 0xFF);
            }
        };
        tiff.writeBytes(littleEndian ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        u16.accept(42);
        u16.accept(littleEndian ? 8 : 0); // IFD0 offset 8, as a 32-bit value
        u16.accept(littleEndian ? 0 : 8);
        u16.accept(2); // two entries: ImageDescription-like filler, then orientation
        u16.accept(0x010E); // ASCII tag pointing nowhere useful; must be skipped
        u16.accept(2);
        u16.accept(littleEndian ? 4 : 0);
        u16.accept(littleEndian ? 0 : 4);
        tiff.writeBytes(new byte[] {'a', 'b', 'c', 0});
        u16.accept(0x0112);
        u16.accept(type);
        u16.accept(littleEndian ? 1 : 0); // count 1
        u16.accept(littleEndian ? 0 : 1);
        u16.accept(orientation);
        u16.accept(0);
        tiff.writeBytes(new byte[4]); // next IFD: none
        byte[] body = tiff.toByteArray();
        int length = 2 + 6 + body.length;
        ByteArrayOutputStream seg = new ByteArrayOutputStream();
        seg.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xE1, (byte) (length >> 8), (byte) length});
        seg.writeBytes(new byte[] {'E', 'x', 'i', 'f', 0, 0});
        seg.writeBytes(body);
        return seg.toByteArray();
    }

    /** Inserts a segment after SOI and the APP0 JFIF segment that javax.imageio writes. */
    static byte[] splice(byte[] jpeg, byte[] segment) {
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + (((jpeg[4] & 0xFF) << 8) | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, at);
        out.writeBytes(segment);
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static void assertColour(FerImage img, int x, int y, int[] expected, String corner) {
        int[] actual = TestImages.bgr(img, x, y);
        for (int c = 0; c < 3; c++) {
            assertThat(Math.abs(actual[c] - expected[c])).as("%s corner (%d,%d) channel %d of %s", corner, x, y, c,
                    java.util.Arrays.toString(actual)).isLessThanOrEqualTo(8);
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, 64, 32, RED,   GREEN, BLUE,  WHITE",
        "2, 64, 32, GREEN, RED,   WHITE, BLUE",
        "3, 64, 32, WHITE, BLUE,  GREEN, RED",
        "4, 64, 32, BLUE,  WHITE, RED,   GREEN",
        "5, 32, 64, RED,   BLUE,  GREEN, WHITE",
        "6, 32, 64, BLUE,  RED,   WHITE, GREEN",
        "7, 32, 64, WHITE, GREEN, BLUE,  RED",
        "8, 32, 64, GREEN, WHITE, RED,   BLUE"})
    void read_appliesExifOrientationLikeOpenCv(int orientation, int width, int height, String topLeft,
            String topRight, String bottomLeft, String bottomRight) throws IOException {
        for (boolean little : new boolean[] {false, true}) {
            byte[] jpeg = splice(quadrantJpeg(BufferedImage.TYPE_3BYTE_BGR), exifSegment(orientation, little, 3));
            Path file = tmp.resolve("o" + orientation + (little ? "le" : "be") + ".jpg");
            Files.write(file, jpeg);

            FerImage img = Images.read(file);

            assertThat(img.width()).isEqualTo(width);
            assertThat(img.height()).isEqualTo(height);
            assertColour(img, 0, 0, colour(topLeft), "top-left");
            assertColour(img, width - 1, 0, colour(topRight), "top-right");
            assertColour(img, 0, height - 1, colour(bottomLeft), "bottom-left");
            assertColour(img, width - 1, height - 1, colour(bottomRight), "bottom-right");
            // OpenCV imread(IMREAD_COLOR) applies the same orientation: pixels must be identical.
            FerImage oracle = TestImages.opencvRead(file);
            assertThat(oracle.width()).isEqualTo(width);
            assertThat(TestImages.maxAbsDiff(img, oracle)).isZero();
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {2, 5, 6, 8})
    void decode_keepsStoredOrderWhenOrientationIsDisabled(int orientation) {
        byte[] plain = quadrantJpeg(BufferedImage.TYPE_3BYTE_BGR);
        byte[] jpeg = splice(plain, exifSegment(orientation, false, 3));
        DecodeOptions off = DecodeOptions.builder().applyExifOrientation(false).build();

        FerImage img = Images.decode(jpeg, off);

        assertThat(img.width()).isEqualTo(W);
        assertThat(img.height()).isEqualTo(H);
        assertThat(img.toByteArray()).isEqualTo(Images.decode(plain).toByteArray());
    }

    @Test
    void decode_rotatesGreyJpegKeptAsGrey() {
        byte[] jpeg = splice(quadrantJpeg(BufferedImage.TYPE_BYTE_GRAY), exifSegment(6, true, 3));
        FerImage img = Images.decode(jpeg, DecodeOptions.builder().keepGray(true).build());
        assertThat(img.format()).isEqualTo(PixelFormat.GRAY);
        assertThat(img.width()).isEqualTo(H);
        assertThat(img.height()).isEqualTo(W);
        // Rotated 90 degrees clockwise: stored bottom-left (blue, grey 29) is now top-left.
        assertThat(img.get(0, 0, 0)).isBetween(20, 40);
        assertThat(img.get(H - 1, W - 1, 0)).isBetween(140, 160); // stored top-right: green, grey 150
    }

    @ParameterizedTest(name = "value {0}, type {1}")
    @CsvSource({"0, 3", "9, 3", "65535, 3", "6, 4", "6, 1"})
    void decode_ignoresInvalidOrientationTags(int value, int type) {
        byte[] jpeg = splice(quadrantJpeg(BufferedImage.TYPE_3BYTE_BGR), exifSegment(value, false, type));
        FerImage img = Images.decode(jpeg);
        assertThat(img.width()).isEqualTo(W);
        assertColour(img, 0, 0, RED, "top-left");
    }

    @Test
    void decode_ignoresGarbageExifSegments() {
        byte[] plain = quadrantJpeg(BufferedImage.TYPE_3BYTE_BGR);
        byte[] expected = Images.decode(plain).toByteArray();
        Random random = new Random(42);
        for (int i = 0; i < 200; i++) {
            byte[] good = exifSegment(6, random.nextBoolean(), 3);
            byte[] bad = good.clone();
            // Corrupt a few bytes after the "Exif\0\0" header: offsets, counts, byte order, types.
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                bad[10 + random.nextInt(bad.length - 10)] = (byte) random.nextInt(256);
            }
            FerImage img = Images.decode(splice(plain, bad));
            int parsed = JpegHeader.exifOrientation(java.util.Arrays.copyOfRange(bad, 4, bad.length));
            if (parsed <= 1) {
                assertThat(img.toByteArray()).isEqualTo(expected);
            } else {
                assertThat(img.width()).isEqualTo(parsed >= 5 ? H : W); // a valid tag survived the corruption
            }
        }
    }

    @Test
    void exifParser_neverThrowsOnRandomBytes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(80)];
            random.nextBytes(data);
            if (data.length >= 6 && random.nextBoolean()) {
                System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, data, 0, 6);
                if (data.length >= 8 && random.nextBoolean()) {
                    data[6] = 'I';
                    data[7] = 'I';
                }
            }
            assertThat(JpegHeader.exifOrientation(data)).isBetween(0, 8);
            JpegHeader header = JpegHeader.parse(new ByteArrayImageInputStream(withJpegStart(data)));
            assertThat(header.orientation()).isBetween(1, 8);
        }
    }

    private static byte[] withJpegStart(byte[] data) {
        byte[] out = new byte[data.length + 2];
        out[0] = (byte) 0xFF;
        out[1] = (byte) 0xD8;
        System.arraycopy(data, 0, out, 2, data.length);
        return out;
    }

    private static int[] colour(String name) {
        return switch (name) {
            case "RED" -> RED;
            case "GREEN" -> GREEN;
            case "BLUE" -> BLUE;
            default -> WHITE;
        };
    }
}
