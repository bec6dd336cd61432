package dev.fer.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.eval.LabeledDataset;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.onnx.FittedHead;
import dev.fer.onnx.HeadModel;
import dev.fer.result.EmotionScores;
import dev.fer.testing.SharedAssets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.impl.ArrayExample;

/**
 * Fitting, saving, loading and cross-validating heads on crops generated from the five labeled shared photos
 * (shifts, zooms, brightness changes, mirrors), with held-out variants that no head saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HeadFitterTest {
    private static final int TRAIN_VARIANTS = 16;
    private static final List<GeneratedFaces.Variant> HELD_OUT = List.of(
            new GeneratedFaces.Variant(0.05f, -0.05f, 1.05f, 1.15f, false),
            new GeneratedFaces.Variant(-0.04f, 0.04f, 1.15f, 0.85f, true),
            new GeneratedFaces.Variant(0.02f, 0.07f, 0.98f, 0.7f, false));

    @TempDir
    static Path tmp;
    private HeadFitter fitter;
    private FeatureSet set;
    private FeatureSet heldOut;
    private Path trainDir;
    private Path heldOutDir;

    @BeforeAll
    void extract() {
        trainDir = tmp.resolve("train");
        heldOutDir = tmp.resolve("held-out");
        GeneratedFaces.write(trainDir, GeneratedFaces.grid(TRAIN_VARIANTS), 0, 96);
        GeneratedFaces.write(heldOutDir, HELD_OUT, 100, 96);
        fitter = HeadFitter.create(TrainingOptions.builder().cropped(true).flip(true).build(),
                TestSupport.execution(), TestSupport.repository());
        set = fitter.extract(LabeledFaces.scan(trainDir, Map.of()), trainDir);
        heldOut = fitter.extract(LabeledFaces.scan(heldOutDir, Map.of()), heldOutDir);
    }

    @AfterAll
    void close() {
        fitter.close();
    }

    @Test
    void extract_keepsEveryImageWithBothEmbeddings() {
        assertThat(set.items()).hasSize(5 * TRAIN_VARIANTS);
        assertThat(set.hasMirrors()).isTrue();
        assertThat(set.counts()).containsEntry(Emotion.ANGRY, TRAIN_VARIANTS).containsEntry(Emotion.SURPRISE,
                TRAIN_VARIANTS);
        assertThat(set.items().get(0).embedding()).hasSize(512 + 2048);
        assertThat(set.backbones()).extracting(HeadModel.BackboneRef::id)
                .containsExactly("fer-mobilefacenet-int8", "fer-mini-xception");
        assertThat(set.listingSha256()).isEqualTo(HeadFitter.listingHash(LabeledFaces.scan(trainDir, Map.of()),
                trainDir)).hasSize(64);
    }

    @Test
    void fit_isDeterministicGivenASeed() {
        HeadModel a = fitter.fit(set);
        HeadModel b = fitter.fit(set);
        assertThat(b.weights()).containsExactly(a.weights());
        assertThat(b.bias()).containsExactly(a.bias());
        assertThat(b.toBytes()).isEqualTo(a.toBytes());
        assertThat(a.provenance()).containsEntry("dataset.listing_sha256", set.listingSha256())
                .containsEntry("counts", "neutral=16 happy=16 sad=16 surprise=16 angry=16")
                .containsEntry("mode", "cropped");
        assertThat(a.flipAverage()).isTrue();
    }

    @Test
    void savedAndLoadedHead_givesIdenticalProbabilities() throws Exception {
        HeadModel head = fitter.fit(set);
        Path file = tmp.resolve("out").resolve("mine.ferhead");
        head.write(file);
        HeadModel back = HeadModel.read(file);
        for (FeatureSet.Item it : heldOut.items()) {
            assertThat(back.probabilities(it.embedding(), it.mirrored()))
                    .containsExactly(head.probabilities(it.embedding(), it.mirrored()));
        }
        try (FittedHead loaded = FittedHead.load(file, TestSupport.execution(), TestSupport.repository())) {
            for (FeatureSet.Item it : heldOut.items()) {
                EmotionScores s = loaded.classifyCropped(Images.read(it.file()));
                double[] want = head.probabilities(it.embedding(), it.mirrored());
                for (int i = 0; i < want.length; i++) {
                    assertThat(s.probability(head.labels().get(i))).isEqualTo((float) want[i]);
                }
                assertThat(s.dominant()).as("%s", it.file()).isEqualTo(it.label());
            }
        }
    }

    @Test
    void heldOutVariants_areClassifiedCorrectlyByEveryHead() {
        for (HeadModel.Kind kind : HeadModel.Kind.values()) {
            for (boolean flip : new boolean[] {false, true}) {
                TrainingOptions o = fitter.options().toBuilder().head(kind).flip(flip).build();
                HeadModel head = HeadTrainer.fit(set.items(), set.backbones(), o, Map.of());
                assertThat(head.flipAverage()).isEqualTo(flip);
                for (FeatureSet.Item it : heldOut.items()) {
                    assertThat(CrossValidator.predict(head, it, flip)).as("%s flip=%s %s", kind, flip, it.file())
                            .isEqualTo(it.label());
                }
            }
        }
    }

    @Test
    void copiedWeights_reproduceTribuosOwnProbabilities() {
        TrainingOptions o = fitter.options().toBuilder().flip(false).build();
        HeadModel head = HeadTrainer.fit(set.items(), set.backbones(), o, Map.of());
        List<Emotion> y = new ArrayList<>();
        double[][] z = new double[set.items().size()][];
        for (int i = 0; i < z.length; i++) {
            z[i] = HeadTrainer.standardize(set.items().get(i).embedding(), head.mean(), head.scale());
            y.add(set.items().get(i).label());
        }
        Model<Label> model = HeadTrainer.trainTribuo(z, y, o);
        String[] names = HeadTrainer.featureNames(z[0].length);
        for (FeatureSet.Item it : heldOut.items()) {
            double[] zi = HeadTrainer.standardize(it.embedding(), head.mean(), head.scale());
            Prediction<Label> p = model.predict(new ArrayExample<>(new Label("unknown"), names, zi));
            double[] ours = head.probabilities(it.embedding());
            for (int i = 0; i < ours.length; i++) {
                double theirs = p.getOutputScores().get(head.labels().get(i).jsonName()).getScore();
                assertThat(ours[i]).as("%s %s", it.file(), head.labels().get(i)).isCloseTo(theirs,
                        org.assertj.core.data.Offset.offset(1e-4));
            }
        }
    }

    @Test
    void crossValidation_neverPutsAGroupOnBothSides() {
        CrossValidationResult cv = fitter.crossValidate(set, 4, "_v(\\d+)");
        assertThat(cv.folds()).hasSize(4);
        Map<String, Integer> foldOfGroup = new HashMap<>();
        int tested = 0;
        for (CrossValidationResult.Fold f : cv.folds()) {
            for (String g : f.testGroups()) {
                assertThat(foldOfGroup.put(g, f.index())).as("group %s tested twice", g).isNull();
            }
            tested += f.testImages();
            assertThat(f.trainImages() + f.testImages()).isEqualTo(set.items().size());
        }
        assertThat(foldOfGroup).hasSize(TRAIN_VARIANTS);
        assertThat(tested).isEqualTo(set.items().size());
        assertThat(cv.report().n()).isEqualTo(set.items().size());
        assertThat(cv.report().noFace()).isZero();
        assertThat(cv.report().overall()).isGreaterThanOrEqualTo(0.9);

        GroupedFolds folds = GroupedFolds.assign(set.items().stream().map(FeatureSet.Item::file).toList(),
                set.items().stream().map(FeatureSet.Item::label).toList(), 4, java.util.regex.Pattern.compile(
                        "_v(\\d+)"));
        Map<String, Set<Integer>> seen = new HashMap<>();
        for (int i = 0; i < folds.size(); i++) {
            seen.computeIfAbsent(folds.groupOf(i), g -> new HashSet<>()).add(folds.foldOf(i));
        }
        assertThat(seen.values()).allSatisfy(s -> assertThat(s).hasSize(1));
    }

    @Test
    void imageWithoutAFace_isCountedAsAMissNotDropped() throws Exception {
        Path photos = tmp.resolve("photos");
        Files.createDirectories(photos.resolve("happy"));
        Files.createDirectories(photos.resolve("sad"));
        Files.copy(SharedAssets.image("labeled/pexels_happy-baby.jpeg"), photos.resolve("happy/baby.jpeg"));
        Files.copy(SharedAssets.image("noface/coffee.png"), photos.resolve("happy/coffee.png"));
        Files.copy(SharedAssets.image("labeled/pexels_sad-baby.jpeg"), photos.resolve("sad/baby.jpeg"));
        Path flat = SharedAssets.image("labeled/labels.csv").getParent();
        try (HeadFitter photo = HeadFitter.create(TrainingOptions.builder().build(), TestSupport.execution(),
                TestSupport.repository())) {
            FeatureSet s = photo.extract(LabeledFaces.scan(photos, Map.of()), photos);
            assertThat(s.items()).hasSize(3);
            assertThat(s.noFaceFiles()).containsExactly(photos.resolve("happy/coffee.png"));
            assertThat(photo.fit(s).provenance()).containsEntry("dataset.no_face", "1")
                    .containsEntry("mode", "photo");
            // The flat layout (labels.csv) of ../shared/images/labeled trains in photo mode too.
            FeatureSet labeled = photo.extract(LabeledFaces.scan(flat, Map.of()), flat);
            assertThat(labeled.noFaceFiles()).isEmpty();
            HeadModel head = photo.fit(labeled);
            assertThat(head.labels()).containsExactly(Emotion.NEUTRAL, Emotion.HAPPY, Emotion.SAD, Emotion.SURPRISE,
                    Emotion.ANGRY);
            for (FeatureSet.Item it : labeled.items()) {
                assertThat(CrossValidator.predict(head, it, false)).as("%s", it.file()).isEqualTo(it.label());
            }
        }
        List<FeatureSet.Item> items = new ArrayList<>(set.items());
        Path noFace = trainDir.resolve("happy/blank_v003.png");
        items.add(new FeatureSet.Item(noFace, Emotion.HAPPY, null, null));
        FeatureSet withMiss = new FeatureSet(items, set.backbones(), true, set.listingSha256());
        CrossValidationResult cv = fitter.crossValidate(withMiss, 4, "_v(\\d+)");
        assertThat(cv.report().n()).isEqualTo(set.items().size() + 1);
        assertThat(cv.report().noFace()).isEqualTo(1);
        assertThat(cv.report().noFaceFiles()).containsExactly(noFace.toString());
        assertThat(cv.report().support().get(Emotion.HAPPY)).isEqualTo(TRAIN_VARIANTS + 1);
        assertThat(cv.report().toTable()).contains("no face found in 1 of " + (set.items().size() + 1));
    }

    @Test
    void badGrouping_isATypedErrorNamingThePattern() {
        assertThatThrownBy(() -> fitter.crossValidate(set, 4, "^(S\\d+)_"))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.NO_GROUP_MATCH))
                .hasMessageContaining("The grouping pattern '^(S\\d+)_' matches no file name");
        assertThatThrownBy(() -> fitter.crossValidate(set, 4, "(pexels)_"))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.TOO_FEW_GROUPS))
                .hasMessageContaining("yields 1 group(s) [pexels] for 4 folds");
        assertThatThrownBy(() -> fitter.crossValidate(set, 4, "_v00(\\d)"))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.NO_GROUP_MATCH))
                .hasMessageContaining("does not match 30 of 80 file names");
        assertThatThrownBy(() -> fitter.crossValidate(set, 4, "pexels"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has no capture group");
        assertThatThrownBy(() -> fitter.crossValidate(set, 1, "_v(\\d+)"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 folds");
    }

    @Test
    void classWithFewerImagesThanFolds_isATypedError() {
        List<FeatureSet.Item> items = new ArrayList<>(set.items().stream()
                .filter(i -> i.label() != Emotion.SAD).toList());
        items.addAll(set.items().stream().filter(i -> i.label() == Emotion.SAD).limit(3).toList());
        FeatureSet few = new FeatureSet(items, set.backbones(), true, set.listingSha256());
        assertThatThrownBy(() -> fitter.crossValidate(few, 4, "_v(\\d+)"))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.TOO_FEW_SAMPLES))
                .hasMessageContaining("Class 'sad' has 3 image(s), fewer than the 4 folds");
    }

    @Test
    void nothingToLearn_isATypedError() {
        List<FeatureSet.Item> oneClass = set.items().stream().filter(i -> i.label() == Emotion.HAPPY).toList();
        assertThatThrownBy(() -> HeadTrainer.fit(oneClass, set.backbones(), fitter.options(), Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.TOO_FEW_CLASSES))
                .hasMessageContaining("at least two classes; got only [HAPPY]");
        List<FeatureSet.Item> none = List.of(new FeatureSet.Item(Path.of("x.png"), Emotion.SAD, null, null));
        assertThatThrownBy(() -> HeadTrainer.fit(none, set.backbones(), fitter.options(), Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.NO_FACES))
                .hasMessageContaining("no face found in any");
    }

    @Test
    void labelThatIsNotAnEmotion_isNamedOrMapped() throws Exception {
        Path dir = tmp.resolve("custom");
        Files.createDirectories(dir.resolve("joy"));
        Files.createDirectories(dir.resolve("sad"));
        FerImage img = Images.read(set.items().get(0).file());
        Images.writePng(img, dir.resolve("joy/a.png"));
        Images.writePng(img, dir.resolve("sad/b.png"));
        assertThatThrownBy(() -> LabeledFaces.scan(dir, Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.UNKNOWN_LABEL))
                .hasMessageContaining("Label 'joy'")
                .hasMessageContaining("is not one of the 8 emotions")
                .hasMessageContaining("--labels joy=<emotion>");
        List<LabeledDataset.Sample> mapped = LabeledFaces.scan(dir, LabeledFaces.parseMapping("joy=happy"));
        assertThat(mapped).extracting(LabeledDataset.Sample::label).containsExactly(Emotion.HAPPY, Emotion.SAD);
        Files.writeString(dir.resolve("labels.csv"), "file,label\njoy/a.png,ctm\nsad/b.png,sad\n");
        assertThat(LabeledFaces.scan(dir, LabeledFaces.parseMapping("ctm=contempt")))
                .extracting(LabeledDataset.Sample::label).containsExactly(Emotion.CONTEMPT, Emotion.SAD);
        assertThatThrownBy(() -> LabeledFaces.scan(dir, Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.UNKNOWN_LABEL))
                .hasMessageContaining("Label 'ctm'").hasMessageContaining("labels.csv")
                .hasMessageContaining("--labels ctm=<emotion>");
        Files.writeString(dir.resolve("labels.csv"), "file,label\njoy/a.png,sad\nmissing.png,sad\n");
        assertThatThrownBy(() -> LabeledFaces.scan(dir, Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.INVALID_DATASET))
                .hasMessageContaining("line 3").hasMessageContaining("'missing.png'");
        assertThatThrownBy(() -> LabeledFaces.scan(tmp.resolve("nowhere"), Map.of()))
                .isInstanceOfSatisfying(DatasetException.class,
                        e -> assertThat(e.problem()).isEqualTo(DatasetException.Problem.INVALID_DATASET))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> LabeledFaces.parseMapping("joy"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not name=emotion");
        assertThatThrownBy(() -> LabeledFaces.parseMapping("joy=glee"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maps to 'glee'");
    }

    @Test
    void flatFolderWithLabelsCsv_isRead() {
        Path labeled = SharedAssets.image("labeled/labels.csv").getParent();
        List<LabeledDataset.Sample> samples = LabeledFaces.scan(labeled, Map.of());
        assertThat(samples).hasSize(5);
        assertThat(samples).extracting(LabeledDataset.Sample::label).containsExactlyInAnyOrder(Emotion.ANGRY,
                Emotion.HAPPY, Emotion.NEUTRAL, Emotion.SAD, Emotion.SURPRISE);
        assertThat(samples).allSatisfy(s -> assertThat(s.file()).exists());
    }
}
