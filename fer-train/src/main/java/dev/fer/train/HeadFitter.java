package dev.fer.train;

import dev.fer.EmotionPipeline;
import dev.fer.eval.LabeledDataset;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.model.ModelRepository;
import dev.fer.onnx.Backbone;
import dev.fer.onnx.EmbeddingExtractor;
import dev.fer.onnx.ExecutionOptions;
import dev.fer.onnx.HeadModel;
import dev.fer.result.AnalysisResult;
import dev.fer.result.Detection;
import dev.fer.result.ModelProvenance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits emotion heads on your own labeled faces: extracts the embeddings of a data set once, then fits a head on
 * them or cross-validates one. Photos go through a face detector first (the top face of each image; images without
 * a face are kept and counted); face crops ({@link TrainingOptions#cropped()}) are used whole.
 *
 * <pre>{@code
 * TrainingOptions options = TrainingOptions.builder().cropped(true).flip(true).build();
 * try (HeadFitter fitter = HeadFitter.create(options)) {
 *     FeatureSet set = fitter.extract(LabeledDataset.scan(Path.of("faces")).samples(), Path.of("faces"));
 *     System.out.println(fitter.crossValidate(set, 10, "^(S\\d+)_").report().toTable());
 *     fitter.fit(set).write(Path.of("my.ferhead"));
 * }
 * }</pre>
 *
 * <p><b>Thread safety:</b> safe to share across threads (the extractor and pipeline are); {@link #close()} is
 * idempotent and closes the models this fitter opened.
 */
public final class HeadFitter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadFitter.class);
    /** Crops embedded per call. */
    static final int CHUNK = 32;

    private final TrainingOptions options;
    private final EmbeddingExtractor extractor;
    private final EmotionPipeline detector;

    private HeadFitter(TrainingOptions options, EmbeddingExtractor extractor, EmotionPipeline detector) {
        this.options = options;
        this.extractor = extractor;
        this.detector = detector;
    }

    /**
     * A fitter on the CPU with models from {@link ModelRepository#fromEnvironment()}.
     *
     * @param options the training options
     * @return a new fitter; close it when done
     */
    public static HeadFitter create(TrainingOptions options) {
        return create(options, ExecutionOptions.defaults(), ModelRepository.fromEnvironment());
    }

    /**
     * A fitter.
     *
     * @param options the training options
     * @param execution how the backbones run
     * @param repository where models are resolved
     * @return a new fitter; close it when done
     */
    public static HeadFitter create(TrainingOptions options, ExecutionOptions execution,
                                    ModelRepository repository) {
        Objects.requireNonNull(options, "options");
        EmbeddingExtractor ex = EmbeddingExtractor.create(options.backbones(), execution, repository);
        try {
            EmotionPipeline det = options.cropped() ? null : EmotionPipeline.builder().detector(options.detector())
                    .noClassifier().modelRepository(repository).build();
            return new HeadFitter(options, ex, det);
        } catch (RuntimeException e) {
            ex.close();
            throw e;
        }
    }

    /**
     * The options.
     *
     * @return the options
     */
    public TrainingOptions options() {
        return options;
    }

    /**
     * The extractor (its backbones and provenance).
     *
     * @return the extractor
     */
    public EmbeddingExtractor extractor() {
        return extractor;
    }

    /**
     * Extracts a data set's embeddings (with mirrored ones when flips are on).
     *
     * @param samples the labeled images
     * @param root the data set folder, for the listing hash (relative paths)
     * @return the feature set
     */
    public FeatureSet extract(List<LabeledDataset.Sample> samples, Path root) {
        return extract(samples, root, (done, total) -> { });
    }

    /**
     * Extracts a data set's embeddings, reporting progress after each chunk.
     *
     * @param samples the labeled images
     * @param root the data set folder, for the listing hash (relative paths)
     * @param progress called with images done and the total
     * @return the feature set
     * @throws dev.fer.ImageDecodeException when an image cannot be read (the message names it)
     */
    public FeatureSet extract(List<LabeledDataset.Sample> samples, Path root, BiConsumer<Integer, Integer> progress) {
        Objects.requireNonNull(samples, "samples");
        Objects.requireNonNull(root, "root");
        boolean flip = options.flip();
        List<FeatureSet.Item> items = new ArrayList<>(samples.size());
        for (int from = 0; from < samples.size(); from += CHUNK) {
            List<LabeledDataset.Sample> chunk = samples.subList(from, Math.min(samples.size(), from + CHUNK));
            if (options.cropped()) {
                List<FerImage> crops = chunk.stream().map(s -> Images.read(s.file())).toList();
                List<float[]> e = extractor.embedCroppedAll(crops, false);
                List<float[]> m = flip ? extractor.embedCroppedAll(crops, true) : null;
                for (int i = 0; i < chunk.size(); i++) {
                    items.add(new FeatureSet.Item(chunk.get(i).file(), chunk.get(i).label(), e.get(i),
                            m == null ? null : m.get(i)));
                }
            } else {
                for (LabeledDataset.Sample s : chunk) {
                    FerImage image = Images.read(s.file());
                    AnalysisResult r = detector.analyze(image);
                    if (r.faces().isEmpty()) {
                        items.add(new FeatureSet.Item(s.file(), s.label(), null, null));
                        continue;
                    }
                    List<Detection> face = List.of(r.faces().get(0).detection());
                    float[] e = extractor.embedAll(image, face, false).get(0);
                    float[] m = flip ? extractor.embedAll(image, face, true).get(0) : null;
                    items.add(new FeatureSet.Item(s.file(), s.label(), e, m));
                }
            }
            progress.accept(items.size(), samples.size());
        }
        List<HeadModel.BackboneRef> refs = new ArrayList<>();
        for (int i = 0; i < extractor.backbones().size(); i++) {
            Backbone b = extractor.backbones().get(i);
            ModelProvenance p = extractor.provenance().get(i);
            refs.add(new HeadModel.BackboneRef(b.id(), p.sha256(), b.tensor(), b.dimension()));
        }
        FeatureSet set = new FeatureSet(items, refs, options.cropped(), listingHash(samples, root));
        if (!set.noFaceFiles().isEmpty()) {
            LOG.warn("No face found in {} of {} images; they are left out of fitting and count as misses in "
                    + "evaluation.", set.noFaceFiles().size(), items.size());
        }
        return set;
    }

    /**
     * Fits a head on every image with a face.
     *
     * @param set the embeddings
     * @return the head, with the data set listing hash, counts per class and options as provenance
     */
    public HeadModel fit(FeatureSet set) {
        Objects.requireNonNull(set, "set");
        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("dataset.listing_sha256", set.listingSha256());
        provenance.put("dataset.images", Integer.toString(set.items().size()));
        provenance.put("dataset.no_face", Integer.toString(set.noFaceFiles().size()));
        provenance.put("mode", set.cropped() ? "cropped" : "photo");
        return HeadTrainer.fit(set.items(), set.backbones(), options, provenance);
    }

    /**
     * Cross-validates a head grouped by subject.
     *
     * @param set the embeddings
     * @param folds number of folds, at least 2
     * @param groupBy regular expression whose first capture group, found in a file name, is the subject
     * @return the summed report and the folds
     * @throws java.util.regex.PatternSyntaxException when the expression is invalid
     */
    public CrossValidationResult crossValidate(FeatureSet set, int folds, String groupBy) {
        return CrossValidator.run(set, folds, Pattern.compile(groupBy), options);
    }

    /**
     * SHA-256 of the listing: one line per image with its path relative to the root, label and size, sorted.
     *
     * @param samples the images
     * @param root the data set folder
     * @return 64 hex digits
     */
    static String listingHash(List<LabeledDataset.Sample> samples, Path root) {
        List<String> lines = new ArrayList<>();
        Path base = root.toAbsolutePath().normalize();
        for (LabeledDataset.Sample s : samples) {
            Path f = s.file().toAbsolutePath().normalize();
            String rel = f.startsWith(base) ? base.relativize(f).toString() : f.toString();
            long size;
            try {
                size = Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + f + ": " + e.getMessage(), e);
            }
            lines.add(rel.replace('\\', '/') + "\t" + s.label().jsonName() + "\t" + size + "\n");
        }
        lines.sort(null);
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            lines.forEach(l -> d.update(l.getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Closes the backbones and the detector; idempotent. */
    @Override
    public void close() {
        extractor.close();
        if (detector != null) {
            detector.close();
        }
    }
}
