package dev.fer.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.internal.ImageAccess;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding parity with OpenCV {@code imread(IMREAD_COLOR)} on the shared images, against
 * reference/detections.json (OpenCV 4.6) and against OpenCV 4.13 through JavaCV.
 *
 * <p>Measured: every shared PNG and JPEG decodes bit-identically (SHA-256 of the BGR bytes equal, max abs diff 0).
 * Plain {@code ImageIO.read} is not identical on the two JPEGs with an ICC profile, because it converts from the
 * profile to sRGB: multi/pexels_group_meeting.jpeg max diff 31 on 88.9% of samples, mean BGR shift (-2.91, -2.31,
 * +1.25); noface/max_logo_non_face.jpg max diff 1 on 0.16% of samples. {@link Images} drops the profile's APP2
 * segments before decoding, so the reader neither converts nor builds a transform for it.
 */
class SharedImageParityTest {

    static Stream<Arguments> sharedImages() {
        Map<String, Object> root = Json.map(Json.parse(
                SharedAssets.read(SharedAssets.reference("detections.json"))));
        Map<String, Object> images = Json.map(root.get("images"));
        assertThat(images).hasSizeGreaterThanOrEqualTo(14);
        return images.entrySet().stream().map(e -> Arguments.of(e.getKey(), Json.map(e.getValue())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedImages")
    void read_matchesOpenCvReferenceBitExactly(String name, Map<String, Object> ref) {
        FerImage image = Images.read(SharedAssets.image(name));

        assertThat(image.format()).isEqualTo(PixelFormat.BGR);
        assertThat(image.width()).isEqualTo(((Double) ref.get("width")).intValue());
        assertThat(image.height()).isEqualTo(((Double) ref.get("height")).intValue());
        assertThat(TestImages.sha256(ImageAccess.pixelsOf(image))).as("decoded_bgr_sha256 of %s", name)
                .isEqualTo(ref.get("decoded_bgr_sha256"));
        List<Object> mean = Json.list(ref.get("decoded_mean_bgr"));
        double[] ours = meanBgr(image);
        for (int c = 0; c < 3; c++) {
            assertThat(ours[c]).as("mean of channel %d", c).isCloseTo((Double) mean.get(c),
                    org.assertj.core.data.Offset.offset(1e-4));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedImages")
    void read_matchesJavaCvImread(String name, Map<String, Object> ref) {
        Path file = SharedAssets.image(name);
        FerImage oracle = TestImages.opencvRead(file);
        FerImage ours = Images.read(file);
        assertThat(oracle).isNotNull();
        assertThat(ours.width()).isEqualTo(oracle.width());
        assertThat(ours.height()).isEqualTo(oracle.height());
        assertThat(TestImages.maxAbsDiff(ours, oracle)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedImages")
    void decode_bytesAndStreamsGiveTheSamePixelsAsFiles(String name, Map<String, Object> ref) throws IOException {
        Path file = SharedAssets.image(name);
        byte[] data = Files.readAllBytes(file);
        String expected = (String) ref.get("decoded_bgr_sha256");
        assertThat(TestImages.sha256(ImageAccess.pixelsOf(Images.decode(data)))).isEqualTo(expected);
        try (var in = Files.newInputStream(file)) {
            assertThat(TestImages.sha256(ImageAccess.pixelsOf(Images.decode(in)))).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sharedImages")
    void plainImageIoRead_differsOnlyWhereItAppliesAnIccProfile(String name, Map<String, Object> ref)
            throws IOException {
        // Documents why Images does not simply call ImageIO.read: the default destination type converts pixels
        // from an embedded ICC profile to sRGB. Bounds measured on these files (see the class comment).
        Path file = SharedAssets.image(name);
        BufferedImage plain = ImageIO.read(file.toFile());
        FerImage viaPlain = Images.of(plain);
        FerImage ours = Images.read(file);
        int maxDiff = TestImages.maxAbsDiff(viaPlain, ours);
        double[] a = meanBgr(viaPlain);
        double[] b = meanBgr(ours);
        double meanShift = Math.max(Math.abs(a[0] - b[0]), Math.max(Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])));
        switch (name) {
            case "multi/pexels_group_meeting.jpeg" -> {
                assertThat(maxDiff).isEqualTo(31);
                assertThat(meanShift).isBetween(2.5, 3.5);
            }
            case "noface/max_logo_non_face.jpg" -> {
                assertThat(maxDiff).isEqualTo(1);
                assertThat(meanShift).isLessThan(0.01);
            }
            default -> assertThat(maxDiff).isZero();
        }
    }

    static double[] meanBgr(FerImage image) {
        byte[] px = ImageAccess.pixelsOf(image);
        long[] sum = new long[3];
        for (int i = 0; i < px.length; i++) {
            sum[i % 3] += px[i] & 0xFF;
        }
        double n = px.length / 3.0;
        return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
    }
}
