package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.model.ModelRepository;
import dev.fer.result.AnalysisResult;
import dev.fer.result.EmotionScores;
import dev.fer.testing.SharedAssets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The head file format and the fitted-head classifier, with hand-made heads (fer-train fits real ones). */
class FittedHeadTest {
    private static final String MINI_SHA = "95036c208085db79ad43e057245b8cb6e21b5319ef7dcb4f0c83e0102f550d30";
    private static final List<Emotion> LABELS = List.of(Emotion.ANGRY, Emotion.CONTEMPT, Emotion.HAPPY);

    @TempDir
    Path dir;

    static HeadModel.Builder linear(HeadModel.Kind kind, String sha) {
        int d = 2048;
        float[] mean = new float[d];
        float[] scale = new float[d];
        float[] w = TestModels.pattern(3 * d, 0.001f);
        for (int j = 0; j < d; j++) {
            mean[j] = 0.01f * (j % 7);
            scale[j] = 0.5f + 0.01f * (j % 5);
        }
        return HeadModel.builder().kind(kind).labels(LABELS)
                .backbones(List.of(new HeadModel.BackboneRef("fer-mini-xception", sha, "model_1_1/add_4_1/Add:0", d)))
                .standardization(mean, scale).linear(w, new float[] {0.1f, -0.2f, 0.3f})
                .provenance("dataset.sha256", "abc").provenance("counts", "angry=1 contempt=1 happy=1");
    }

    private static FerImage crop(String name) {
        return Images.read(SharedAssets.reference("crops/" + name + "_mini_xception_gray_64.png"));
    }

    @Test
    void saveAndLoad_giveIdenticalProbabilities() {
        for (HeadModel.Kind kind : new HeadModel.Kind[] {HeadModel.Kind.LOGISTIC, HeadModel.Kind.SVM}) {
            HeadModel head = linear(kind, MINI_SHA).flipAverage(true).build();
            Path file = dir.resolve(kind.key() + ".ferhead");
            head.write(file);
            HeadModel back = HeadModel.read(file);
            assertThat(back.labels()).isEqualTo(LABELS);
            assertThat(back.kind()).isEqualTo(kind);
            assertThat(back.flipAverage()).isTrue();
            assertThat(back.provenance()).containsEntry("dataset.sha256", "abc");
            float[] x = TestModels.pattern(2048, 0.003f);
            assertThat(back.probabilities(x)).containsExactly(head.probabilities(x));
            assertThat(Arrays.stream(head.probabilities(x)).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
            try (FittedHead loaded = FittedHead.load(file, ExecutionOptions.defaults(), TestRepos.shared());
                 EmbeddingExtractor ex = EmbeddingExtractor.create(List.of("fer-mini-xception"),
                         ExecutionOptions.defaults(), TestRepos.shared())) {
                FerImage face = crop("pexels_happy-baby");
                EmotionScores s = loaded.classifyCropped(face);
                double[] want = head.probabilities(ex.embedCropped(face, false), ex.embedCropped(face, true));
                for (int i = 0; i < LABELS.size(); i++) {
                    assertThat(s.probability(LABELS.get(i))).isEqualTo((float) want[i]);
                }
                assertThat(loaded.classes()).containsExactlyInAnyOrderElementsOf(LABELS);
                assertThat(loaded.provenance().id()).isEqualTo(kind.key() + ".ferhead");
            }
        }
    }

    @Test
    void knnHead_votesOfNearestStoredEmbeddings() {
        float[] vectors = {0, 0, 0, 1, 1, 1, 10, 10, 10, 11, 11, 11};
        HeadModel head = HeadModel.builder().kind(HeadModel.Kind.KNN).labels(List.of(Emotion.SAD, Emotion.HAPPY))
                .backbones(List.of(new HeadModel.BackboneRef("fer-mini-xception", MINI_SHA, "t", 3)))
                .standardization(new float[] {0, 0, 0}, new float[] {1, 1, 1})
                .neighbours(vectors, new int[] {0, 0, 1, 1}, 3).build();
        assertThat(head.probabilities(new float[] {0.2f, 0.2f, 0.2f})).containsExactly(2 / 3.0, 1 / 3.0);
        assertThat(head.probabilities(new float[] {12, 12, 12})).containsExactly(1 / 3.0, 2 / 3.0);
        HeadModel back = HeadModel.fromBytes(head.toBytes(), "mem");
        assertThat(back.probabilities(new float[] {5, 5, 6})).containsExactly(head.probabilities(new float[] {5, 5, 6}));
    }

    @Test
    void pipeline_acceptsALoadedHead() {
        Path file = dir.resolve("h.ferhead");
        linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build().write(file);
        try (FittedHead head = FittedHead.load(file, ExecutionOptions.defaults(), TestRepos.shared());
             EmotionPipeline pipeline = EmotionPipeline.builder().modelRepository(TestRepos.shared())
                     .classifier(head).build()) {
            AnalysisResult r = pipeline.analyze(SharedAssets.image("labeled/pexels_happy-baby.jpeg"));
            assertThat(r.faces()).hasSize(1);
            assertThat(r.faces().get(0).emotions().orElseThrow().supported()).containsExactlyInAnyOrderElementsOf(LABELS);
            assertThat(r.classifier().orElseThrow().id()).isEqualTo("h.ferhead");
        }
    }

    @Test
    void truncatedFile_isATypedError() throws Exception {
        Path file = dir.resolve("h.ferhead");
        linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build().write(file);
        byte[] all = Files.readAllBytes(file);
        for (int cut : new int[] {5, 10, all.length / 2, all.length - 1}) {
            Files.write(file, Arrays.copyOf(all, cut));
            assertThatThrownBy(() -> HeadModel.read(file))
                    .isInstanceOfSatisfying(HeadFileException.class,
                            e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.TRUNCATED))
                    .hasMessageContaining("is truncated (" + cut + " bytes");
        }
    }

