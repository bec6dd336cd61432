package dev.fer.preprocess;

import static dev.fer.testing.Json.nums;
import static dev.fer.testing.Json.list;
import static dev.fer.testing.Json.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.geometry.AffineMatrix;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.SimilarityTransform;
import dev.fer.image.PixelFormat;
import dev.fer.testing.Json;
import dev.fer.testing.OpenCvOracle;
import dev.fer.testing.OpenCvOracle.Image;
import dev.fer.testing.SharedAssets;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Parity with the reference classifier inputs in ../shared/reference (made with OpenCV 4.6): images are decoded with
 * OpenCV's imread so the pixels are identical, then every preprocessing step runs in pure Java.
 */
class ReferenceParityTest {
    private static final TensorWriter MOBILEFACENET = TensorWriter.builder().layout(Layout.NCHW)
            .colorOrder(PixelFormat.RGB).scale(255f).mean(0.5f).std(0.5f).build();
    private static final TensorWriter MINI_XCEPTION = TensorWriter.builder().layout(Layout.NHWC)
            .colorOrder(PixelFormat.GRAY).scale(255f).mean(0.5f).std(0.5f).build();

    private static final double[] ARCFACE = {38.2946, 51.6963, 73.5318, 51.5014, 56.0252, 71.7366, 41.5493, 92.3655,
        70.7299, 92.2041};

    private static Map<String, Object> images;
    private static final List<String> LABELED = new ArrayList<>();

    @BeforeAll
    static void load() {
        Object root = Json.parse(SharedAssets.read(SharedAssets.reference("emotions.json")));
        images = map(root, "images");
        for (String k : images.keySet()) {
            if (k.startsWith("labeled/")) {
                LABELED.add(k);
            }
        }
        assertThat(LABELED).hasSize(5);
    }

    private static String stem(String key) {
        String file = key.substring(key.indexOf('/') + 1);
        return file.substring(0, file.lastIndexOf('.'));
    }

    private static Map<String, Object> topFace(String key) {
        return map(list(map(images, key).get("faces")).get(0));
    }

    private static Landmarks landmarks(Map<String, Object> face) {
        List<Object> pts = list(face.get("landmarks"));
        float[] xy = new float[10];
        for (int i = 0; i < 5; i++) {
            double[] p = nums(pts.get(i));
            xy[2 * i] = (float) p[0];
            xy[2 * i + 1] = (float) p[1];
        }
        return Landmarks.of(xy);
    }

    private static AffineMatrix referenceMatrix(Map<String, Object> face) {
        List<Object> rows = list(map(face, "mobilefacenet_fer").get("alignment_matrix_2x3"));
        double[] r0 = nums(rows.get(0));
        double[] r1 = nums(rows.get(1));
        return AffineMatrix.of(r0[0], r0[1], r0[2], r1[0], r1[1], r1[2]);
    }

    @Test
    void alignmentMatrix_matchesReferenceMatrices() {
        double worst = 0;
        for (String key : LABELED) {
            Map<String, Object> face = topFace(key);
            double[] got = SimilarityTransform.alignmentMatrix(landmarks(face)).toArray();
            double[] want = referenceMatrix(face).toArray();
            for (int k = 0; k < 6; k++) {
                // The JSON landmarks carry 8 significant digits (about 5e-5 px at x ~ 1000), which moves the
                // fitted translation by up to about 1e-5; the brief asks for 1e-4.
                assertThat(got[k]).as("%s coefficient %d", key, k).isCloseTo(want[k], within(1e-4));
                assertThat(got[k]).as("%s coefficient %d", key, k)
                        .isCloseTo(want[k], within(Math.abs(want[k]) * 1e-6 + 1e-7));
                worst = Math.max(worst, Math.abs(got[k] - want[k]));
            }
        }
        System.out.println("alignment matrix: max |diff| vs reference " + worst);
    }

