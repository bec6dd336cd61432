package dev.fer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code DefaultPipelineBenchmark} compares equal work: fer-java's default pipeline and {@link OpenCvDefaultPipeline}
 * find the same faces (YuNet at the same frame-derived input size) with the same scores, and give the same emotions.
 * mini-Xception sees the same grey square crop (both are bit-exact INTER_LINEAR), so its probabilities agree to
 * float rounding; MobileFaceNet int8 runs different int8 kernels in OpenCV DNN, hence the looser bound (see
 * {@code PipelineParityTest}).
 */
class DefaultPipelineParityTest {
    private static final List<Emotion> MINI = List.of(Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY,
            Emotion.SAD, Emotion.SURPRISE, Emotion.NEUTRAL);
    private static final List<Emotion> MOBILE = List.of(Emotion.ANGRY, Emotion.DISGUST, Emotion.FEAR, Emotion.HAPPY,
            Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISE);

    @ParameterizedTest
    @CsvSource({"single,fer-mini-xception,1", "group,fer-mini-xception,5", "single,fer-mobilefacenet-int8,1",
        "group,fer-mobilefacenet-int8,5"})
    void defaultPipeline_andItsOpenCvTwin_findTheSameFacesAndEmotions(String name, String classifier, int count) {
        boolean mini = classifier.equals("fer-mini-xception");
        List<Emotion> order = mini ? MINI : MOBILE;
        FerImage image = Assets.image(name);
        try (EmotionPipeline fer = EmotionPipeline.builder().classifier(classifier)
                .modelRepository(Assets.repository()).build();
             OpenCvDefaultPipeline opencv = OpenCvDefaultPipeline.of(classifier);
             Mat m = Cv.mat(image)) {
            AnalysisResult ours = fer.analyze(image);
            List<OpenCvPipeline.Face> theirs = opencv.analyze(m);
            assertThat(ours.faces()).hasSize(count);
            assertThat(theirs).hasSameSizeAs(ours.faces());
            for (FaceAnalysis f : ours.faces()) {
                BoundingBox b = f.detection().box();
                OpenCvPipeline.Face best = theirs.stream()
                        .max((p, q) -> Float.compare(iou(b, p), iou(b, q))).orElseThrow();
                assertThat(iou(b, best)).as("IoU with the OpenCV face").isGreaterThan(0.95f);
                assertThat(best.score()).as("detector score").isCloseTo(f.detection().score(), within(0.02f));
                for (int j = 0; j < order.size(); j++) {
                    assertThat(best.probabilities()[j]).as("%s %s probability of %s", name, classifier, order.get(j))
                            .isCloseTo(f.emotions().orElseThrow().probability(order.get(j)),
                                    within(mini ? 0.03f : 0.15f));
                }
            }
        }
    }

    private static float iou(BoundingBox b, OpenCvPipeline.Face f) {
        return b.iou(new BoundingBox(f.x1(), f.y1(), f.x2(), f.y2()));
    }
}
