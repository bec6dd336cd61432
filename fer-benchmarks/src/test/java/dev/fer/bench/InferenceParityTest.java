package dev.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.detect.Detections;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.MatVector;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three ways {@link InferenceBenchmark} runs a model compute the same thing: OpenCV DNN's outputs equal ONNX
 * Runtime's on the same tensor, and fer-java's result is what those raw outputs decode to (so fer-java builds
 * exactly the tensor the baselines are fed).
 */
class InferenceParityTest {
    @ParameterizedTest
    @ValueSource(strings = {"yunet-2023mar", "ultraface-rfb-320", "retinaface-mnet025", "yolov5n-0.5-face",
        "yolov8-lite-t-face", "fer-mobilefacenet-int8", "fer-mini-xception"})
    void inference_ortRawOpenCvDnnAndFerAgree(String model) {
        InferenceBenchmark bench = new InferenceBenchmark();
        bench.model = model;
        bench.setup();
        try {
            Map<String, FloatBuffer> raw = bench.ort.runAndCopy();

            // OpenCV DNN: same outputs as ORT, output by output (matched by element count, then order).
            MatVector cv = bench.opencvDnn();
            assertThat(cv.size()).as("OpenCV output count").isEqualTo(raw.size());
            for (int i = 0; i < cv.size(); i++) {
                Mat m = cv.get(i);
                String name = bench.outputNames.get(i).getString().replace("\0", "").strip();
                assertThat(raw).as("ORT outputs %s", raw.keySet()).containsKey(name);
                FloatBuffer ort = raw.get(name);
                float[] theirs = Cv.toArray(m);
                assertThat(theirs.length).as("elements of output %s", name).isEqualTo(ort.capacity());
                double scale = 0;
                double diff = 0;
                for (int k = 0; k < theirs.length; k++) {
                    scale = Math.max(scale, Math.abs(ort.get(k)));
                    diff = Math.max(diff, Math.abs(ort.get(k) - theirs[k]));
                }
                // int8 kernels round differently in OpenCV and ORT; float models agree to ~1e-4 of the range.
                double tol = model.endsWith("int8") ? 0.05 : 2e-3;
                assertThat(diff).as("max |ORT − OpenCV| of output %s (range %s)", name, scale)
                        .isLessThanOrEqualTo(tol * Math.max(1.0, scale));
            }

            if (bench.detector != null) {
                DetectorInput in = DetectorInput.of(model);
                LetterboxGeometry g = in.geometry(bench.frame.width(), bench.frame.height());
                List<Detection> expected = Detections.toOriginal(
                        FerDecoders.bind(model, in.width(), in.height(), raw).get(), g);
                List<Detection> ours = bench.detector.detect(bench.frame);
                assertThat(ours).as("fer-java faces = decoded raw ORT outputs").isEqualTo(expected);
                assertThat(ours).as("faces on the single-face frame").hasSize(1);
            } else {
                @SuppressWarnings("unchecked")
                List<EmotionScores> ours = (List<EmotionScores>) bench.fer();
                float[] logits = new float[7];
                FloatBuffer y = raw.values().iterator().next();
                y.get(0, logits);
                boolean probabilities = model.equals("fer-mini-xception");
                List<Emotion> labels = bench.classifier.spec().labels();
                double[] p = softmax(logits, probabilities);
                for (int j = 0; j < labels.size(); j++) {
                    assertThat((double) ours.get(0).probability(labels.get(j)))
                            .as("probability of %s", labels.get(j)).isCloseTo(p[j], within(1e-6));
                }
            }
        } finally {
            bench.tearDown();
        }
    }

    private static double[] softmax(float[] v, boolean already) {
        double[] p = new double[v.length];
        double max = Double.NEGATIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
        }
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            p[i] = already ? v[i] : Math.exp(v[i] - max);
            sum += p[i];
        }
        if (!already) {
            for (int i = 0; i < v.length; i++) {
                p[i] /= sum;
            }
        }
        return p;
    }
}
