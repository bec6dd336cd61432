package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.ImageDecodeException;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every failure is an ImageDecodeException whose message names the input, the expectation and the finding. */
class DecodeFailuresTest {
    @TempDir
    Path tmp;

    /** A PNG signature and a valid IHDR chunk declaring the size, and nothing else. */
    static byte[] pngHeader(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        byte[] chunk = new byte[4 + 13];
        System.arraycopy("IHDR".getBytes(StandardCharsets.US_ASCII), 0, chunk, 0, 4);
        putInt(chunk, 4, width);
        putInt(chunk, 8, height);
        chunk[12] = 8; // bit depth
        chunk[13] = 2; // colour type RGB
        byte[] length = new byte[4];
        putInt(length, 0, 13);
        out.writeBytes(length);
        out.writeBytes(chunk);
        CRC32 crc = new CRC32();
        crc.update(chunk);
        byte[] c = new byte[4];
        putInt(c, 0, (int) crc.getValue());
        out.writeBytes(c);
        return out.toByteArray();
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private Path file(String name, byte[] content) throws IOException {
        return Files.write(tmp.resolve(name), content);
    }

    private static byte[] smallJpeg() {
        return ExifOrientationTest.quadrantJpeg(BufferedImage.TYPE_3BYTE_BGR);
    }

    @Test
    void read_refusesMissingFileNamingIt() {
        Path missing = tmp.resolve("no-such-photo.jpg");
        assertThatThrownBy(() -> Images.read(missing))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessage("Cannot read image file " + missing + ": no such file exists. Check the path.");
        assertThatThrownBy(() -> Images.read(Path.of("relative/missing.png")))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("relative/missing.png: no such file exists")
                .hasMessageContaining("resolved against the working directory " + Path.of("").toAbsolutePath());
    }

    @Test
    void read_refusesDirectory() {
        assertThatThrownBy(() -> Images.read(tmp))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot read image file " + tmp + ": it is a directory, not an image file.");
    }

    @Test
    void read_refusesZeroByteFile() throws IOException {
        Path empty = file("empty.jpg", new byte[0]);
        assertThatThrownBy(() -> Images.read(empty))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode image file " + empty + ": it is empty (0 bytes); expected an "
                        + "image in one of the supported formats (")
                .hasMessageContaining("JPEG")
                .hasMessageContaining("PNG");
        assertThatThrownBy(() -> Images.decode(new byte[0]))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode the byte array of 0 bytes: it is empty (0 bytes)");
        assertThatThrownBy(() -> Images.decode(InputStream.nullInputStream()))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode the input stream: it is empty (0 bytes)");
    }

    @Test
    void read_refusesTextFileNamedJpg() throws IOException {
        Path text = file("notes.jpg", "Hello world, this is not a picture.\n".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> Images.read(text))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode image file " + text + ": its content is not in a supported "
                        + "image format (it starts with the bytes 48 65 6C 6C 6F 20 77 6F, \"Hello wo\"); expected "
                        + Images.SUPPORTED_FORMATS + ".")
                .hasMessageEndingWith(" The name ends in .jpg, but the content is not a valid JPG image.");
        assertThatThrownBy(() -> Images.decode("<!DOCTYPE html>".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode the byte array of 15 bytes: its content is not in a supported "
                        + "image format (it starts with the bytes 3C 21 44 4F 43 54 59 50, \"<!DOCTYP\")");
    }

    @Test
    void read_refusesSharedJpegCutInHalf() throws IOException {
        for (String name : new String[] {"single/obama.jpg", "multi/pexels_group_meeting.jpeg"}) {
            byte[] whole = Files.readAllBytes(SharedAssets.image(name));
            Path half = file("half.jpg", Arrays.copyOf(whole, whole.length / 2));
            assertThatThrownBy(() -> Images.read(half))
                    .as(name)
                    .isInstanceOf(ImageDecodeException.class)
                    .hasMessageStartingWith("Cannot decode image file " + half + ": the JPEG data is truncated: it "
                            + "ends before the End-Of-Image marker, so part of the image is missing or unverified")
                    .hasMessageContaining("Missing EOI marker")
                    .hasMessageContaining(String.format(java.util.Locale.ROOT, "The input has %,d bytes;",
                            whole.length / 2))
                    .hasMessageEndingWith("Obtain a complete copy.");
        }
    }

