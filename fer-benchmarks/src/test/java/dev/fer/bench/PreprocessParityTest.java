package dev.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.FloatBuffer;
import java.util.function.Supplier;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each OpenCV preprocessing peer writes the tensor fer-java writes. */
class PreprocessParityTest {
    private static PreprocessBenchmark bench;

    @BeforeAll
    static void setUp() {
        bench = new PreprocessBenchmark();
        bench.setup();
    }

    @AfterAll
    static void tearDown() {
        bench.tearDown();
    }

    @Test
    void ultraFace320_opencvBlobEqualsFerTensorExactly() {
        assertThat(maxDiff(bench::ultraFace320_fer, bench::ultraFace320_opencv, 3 * 320 * 240)).isZero();
    }

    @Test
    void yolo640_opencvBlobEqualsFerTensorWithinOneUlp() {
        // x * (1/255) in OpenCV against x / 255 in fer-java: at most one float ulp below 1.
        assertThat(maxDiff(bench::yolo640_fer, bench::yolo640_opencv, 3 * 640 * 640)).isLessThanOrEqualTo(1e-7);
    }

    @Test
    void yunet640_opencvBlobEqualsFerTensorExactly() {
        assertThat(maxDiff(bench::yunet640_fer, bench::yunet640_opencv, 3 * 640 * 640)).isZero();
    }

    @Test
    void align112_opencvBlobEqualsFerTensorWithinRounding() {
        // Same warped bytes (bit-exact warp); (x − 127.5) / 127.5 against (x / 255 − 0.5) / 0.5 in float.
        assertThat(maxDiff(bench::align112_fer, bench::align112_opencv, 3 * 112 * 112)).isLessThanOrEqualTo(1e-6);
    }

    @Test
    void gray64_opencvBlobEqualsFerTensorWithinRounding() {
        assertThat(maxDiff(bench::gray64_fer, bench::gray64_opencv, 64 * 64)).isLessThanOrEqualTo(1e-6);
    }

    private static double maxDiff(Supplier<FloatBuffer> fer, Supplier<Mat> opencv, int floats) {
        FloatBuffer ours = fer.get().duplicate().clear();
        float[] theirs = Cv.toArray(opencv.get());
        assertThat(theirs).hasSize(floats);
        double max = 0;
        for (int i = 0; i < floats; i++) {
            max = Math.max(max, Math.abs(ours.get(i) - theirs[i]));
        }
        return max;
    }
}