    /**
     * The JSON landmarks are rounded to 8 significant digits, so the reference's exact matrix is unknown. Searching
     * landmarks within that rounding (half a unit of the last printed digit) must find ones whose Java alignment and
     * warp reproduce the reference crop byte for byte; this shows the warp itself is bit-exact.
     */
    @Test
    void mobileFaceNetCrop_isExactForLandmarksWithinTheJsonRounding() {
        for (String key : LABELED) {
            Image img = OpenCvOracle.imread(SharedAssets.image(key), opencv_imgcodecs.IMREAD_COLOR);
            Map<String, Object> face = topFace(key);
            byte[] ref = referenceAligned(key);
            double[] xy = new double[10];
            List<Object> pts = list(face.get("landmarks"));
            for (int i = 0; i < 5; i++) {
                double[] p = nums(pts.get(i));
                xy[2 * i] = p[0];
                xy[2 * i + 1] = p[1];
            }
            Random r = new Random(7);
            byte[] crop = new byte[112 * 112 * 3];
            int tries = 0;
            boolean exact = false;
            while (!exact && tries < 300) {
                double[] q = xy.clone();
                if (tries > 0) {
                    for (int k = 0; k < 10; k++) {
                        double halfUnit = Math.pow(10, Math.floor(Math.log10(Math.abs(q[k]))) - 7) / 2;
                        q[k] += (2 * r.nextDouble() - 1) * halfUnit;
                    }
                }
                AffineMatrix m = SimilarityTransform.estimate(ARCFACE, q).invert();
                WarpAffine.warp(img.pixels(), img.width(), img.height(), 3, m, crop, 112, 112);
                exact = java.util.Arrays.equals(crop, ref);
                tries++;
            }
            System.out.println("mobilefacenet crop " + key + ": exact after " + tries + " landmark draw(s)");
            assertThat(exact).as("%s: no landmarks within the JSON rounding reproduce the crop", key).isTrue();

            float[] tensor = new float[3 * 112 * 112];
            MOBILEFACENET.write(crop, 112, 112, PixelFormat.BGR, FloatBuffer.wrap(tensor), 0);
            assertSummary(key + " mobilefacenet", tensor, map(face, "mobilefacenet_fer", "input"), 3, 1e-6);
        }
    }

    @Test
    void mobileFaceNetCrop_withOwnAlignmentIsWithinOneLevelOfReference() {
        int total = 0;
        for (String key : LABELED) {
            Image img = OpenCvOracle.imread(SharedAssets.image(key), opencv_imgcodecs.IMREAD_COLOR);
            Map<String, Object> face = topFace(key);
            AffineMatrix m = SimilarityTransform.alignmentMatrix(landmarks(face));
            byte[] crop = new byte[112 * 112 * 3];
            WarpAffine.warp(img.pixels(), img.width(), img.height(), 3, m, crop, 112, 112);
            byte[] ref = referenceAligned(key);
            System.out.println("mobilefacenet crop (own matrix) " + key + ": " + diff(crop, ref));
            int n = 0;
            for (int i = 0; i < crop.length; i++) {
                int d = Math.abs((crop[i] & 0xFF) - (ref[i] & 0xFF));
                assertThat(d).as("%s value %d", key, i).isLessThanOrEqualTo(1);
                n += d;
            }
            // Only rows whose 10-bit rounding flips because of the 8-digit landmarks may differ.
            assertThat(n).as("%s differing values", key).isLessThan(100);
            total += n;
            float[] tensor = new float[3 * 112 * 112];
            MOBILEFACENET.write(crop, 112, 112, PixelFormat.BGR, FloatBuffer.wrap(tensor), 0);
            assertSummary(key + " mobilefacenet (own matrix)", tensor, map(face, "mobilefacenet_fer", "input"), 3,
                    1e-5);
        }
        System.out.println("mobilefacenet crops (own matrix): " + total + " values differ by 1 in total");
    }

    private static byte[] referenceAligned(String key) {
        Image ref = OpenCvOracle.imread(SharedAssets.reference("crops/" + stem(key) + "_mobilefacenet_aligned_112.png"),
                opencv_imgcodecs.IMREAD_COLOR);
        assertThat(ref.width()).isEqualTo(112);
        assertThat(ref.height()).isEqualTo(112);
        return ref.pixels();
    }

