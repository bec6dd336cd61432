package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.internal.ImageAccess;
import dev.fer.testing.SharedAssets;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;

/**
 * JPEGs with an embedded ICC profile: the profile's APP2 segments are found and dropped before decoding (javax.imageio
 * would otherwise build a colour transform for it while reading the header), and the pixels stay OpenCV's
 * ({@link SharedImageParityTest} checks them bit for bit on the two shared JPEGs that carry a profile).
 */
class JpegIccProfileTest {
    private static final byte[] TAG = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);

    @Test
    void header_findsTheProfileSegments_andDroppingThemLeavesAJpegWithout() throws IOException {
        byte[] jpeg = Files.readAllBytes(SharedAssets.image("multi/pexels_group_meeting.jpeg"));
        long[] segments = JpegHeader.parse(new ByteArrayImageInputStream(jpeg)).iccSegments();
        assertThat(segments).isNotEmpty();
        assertThat(segments.length % 2).isZero();
        long dropped = 0;
        for (int i = 0; i < segments.length; i += 2) {
            int start = (int) segments[i];
            assertThat(jpeg[start] & 0xFF).isEqualTo(0xFF);
            assertThat(jpeg[start + 1] & 0xFF).isEqualTo(0xE2);
            int length = ((jpeg[start + 2] & 0xFF) << 8) | (jpeg[start + 3] & 0xFF);
            assertThat(segments[i + 1]).isEqualTo(start + 2 + length);
            assertThat(Arrays.copyOfRange(jpeg, start + 4, start + 4 + TAG.length)).isEqualTo(TAG);
            dropped += segments[i + 1] - start;
        }

        byte[] stripped = readAll(ImageDecoder.withoutSegments(new ByteArrayImageInputStream(jpeg), segments));
        assertThat(stripped).hasSize((int) (jpeg.length - dropped));
        assertThat(JpegHeader.parse(new ByteArrayImageInputStream(stripped)).iccSegments()).isEmpty();
        assertThat(JpegHeader.parse(new ByteArrayImageInputStream(stripped)).components()).isEqualTo(3);
    }

    @Test
    void withoutSegments_dropsExactlyTheRanges_acrossReadBufferBoundaries() throws IOException {
        byte[] data = new byte[300_000];
        new Random(7).nextBytes(data);
        long[] ranges = {0, 3, 10, 20, 65_530, 65_546, 131_072, 200_000, 262_143, 262_145, 299_990, 300_000};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        int from = 0;
        for (int i = 0; i < ranges.length; i += 2) {
            expected.write(data, from, (int) ranges[i] - from);
            from = (int) ranges[i + 1];
        }
        expected.write(data, from, data.length - from);

        assertThat(readAll(ImageDecoder.withoutSegments(new ByteArrayImageInputStream(data), ranges)))
                .isEqualTo(expected.toByteArray());
        assertThat(readAll(ImageDecoder.withoutSegments(new ByteArrayImageInputStream(data), new long[0])))
                .isEqualTo(data);
    }

    @Test
    void fileBytesAndStream_decodeTheSamePixels() throws IOException {
        for (String name : new String[] {"multi/pexels_group_meeting.jpeg", "noface/max_logo_non_face.jpg",
            "single/obama.jpg", "multi/two_people.jpg"}) {
            Path file = SharedAssets.image(name);
            byte[] bytes = Files.readAllBytes(file);
            FerImage fromFile = Images.read(file);
            FerImage fromBytes = Images.decode(bytes);
            FerImage fromStream = Images.decode(new ByteArrayInputStream(bytes));
            assertThat(fromFile.format()).as(name).isEqualTo(PixelFormat.BGR);
            assertThat(ImageAccess.pixelsOf(fromBytes)).as(name).isEqualTo(ImageAccess.pixelsOf(fromFile));
            assertThat(ImageAccess.pixelsOf(fromStream)).as(name).isEqualTo(ImageAccess.pixelsOf(fromFile));
            FerImage oracle = TestImages.opencvRead(file);
            assertThat(TestImages.maxAbsDiff(fromFile, oracle)).as("%s against OpenCV", name).isZero();
        }
    }

    @Test
    void swapRedBlue_equalsTheScalarSwap_forEveryLengthAroundTheBlockSize() {
        Random random = new Random(11);
        for (int length = 0; length <= 160; length++) {
            byte[] px = new byte[length];
            random.nextBytes(px);
            byte[] expected = px.clone();
            for (int i = 0; i + 2 < expected.length; i += 3) {
                byte r = expected[i];
                expected[i] = expected[i + 2];
                expected[i + 2] = r;
            }
            BufferedImageConverter.swapRedBlue(px);
            assertThat(px).as("length %d", length).isEqualTo(expected);
        }
    }

    private static byte[] readAll(ImageInputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = in.read(buf)) > 0) {
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