    @Test
    void decode_refusesJpegMissingOnlyItsEndMarker() {
        byte[] jpeg = smallJpeg();
        assertThatThrownBy(() -> Images.decode(Arrays.copyOf(jpeg, jpeg.length - 2)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("the JPEG data is truncated");
    }

    @Test
    void decode_refusesJpegCutInsideItsHeaders() {
        byte[] jpeg = smallJpeg();
        assertThatThrownBy(() -> Images.decode(Arrays.copyOf(jpeg, 100)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode the byte array of 100 bytes: the JPEG data is truncated: it "
                        + "ends before its image data is complete");
    }

    @Test
    void read_refusesTruncatedPngNamingTheChunk() throws IOException {
        byte[] whole = Files.readAllBytes(SharedAssets.image("noface/coffee.png"));
        Path half = file("half.png", Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Images.read(half))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode image file " + half + ": the PNG data is truncated: the data "
                        + "ends inside its IDAT chunk, which declares ")
                .hasMessageContaining(String.format(java.util.Locale.ROOT, "(%,d bytes in all)", whole.length / 2));

        Path noEnd = file("noend.png", Arrays.copyOf(whole, whole.length - 12));
        assertThatThrownBy(() -> Images.read(noEnd))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("the PNG data is truncated: the data ends after the IDAT chunk without the IEND "
                        + "chunk that closes every PNG");
    }

    @Test
    void decode_refusesCorruptPngHeader() {
        byte[] png = pngHeader(100, 100);
        png[24] = 3; // bit depth 3 does not exist
        assertThatThrownBy(() -> Images.decode(png))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Cannot decode the byte array of 33 bytes: its PNG header is corrupt or uses a "
                        + "variant javax.imageio cannot read (the decoder reported: \"")
                .hasMessageEndingWith("\"); expected a valid PNG file.");
        byte[] zeroWidth = pngHeader(0, 10);
        assertThatThrownBy(() -> Images.decode(zeroWidth))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("its PNG header");
    }

    @Test
    void read_refuses50000x50000PngBeforeAllocatingPixels() throws IOException {
        Path huge = file("huge.png", pngHeader(50_000, 50_000));
        assertThatThrownBy(() -> Images.read(huge))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessage("Refusing to decode image file " + huge + ": its PNG header declares 50000x50000 = "
                        + "2,500,000,000 pixels, more than the limit of 100,000,000 pixels (DecodeOptions.maxPixels); "
                        + "no pixel memory was allocated. Raising the limit (DecodeOptions.builder().maxPixels(...)) "
                        + "would not help: images above 715,827,879 pixels do not fit in one Java array as BGR.");
    }

    @Test
    void decode_refuses12000x12000PngAndSaysHowToRaiseTheLimit() {
        assertThatThrownBy(() -> Images.decode(pngHeader(12_000, 12_000)))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessage("Refusing to decode the byte array of 33 bytes: its PNG header declares 12000x12000 = "
                        + "144,000,000 pixels, more than the limit of 100,000,000 pixels (DecodeOptions.maxPixels); "
                        + "no pixel memory was allocated. If you trust this input and can spare at least 432 MB of "
                        + "memory for its pixels, raise the limit with DecodeOptions.builder().maxPixels(144000000L)"
                        + ".build() and pass the options to Images.read or Images.decode.");
    }

    @Test
    void decode_appliesCustomPixelLimitToJpeg() {
        byte[] jpeg = smallJpeg(); // 64x32 = 2048 pixels
        DecodeOptions tight = DecodeOptions.builder().maxPixels(2047).build();
        assertThatThrownBy(() -> Images.decode(jpeg, tight))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("its JPEG header declares 64x32 = 2,048 pixels, more than the limit of 2,047 "
                        + "pixels")
                .hasMessageContaining("maxPixels(2048L)");
        assertThat(Images.decode(jpeg, tight.toBuilder().maxPixels(2048).build()).width()).isEqualTo(64);
    }

    @Test
    void decode_refusesJpegWhoseFrameHeaderDeclaresHugeSize() {
        byte[] jpeg = smallJpeg();
        for (int i = 2; i < jpeg.length - 8; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) {
                putShort(jpeg, i + 5, 60_000); // height
                putShort(jpeg, i + 7, 60_000); // width
                break;
            }
        }
        assertThatThrownBy(() -> Images.decode(jpeg))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageContaining("its JPEG header declares 60000x60000 = 3,600,000,000 pixels");
    }