    @Test
    void miniXceptionCrop_matchesReferencePngExactly() {
        for (String key : LABELED) {
            Image img = OpenCvOracle.imread(SharedAssets.image(key), opencv_imgcodecs.IMREAD_COLOR);
            Map<String, Object> face = topFace(key);
            double[] b = nums(face.get("box"));
            IntRect sq = Crop.squareAround(new BoundingBox((float) b[0], (float) b[1], (float) b[2], (float) b[3]));
            double[] wantSq = nums(map(face, "mini_xception").get("square_crop_box"));
            assertThat(new double[] {sq.x(), sq.y(), sq.right(), sq.bottom()}).as("square of %s", key)
                    .containsExactly(wantSq);
            byte[] gray = new byte[sq.width() * sq.height()];
            Grayscale.region(img.pixels(), img.width(), img.height(), PixelFormat.BGR, sq, 0, gray);
            byte[] small = new byte[64 * 64];
            Resize.bilinear(gray, sq.width(), sq.height(), 1, small, 64, 64);
            Image ref = OpenCvOracle.imread(
                    SharedAssets.reference("crops/" + stem(key) + "_mini_xception_gray_64.png"),
                    opencv_imgcodecs.IMREAD_GRAYSCALE);
            System.out.println("mini_xception crop " + key + ": " + diff(small, ref.pixels()));
            assertThat(small).as("grey crop of %s: %s", key, diff(small, ref.pixels())).isEqualTo(ref.pixels());

            float[] tensor = new float[64 * 64];
            MINI_XCEPTION.write(small, 64, 64, PixelFormat.GRAY, FloatBuffer.wrap(tensor), 0);
            assertSummary(key + " mini_xception", tensor, map(face, "mini_xception", "input"), 1, 1e-6);
        }
    }

    /**
     * Every face in emotions.json (92 faces on 11 images, including small crowd faces near the edges): the square
     * crop box, the alignment matrix (landmarks mapped into the crop within 0.001 px) and both classifier input
     * summaries. mini-XCEPTION inputs must match to 1e-6
     * including the first values; MobileFaceNet inputs, whose crops may differ by one level on a few pixels because
     * of the 8-digit landmarks, must match in mean, std and channel means to 1e-4.
     */
    @Test
    void allFaces_matchReferenceCropsAlignmentsAndInputSummaries() {
        int faces = 0;
        double worstMobile = 0;
        for (String key : images.keySet()) {
            Image img = OpenCvOracle.imread(SharedAssets.image(key), opencv_imgcodecs.IMREAD_COLOR);
            Map<String, Object> entry = map(images, key);
            assertThat(img.width()).as("%s width", key).isEqualTo(((Double) entry.get("width")).intValue());
            for (Object f : list(entry.get("faces"))) {
                Map<String, Object> face = map(f);
                String what = key + " face " + faces;
                double[] b = nums(face.get("box"));
                IntRect sq = Crop.squareAround(new BoundingBox((float) b[0], (float) b[1], (float) b[2],
                        (float) b[3]));
                assertThat(new double[] {sq.x(), sq.y(), sq.right(), sq.bottom()}).as("square of %s", what)
                        .containsExactly(nums(map(face, "mini_xception").get("square_crop_box")));
                byte[] gray = new byte[sq.width() * sq.height()];
                Grayscale.region(img.pixels(), img.width(), img.height(), PixelFormat.BGR, sq, 0, gray);
                byte[] small = new byte[64 * 64];
                Resize.bilinear(gray, sq.width(), sq.height(), 1, small, 64, 64);
                float[] t = new float[64 * 64];
                MINI_XCEPTION.write(small, 64, 64, PixelFormat.GRAY, FloatBuffer.wrap(t), 0);
                assertSummary(what + " mini_xception", t, map(face, "mini_xception", "input"), 1, 1e-6);

                // Coefficients of tiny faces carry too few digits in JSON (-2043.5975); compare where both matrices
                // put the landmarks in the 112x112 crop instead.
                Landmarks lm = landmarks(face);
                AffineMatrix m = SimilarityTransform.alignmentMatrix(lm);
                AffineMatrix ref = referenceMatrix(face);
                for (int i = 0; i < 5; i++) {
                    double x = lm.get(i).x();
                    double y = lm.get(i).y();
                    assertThat(m.applyX(x, y)).as("%s landmark %d x", what, i).isCloseTo(ref.applyX(x, y),
                            within(1e-3));
                    assertThat(m.applyY(x, y)).as("%s landmark %d y", what, i).isCloseTo(ref.applyY(x, y),
                            within(1e-3));
                }
                byte[] crop = new byte[112 * 112 * 3];
                WarpAffine.warp(img.pixels(), img.width(), img.height(), 3, m, crop, 112, 112);
                float[] t3 = new float[3 * 112 * 112];
                MOBILEFACENET.write(crop, 112, 112, PixelFormat.BGR, FloatBuffer.wrap(t3), 0);
                Map<String, Object> in = map(face, "mobilefacenet_fer", "input");
                worstMobile = Math.max(worstMobile, Math.abs(mean(t3) - (Double) in.get("mean")));
                assertMoments(what + " mobilefacenet", t3, in, 1e-4);
                faces++;
            }
        }
        System.out.println("all faces: " + faces + " checked; worst MobileFaceNet input mean difference "
                + worstMobile);
        assertThat(faces).isEqualTo(92);
    }