    @Test
    void tamperedFile_isATypedError() throws Exception {
        Path file = dir.resolve("h.ferhead");
        linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build().write(file);
        byte[] all = Files.readAllBytes(file);
        byte[] flipped = all.clone();
        flipped[all.length - 100] ^= 0x01;
        Files.write(file, flipped);
        assertThatThrownBy(() -> FittedHead.load(file, ExecutionOptions.defaults(), TestRepos.shared()))
                .isInstanceOfSatisfying(HeadFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.TAMPERED))
                .hasMessageContaining("does not match its SHA-256 trailer");
        byte[] longer = Arrays.copyOf(all, all.length + 3);
        Files.write(file, longer);
        assertThatThrownBy(() -> HeadModel.read(file)).isInstanceOfSatisfying(HeadFileException.class,
                e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.TAMPERED));
    }

    @Test
    void newerFormatVersion_isATypedError() throws Exception {
        Path file = dir.resolve("h.ferhead");
        linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build().write(file);
        byte[] all = Files.readAllBytes(file);
        ByteBuffer.wrap(all).putInt(8, HeadModel.FORMAT_VERSION + 1);
        Files.write(file, all);
        assertThatThrownBy(() -> HeadModel.read(file))
                .isInstanceOfSatisfying(HeadFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.NEWER_VERSION))
                .hasMessageContaining("has format version 2, newer than the version 1 this fer-java reads");
    }

    @Test
    void notAHead_isATypedError() throws Exception {
        Path model = SharedAssets.models().resolve("fer2013_mini_XCEPTION.102-0.66.onnx");
        assertThatThrownBy(() -> HeadModel.read(model))
                .isInstanceOfSatisfying(HeadFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.NOT_A_HEAD))
                .hasMessageContaining("is not a fer-java head file");
        assertThatThrownBy(() -> FittedHead.load(dir.resolve("missing.ferhead")))
                .isInstanceOfSatisfying(HeadFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.IO))
                .hasMessageContaining("Cannot read the head file");
    }

    @Test
    void backboneHashMismatch_isATypedError() {
        Path file = dir.resolve("h.ferhead");
        String other = "0".repeat(64);
        linear(HeadModel.Kind.LOGISTIC, other).build().write(file);
        assertThatThrownBy(() -> FittedHead.load(file, ExecutionOptions.defaults(), TestRepos.shared()))
                .isInstanceOf(BackboneMismatchException.class)
                .hasMessageContaining("was fitted on backbone 'fer-mini-xception' with SHA-256 " + other)
                .hasMessageContaining("has SHA-256 " + MINI_SHA);
    }

    @Test
    void unavailableBackbone_isATypedError() {
        Path unknown = dir.resolve("u.ferhead");
        HeadModel.builder().kind(HeadModel.Kind.LOGISTIC).labels(LABELS)
                .backbones(List.of(new HeadModel.BackboneRef("my-resnet", MINI_SHA, "t", 2)))
                .standardization(new float[2], new float[] {1, 1}).linear(new float[6], new float[3]).build()
                .write(unknown);
        assertThatThrownBy(() -> FittedHead.load(unknown, ExecutionOptions.defaults(), TestRepos.shared()))
                .isInstanceOf(BackboneUnavailableException.class)
                .hasMessageContaining("was fitted on backbone 'my-resnet', which this fer-java does not know");

        Path file = dir.resolve("h.ferhead");
        linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build().write(file);
        ModelRepository empty = ModelRepository.builder().home(dir.resolve("home")).offline(true).build();
        assertThatThrownBy(() -> FittedHead.load(file, ExecutionOptions.defaults(), empty))
                .isInstanceOf(BackboneUnavailableException.class)
                .hasMessageContaining("needs backbone 'fer-mini-xception'")
                .hasMessageContaining("which cannot be found");
    }

    @Test
    void failedWrite_leavesNothingBehind() throws Exception {
        Path target = Files.createDirectories(dir.resolve("out").resolve("taken"));
        Files.writeString(target.resolve("x"), "keeps the folder non-empty");
        HeadModel head = linear(HeadModel.Kind.LOGISTIC, MINI_SHA).build();
        assertThatThrownBy(() -> head.write(target))
                .isInstanceOfSatisfying(HeadFileException.class,
                        e -> assertThat(e.problem()).isEqualTo(HeadFileException.Problem.IO))
                .hasMessageContaining("Nothing was written");
        try (Stream<Path> files = Files.list(dir.resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("taken");
        }
    }

    @Test
    void builder_rejectsInconsistentHeads() {
        assertThatThrownBy(() -> linear(HeadModel.Kind.LOGISTIC, MINI_SHA).linear(new float[5], new float[3]).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs 3x2048 weights");
        assertThatThrownBy(() -> linear(HeadModel.Kind.LOGISTIC, MINI_SHA).labels(List.of(Emotion.SAD)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least two distinct labels");
    }
}
