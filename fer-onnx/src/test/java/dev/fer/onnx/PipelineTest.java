package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.ModelLoadException;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import dev.fer.testing.SharedAssets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PipelineTest {
    private static final String[] IMAGES = {
        "single/obama.jpg", "single/astronaut.png", "multi/pexels_group_meeting.jpeg", "multi/two_people.jpg",
        "noface/coffee.png", "labeled/pexels_surprised.jpeg"};
    private EmotionPipeline pipeline;

    @BeforeAll
    void open() {
        pipeline = EmotionPipeline.builder().modelRepository(TestRepos.shared()).threads(2).build();
    }

    @AfterAll
    void close() {
        pipeline.close();
    }

    @Test
    void analyze_groupPhoto_findsFiveFacesSortedWithEmotionsAndProvenance() {
        AnalysisResult r = pipeline.analyze(SharedAssets.image("multi/pexels_group_meeting.jpeg"));
        assertThat(r.faces()).hasSize(5);
        for (int i = 1; i < r.faces().size(); i++) {
            assertThat(r.faces().get(i).detection().score())
                    .isLessThanOrEqualTo(r.faces().get(i - 1).detection().score());
        }
        for (FaceAnalysis f : r.faces()) {
            assertThat(f.detection().landmarks()).isPresent();
            assertThat(f.aligned()).isEqualTo(pipeline.classifier().orElseThrow().alignsWithLandmarks());
            assertThat(f.emotions().orElseThrow().supported()).hasSize(7);
            double sum = f.emotions().orElseThrow().probabilities().values().stream().mapToDouble(Float::doubleValue).sum();
            assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(f.dominant()).isPresent();
        }
        assertThat(r.detector().id()).isEqualTo(EmotionPipeline.DEFAULT_DETECTOR);
        assertThat(r.detector().sha256()).hasSize(64);
        assertThat(r.detector().provider()).isEqualTo("CPU");
        assertThat(r.classifier().orElseThrow().id()).isEqualTo(EmotionPipeline.DEFAULT_CLASSIFIER);
        assertThat(r.timings().decodeNanos()).isPositive();
        assertThat(r.timings().totalNanos()).isGreaterThanOrEqualTo(
                r.timings().detectNanos() + r.timings().classifyNanos());
    }

    @Test
    void analyze_noFaceImage_givesEmptyListNotException() {
        AnalysisResult r = pipeline.analyze(SharedAssets.image("noface/coffee.png"));
        assertThat(r.faces()).isEmpty();
        assertThat(r.width()).isEqualTo(r.width());
    }

    @Test
    void analyze_bytesPathAndBufferedImage_agree() throws Exception {
        var file = SharedAssets.image("single/obama.jpg");
        AnalysisResult a = pipeline.analyze(file);
        AnalysisResult b = pipeline.analyze(java.nio.file.Files.readAllBytes(file));
        AnalysisResult c = pipeline.analyze(Images.toBufferedImage(Images.read(file)));
        assertThat(b.faces()).isEqualTo(a.faces());
        assertThat(c.faces()).isEqualTo(a.faces());
    }

    @Test
    void analyzeAll_givesOneResultPerImageInOrder() {
        List<FerImage> imgs = List.of(Images.read(SharedAssets.image("noface/coffee.png")),
                Images.read(SharedAssets.image("multi/two_people.jpg")));
        List<AnalysisResult> r = pipeline.analyzeAll(imgs);
        assertThat(r).hasSize(2);
        assertThat(r.get(0).faces()).isEmpty();
        assertThat(r.get(1).faces()).hasSize(2);
    }

    @Test
    void sharedPipeline_16threads50analysesEach_equalSingleThreadedResults() throws Exception {
        assertSharedCallsEqualOneCallers(pipeline, 16, 50);
    }

    @Test
    void defaultThreads_fourCallersOnOnePipeline_equalOneCallersResults() throws Exception {
        // Default threads adapt to overlapping calls (a single-threaded twin session per model); the results must
        // not depend on which session ran a call.
        try (EmotionPipeline shared = EmotionPipeline.builder().modelRepository(TestRepos.shared()).build()) {
            assertSharedCallsEqualOneCallers(shared, 4, 30);
        }
    }

    /** {@code threads} threads analyse the shared images {@code each} times each: every result equals one caller's. */
    private static void assertSharedCallsEqualOneCallers(EmotionPipeline p, int threads, int each) throws Exception {
        List<FerImage> images = new ArrayList<>();
        List<List<FaceAnalysis>> expected = new ArrayList<>();
        for (String name : IMAGES) {
            FerImage img = Images.read(SharedAssets.image(name));
            images.add(img);
            expected.add(p.analyze(img).faces());
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int seed = t;
                futures.add(pool.submit(() -> {
                    int checked = 0;
                    for (int k = 0; k < each; k++) {
                        int idx = (seed + k) % images.size();
                        List<FaceAnalysis> got = p.analyze(images.get(idx)).faces();
                        assertThat(got).as("image %s on thread %d", IMAGES[idx], seed).isEqualTo(expected.get(idx));
                        checked++;
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : futures) {
                total += f.get(5, TimeUnit.MINUTES);
            }
            assertThat(total).isEqualTo(threads * each);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void close_isIdempotent_callsAfterCloseFail_andHandedComponentsStayOpen() {
        OnnxFaceDetector detector = OnnxFaceDetector.create("yunet-2023mar",
                TestRepos.detectorOptions().scoreThreshold(0.6f).build());
        try {
            EmotionPipeline p = EmotionPipeline.builder().detector(detector).noClassifier().build();
            FerImage img = Images.read(SharedAssets.image("single/obama.jpg"));
            assertThat(p.analyze(img).faces()).hasSize(1).allSatisfy(f -> {
                assertThat(f.emotions()).isEmpty();
                assertThat(f.dominant()).isEmpty();
                assertThat(f.aligned()).isFalse();
            });
            p.close();
            p.close();
            assertThatThrownBy(() -> p.analyze(img)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is closed");
            assertThat(detector.detect(img)).hasSize(1);
        } finally {
            detector.close();
        }
        assertThatThrownBy(() -> detector.detect(Images.read(SharedAssets.image("single/obama.jpg"))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void close_waitsForCallsInFlight() throws Exception {
        EmotionPipeline p = EmotionPipeline.builder().modelRepository(TestRepos.shared()).build();
        FerImage img = Images.read(SharedAssets.image("multi/pexels_group_meeting.jpeg"));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                futures.add(pool.submit(() -> {
                    int ok = 0;
                    try {
                        while (true) {
                            assertThat(p.analyze(img).faces()).hasSize(5);
                            ok++;
                        }
                    } catch (IllegalStateException e) {
                        return ok + ":" + e.getMessage();
                    }
                }));
            }
            Thread.sleep(300);
            p.close();
            for (Future<String> f : futures) {
                assertThat(f.get(1, TimeUnit.MINUTES)).endsWith("EmotionPipeline is closed");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void classify_facePartlyOutsideImage_usesBlackBorder() {
        try (OnnxEmotionClassifier mini = OnnxEmotionClassifier.create("fer-mini-xception",
                ExecutionOptions.defaults(), TestRepos.shared())) {
            FerImage img = Images.read(SharedAssets.image("single/obama.jpg"));
            Detection edge = new Detection(new BoundingBox(-100, -80, 150, 200), 0.9f);
            EmotionScores s = mini.classify(img, edge);
            assertThat(s.supported()).hasSize(7);
            Detection huge = new Detection(new BoundingBox(-5000, -5000, 5000, 5000), 0.9f);
            assertThat(mini.classify(img, huge).supported()).hasSize(7);
        }
    }

    @Test
    void builder_rejectsBadSettingsWithSentences() {
        assertThatThrownBy(() -> EmotionPipeline.builder().maxFaces(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFaces must be at least 1");
        assertThatThrownBy(() -> EmotionPipeline.builder().scoreThreshold(1.5f).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scoreThreshold");
        assertThatThrownBy(() -> EmotionPipeline.builder().detector("no-such-detector")
                .modelRepository(TestRepos.shared()).build())
                .isInstanceOf(ModelLoadException.class).hasMessageContaining("no-such-detector");
    }

    @Test
    void detectionOnlyPipeline_withUltraFace_hasNoLandmarksAndSquareCropFallback() {
        try (EmotionPipeline p = EmotionPipeline.builder().detector("ultraface-rfb-320")
                .classifier("fer-mobilefacenet-int8").modelRepository(TestRepos.shared()).build()) {
            AnalysisResult r = p.analyze(SharedAssets.image("single/obama.jpg"));
            assertThat(r.faces()).hasSize(1);
            FaceAnalysis f = r.faces().get(0);
            assertThat(f.detection().landmarks()).as("never null").isNotNull().isEqualTo(Optional.empty());
            assertThat(f.detection().hasLandmarks()).isFalse();
            assertThat(f.aligned()).as("MobileFaceNet falls back to a square crop without landmarks").isFalse();
            assertThat(f.emotions().orElseThrow().supported()).contains(Emotion.HAPPY);
        }
    }
}