    @Test
    void wholeImageTensors_matchReferenceSummaries() {
        for (String key : LABELED) {
            Image img = OpenCvOracle.imread(SharedAssets.image(key), opencv_imgcodecs.IMREAD_COLOR);
            Map<String, Object> whole = map(images, key, "whole_image");
            byte[] rgb112 = new byte[112 * 112 * 3];
            Resize.bilinear(img.pixels(), img.width(), img.height(), 3, rgb112, 112, 112);
            float[] t1 = new float[3 * 112 * 112];
            MOBILEFACENET.write(rgb112, 112, 112, PixelFormat.BGR, FloatBuffer.wrap(t1), 0);
            assertSummary(key + " whole mobilefacenet", t1, map(whole, "mobilefacenet_fer", "input"), 3, 1e-6);

            byte[] gray = new byte[img.width() * img.height()];
            Grayscale.convert(img.pixels(), img.width(), img.height(), PixelFormat.BGR, gray);
            byte[] g64 = new byte[64 * 64];
            Resize.bilinear(gray, img.width(), img.height(), 1, g64, 64, 64);
            float[] t2 = new float[64 * 64];
            MINI_XCEPTION.write(g64, 64, 64, PixelFormat.GRAY, FloatBuffer.wrap(t2), 0);
            assertSummary(key + " whole mini_xception", t2, map(whole, "mini_xception", "input"), 1, 1e-6);
        }
    }

    private static double mean(float[] t) {
        double sum = 0;
        for (float v : t) {
            sum += v;
        }
        return sum / t.length;
    }

    /** Mean, std and the three channel means of an NCHW tensor. */
    private static void assertMoments(String what, float[] t, Map<String, Object> input, double tolerance) {
        double mean = mean(t);
        double sq = 0;
        for (float v : t) {
            sq += (v - mean) * (v - mean);
        }
        assertThat(mean).as("%s mean", what).isCloseTo((Double) input.get("mean"), within(tolerance));
        assertThat(Math.sqrt(sq / t.length)).as("%s std", what).isCloseTo((Double) input.get("std"),
                within(tolerance));
        double[] cm = nums(input.get("channel_means"));
        int plane = t.length / 3;
        for (int c = 0; c < 3; c++) {
            double s = 0;
            for (int i = 0; i < plane; i++) {
                s += t[c * plane + i];
            }
            assertThat(s / plane).as("%s channel %d mean", what, c).isCloseTo(cm[c], within(tolerance));
        }
    }

    private static void assertSummary(String what, float[] t, Map<String, Object> input, int channels,
                                      double tolerance) {
        double[] first8 = nums(input.get("first8"));
        for (int i = 0; i < 8; i++) {
            assertThat((double) t[i]).as("%s first8[%d]", what, i).isCloseTo(first8[i], within(1e-7));
        }
        double sum = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (float v : t) {
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        double mean = sum / t.length;
        double sq = 0;
        for (float v : t) {
            sq += (v - mean) * (v - mean);
        }
        double std = Math.sqrt(sq / t.length);
        assertThat(mean).as("%s mean", what).isCloseTo((Double) input.get("mean"), within(tolerance));
        assertThat(std).as("%s std", what).isCloseTo((Double) input.get("std"), within(tolerance));
        assertThat(min).as("%s min", what).isCloseTo((Double) input.get("min"), within(1e-7));
        assertThat(max).as("%s max", what).isCloseTo((Double) input.get("max"), within(1e-7));
        if (channels == 3) {
            double[] cm = nums(input.get("channel_means"));
            int plane = t.length / 3;
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < plane; i++) {
                    s += t[c * plane + i];
                }
                assertThat(s / plane).as("%s channel %d mean", what, c).isCloseTo(cm[c], within(tolerance));
            }
        }
    }

    static String diff(byte[] a, byte[] b) {
        if (a.length != b.length) {
            return "length " + a.length + " vs " + b.length;
        }
        int max = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            int d = Math.abs((a[i] & 0xFF) - (b[i] & 0xFF));
            if (d > 0) {
                n++;
            }
            max = Math.max(max, d);
        }
        return "max |diff| " + max + " on " + n + " of " + a.length + " values";
    }
}
