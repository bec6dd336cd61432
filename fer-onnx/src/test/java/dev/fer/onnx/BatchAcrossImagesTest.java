package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.testing.SharedAssets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Cross-image batching: {@code analyzeAll} and {@code classifyBatch} give what image-by-image analysis gives, also
 * when the faces span several model runs (the crowd photo's faces exceed one batch of 32).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BatchAcrossImagesTest {
    private EmotionPipeline pipeline;
    private List<FerImage> images;

    @BeforeAll
    void load() {
        pipeline = EmotionPipeline.builder().modelRepository(TestRepos.shared()).build();
        images = new ArrayList<>();
        for (String name : new String[] {"multi/pexels_group_meeting.jpeg", "noface/coffee.png",
            "single/obama.jpg", "multi/ultraface_26_crowd.jpg", "multi/two_people.jpg"}) {
            images.add(Images.read(SharedAssets.image(name)));
        }
    }

    @AfterAll
    void close() {
        pipeline.close();
    }

    @Test
    void analyzeAll_equalsAnalyzeImageByImage() {
        List<AnalysisResult> batch = pipeline.analyzeAll(images);
        assertThat(batch).hasSize(images.size());
        int faces = 0;
        for (int i = 0; i < images.size(); i++) {
            AnalysisResult one = pipeline.analyze(images.get(i));
            AnalysisResult all = batch.get(i);
            assertThat(all.faces()).hasSameSizeAs(one.faces());
            faces += one.faces().size();
            for (int f = 0; f < one.faces().size(); f++) {
                assertThat(all.faces().get(f).detection()).isEqualTo(one.faces().get(f).detection());
                EmotionScores a = all.faces().get(f).emotions().orElseThrow();
                EmotionScores b = one.faces().get(f).emotions().orElseThrow();
                for (Emotion e : b.supported()) {
                    assertThat(a.probability(e)).as("image %d face %d %s", i, f, e)
                            .isCloseTo(b.probability(e), within(1e-5f));
                }
            }
        }
        assertThat(faces).as("faces in all images").isGreaterThan(OnnxEmotionClassifier.MAX_BATCH);
        assertThat(batch.get(1).faces()).isEmpty();
    }

    @Test
    void classifyBatch_rejectsMismatchedLists() {
        assertThatThrownBy(() -> pipeline.classifier().orElseThrow().classifyBatch(images, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one face list per image");
    }

    @Test
    void classifyBatch_onAModelWithoutDynamicBatch_fallsBackImageByImage() {
        try (OnnxEmotionClassifier mobile = OnnxEmotionClassifier.create("fer-mobilefacenet-int8",
                ExecutionOptions.defaults(), TestRepos.shared())) {
            List<List<Detection>> faces = new ArrayList<>();
            List<FerImage> two = List.of(images.get(0), images.get(2));
            for (FerImage img : two) {
                faces.add(pipeline.detector().detect(img));
            }
            List<List<EmotionScores>> got = mobile.classifyBatch(two, faces);
            for (int i = 0; i < two.size(); i++) {
                assertThat(got.get(i)).isEqualTo(mobile.classifyAll(two.get(i), faces.get(i)));
            }
        }
    }
}