    private static void putShort(byte[] b, int at, int v) {
        b[at] = (byte) (v >> 8);
        b[at + 1] = (byte) v;
    }

    @Test
    void decode_refusesHugeStreamAfterReadingOnlyItsHeader() {
        byte[] header = pngHeader(20_000, 20_000);
        byte[] data = Arrays.copyOf(header, header.length + 4_000_000); // followed by 4 MB nobody should read
        long[] read = {0};
        InputStream counting = new FilterInputStream(new ByteArrayInputStream(data)) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                read[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read[0] += Math.max(0, n);
                return n;
            }
        };
        assertThatThrownBy(() -> Images.decode(counting))
                .isInstanceOf(ImageDecodeException.class)
                .hasMessageStartingWith("Refusing to decode the input stream: its PNG header declares 20000x20000");
        assertThat(read[0]).isLessThan(100_000);
    }

    @Test
    void decodeOptions_rejectsNonPositiveLimit() {
        assertThatThrownBy(() -> DecodeOptions.builder().maxPixels(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DecodeOptions.maxPixels must be at least 1, got 0; the default is 100,000,000 pixels.");
        assertThat(DecodeOptions.defaults())
                .isEqualTo(new DecodeOptions(DecodeOptions.DEFAULT_MAX_PIXELS, true, false));
    }

    @Test
    void decode_throwsOnlyImageDecodeExceptionOnMutatedFiles() {
        byte[][] seeds = {
            smallJpeg(),
            TestImages.jpeg(new BufferedImage(24, 16, BufferedImage.TYPE_3BYTE_BGR), 0.8f, true),
            TestImages.encode(new BufferedImage(24, 16, BufferedImage.TYPE_INT_ARGB), "png"),
            TestImages.encode(new BufferedImage(24, 16, BufferedImage.TYPE_3BYTE_BGR), "bmp"),
            TestImages.encode(new BufferedImage(24, 16, BufferedImage.TYPE_BYTE_INDEXED), "gif"),
        };
        DecodeOptions bounded = DecodeOptions.builder().maxPixels(4_000_000).build();
        Random random = new Random(2024);
        int failures = 0;
        for (byte[] seed : seeds) {
            for (int i = 0; i < 150; i++) {
                byte[] mutated = random.nextInt(4) == 0
                        ? Arrays.copyOf(seed, random.nextInt(seed.length))
                        : seed.clone();
                for (int k = 0, n = 1 + random.nextInt(6); k < n && mutated.length > 0; k++) {
                    mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
                }
                try {
                    FerImage img = Images.decode(mutated, bounded);
                    assertThat((long) img.width() * img.height()).isLessThanOrEqualTo(4_000_000);
                } catch (ImageDecodeException e) {
                    failures++;
                    assertThat(e.getMessage()).containsPattern("^(Cannot|Refusing to) decode the byte array of")
                            .doesNotContain("null");
                } catch (RuntimeException e) {
                    throw new AssertionError("Mutation " + i + " of a " + seed.length + "-byte seed escaped as "
                            + e, e);
                }
            }
        }
        assertThat(failures).isPositive();
    }
}
