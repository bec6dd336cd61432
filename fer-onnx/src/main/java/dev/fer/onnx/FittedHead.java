package dev.fer.onnx;

import dev.fer.Emotion;
import dev.fer.EmotionClassifier;
import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.internal.CloseGuard;
import dev.fer.internal.Sha256;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.ModelProvenance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link EmotionClassifier} made of a head fitted on your own labeled faces ({@code fer-train}) and the
 * backbones it was fitted on: the faces go through the backbones' embedding tensors ({@link EmbeddingExtractor}),
 * then through the head ({@link HeadModel}). Runs with fer-onnx alone; use it like any catalogued classifier:
 *
 * <pre>{@code
 * try (FittedHead head = FittedHead.load(Path.of("my-head.ferhead"));
 *      EmotionPipeline pipeline = EmotionPipeline.builder().classifier(head).build()) {
 *     pipeline.analyze(Path.of("photo.jpg"));
 * }
 * }</pre>
 *
 * <p>Loading checks the file (magic, version, SHA-256 trailer: {@link HeadFileException}), that every backbone is
 * one fer-java knows and can resolve ({@link BackboneUnavailableException}) and that its model file has the SHA-256
 * the head was fitted on ({@link BackboneMismatchException}). {@link #provenance()} names the head file and its
 * SHA-256.
 *
 * <p><b>Thread safety:</b> safe to share across threads; all methods may run concurrently. {@link #close()} is
 * idempotent, waits for calls in flight and closes the backbones' sessions.
 */
public final class FittedHead implements EmotionClassifier {
    private static final Logger LOG = LoggerFactory.getLogger(FittedHead.class);

    private final HeadModel head;
    private final EmbeddingExtractor extractor;
    private final ModelProvenance provenance;
    private final Set<Emotion> classes;
    private final CloseGuard guard;

    private FittedHead(HeadModel head, EmbeddingExtractor extractor, ModelProvenance provenance) {
        this.head = head;
        this.extractor = extractor;
        this.provenance = provenance;
        this.classes = Collections.unmodifiableSet(EnumSet.copyOf(head.labels()));
        this.guard = new CloseGuard("FittedHead " + provenance.id());
    }

    /**
     * Loads a head file on the CPU, resolving its backbones with {@link ModelRepository#fromEnvironment()}.
     *
     * @param file a head file written by {@code train} or {@link HeadModel#write(Path)}
     * @return the classifier; close it when done
     * @throws HeadFileException when the file is missing, not a head, truncated, tampered with or newer
     * @throws BackboneUnavailableException when a backbone is unknown or its model cannot be found
     * @throws BackboneMismatchException when a backbone's model file has another SHA-256 than the head was fitted on
     */
    public static FittedHead load(Path file) {
        return load(file, ExecutionOptions.defaults(), ModelRepository.fromEnvironment());
    }

    /**
     * Loads a head file.
     *
     * @param file a head file
     * @param execution how the backbones run
     * @param repository where the backbones are resolved
     * @return the classifier; close it when done
     * @throws HeadFileException when the file is missing, not a head, truncated, tampered with or newer
     * @throws BackboneUnavailableException when a backbone is unknown or its model cannot be found
     * @throws BackboneMismatchException when a backbone's model file has another SHA-256 than the head was fitted on
     */
    public static FittedHead load(Path file, ExecutionOptions execution, ModelRepository repository) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(repository, "repository");
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new HeadFileException(HeadFileException.Problem.IO, "Cannot read the head file " + file + ": " + e
                    + ". Check the path (a head is written by 'train --out FILE').", e);
        }
        HeadModel head = HeadModel.fromBytes(bytes, file.toString());
        checkBackbones(head, file, repository);
        EmbeddingExtractor extractor = EmbeddingExtractor.create(
                head.backbones().stream().map(HeadModel.BackboneRef::id).toList(), execution, repository);
        try {
            for (int i = 0; i < head.backbones().size(); i++) {
                String have = extractor.provenance().get(i).sha256();
                HeadModel.BackboneRef want = head.backbones().get(i);
                if (!have.equals(want.sha256())) {
                    throw mismatch(file, want, have);
                }
            }
            String name = String.valueOf(file.getFileName());
            ModelProvenance p = new ModelProvenance(name, Sha256.of(bytes),
                    extractor.provenance().get(0).provider());
            LOG.info("Loaded head '{}' ({}, {} classes, backbones {}, sha256 {}).", name, head.kind().key(),
                    head.labels().size(), head.backbones().stream().map(HeadModel.BackboneRef::id).toList(),
                    p.sha256());
            return new FittedHead(head, extractor, p);
        } catch (RuntimeException e) {
            extractor.close();
            throw e;
        }
    }

    /**
     * Whether a classifier id names an existing file, which {@link dev.fer.EmotionPipeline.Builder#classifier(String)}
     * then loads as a head (so {@code classifier("my.ferhead")} works like a catalog id, and the pipeline closes it).
     *
     * @param id a classifier id or a path
     * @return {@code true} when it is the path of a regular file
     */
    public static boolean isFile(String id) {
        if (id == null || id.isBlank()) {
            return false;
        }
        try {
            return Files.isRegularFile(Path.of(id));
        } catch (java.nio.file.InvalidPathException e) {
            return false;
        }
    }

    /**
     * A classifier from a head in memory (for example one just fitted), with its own backbones.
     *
     * @param head the head
     * @param name how provenance names it
     * @param execution how the backbones run
     * @param repository where the backbones are resolved
     * @return the classifier; close it when done
     * @throws BackboneUnavailableException when a backbone is unknown or its model cannot be found
     * @throws BackboneMismatchException when a backbone's model file has another SHA-256 than the head was fitted on
     */
    public static FittedHead of(HeadModel head, String name, ExecutionOptions execution, ModelRepository repository) {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(name, "name");
        Path label = Path.of(name);
        checkBackbones(head, label, repository);
        EmbeddingExtractor extractor = EmbeddingExtractor.create(
                head.backbones().stream().map(HeadModel.BackboneRef::id).toList(), execution, repository);
        return new FittedHead(head, extractor, new ModelProvenance(name, Sha256.of(head.toBytes()),
                extractor.provenance().get(0).provider()));
    }

    private static void checkBackbones(HeadModel head, Path file, ModelRepository repository) {
        for (HeadModel.BackboneRef ref : head.backbones()) {
            Backbone b = Backbone.find(ref.id()).orElseThrow(() -> new BackboneUnavailableException("The head "
                    + file + " was fitted on backbone '" + ref.id() + "', which this fer-java does not know; it "
                    + "knows " + Backbone.all().stream().map(Backbone::id).toList() + ". Fit the head again on one "
                    + "of these.", null));
            if (!b.tensor().equals(ref.tensor()) || b.dimension() != ref.dimension()) {
                throw new BackboneUnavailableException("The head " + file + " uses tensor '" + ref.tensor() + "' ("
                        + ref.dimension() + " values) of backbone '" + ref.id() + "', but this fer-java reads tensor '"
                        + b.tensor() + "' (" + b.dimension() + " values); fit the head again.", null);
            }
            ModelEntry entry = ModelCatalog.get(ref.id());
            if (!entry.sha256().equals(ref.sha256())) {
                throw mismatch(file, ref, entry.sha256());
            }
            try {
                repository.resolve(entry);
            } catch (ModelIntegrityException e) {
                throw e;
            } catch (ModelLoadException e) {
                throw new BackboneUnavailableException("The head " + file + " needs backbone '" + ref.id() + "' ("
                        + entry.fileName() + ", sha256 " + ref.sha256() + "), which cannot be found: "
                        + e.getMessage(), e);
            }
        }
    }

    private static BackboneMismatchException mismatch(Path file, HeadModel.BackboneRef want, String have) {
        return new BackboneMismatchException("The head " + file + " was fitted on backbone '" + want.id()
                + "' with SHA-256 " + want.sha256() + ", but the '" + want.id() + "' model available here has "
                + "SHA-256 " + have + "; its features differ, so the head cannot be used with it. Fit the head again "
                + "on this model, or use the model file the head was fitted on.");
    }

    /**
     * The head: kind, labels, backbones, parameters and training provenance.
     *
     * @return the head
     */
    public HeadModel head() {
        return head;
    }

    @Override
    public Set<Emotion> classes() {
        return classes;
    }

    @Override
    public boolean alignsWithLandmarks() {
        return extractor.alignsWithLandmarks();
    }

    @Override
    public ModelProvenance provenance() {
        return provenance;
    }

    @Override
    public List<EmotionScores> classifyAll(FerImage image, List<Detection> faces) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(faces, "faces");
        if (faces.isEmpty()) {
            return List.of();
        }
        guard.enter();
        try {
            List<float[]> e = extractor.embedAll(image, faces, false);
            List<float[]> m = head.flipAverage() ? extractor.embedAll(image, faces, true) : null;
            return scores(e, m);
        } finally {
            guard.exit();
        }
    }

    @Override
    public EmotionScores classifyCropped(FerImage face) {
        Objects.requireNonNull(face, "face");
        guard.enter();
        try {
            List<float[]> e = extractor.embedCroppedAll(List.of(face), false);
            List<float[]> m = head.flipAverage() ? extractor.embedCroppedAll(List.of(face), true) : null;
            return scores(e, m).get(0);
        } finally {
            guard.exit();
        }
    }

    private List<EmotionScores> scores(List<float[]> e, List<float[]> m) {
        List<EmotionScores> out = new ArrayList<>(e.size());
        for (int i = 0; i < e.size(); i++) {
            out.add(toScores(head, head.probabilities(e.get(i), m == null ? null : m.get(i))));
        }
        return List.copyOf(out);
    }

    /**
     * Turns a head's probabilities into scores.
     *
     * @param head the head
     * @param p one probability per label, in the head's order
     * @return the scores
     */
    static EmotionScores toScores(HeadModel head, double[] p) {
        EnumMap<Emotion, Float> map = new EnumMap<>(Emotion.class);
        for (int i = 0; i < p.length; i++) {
            map.put(head.labels().get(i), (float) Math.min(1.0, Math.max(0.0, p[i])));
        }
        return new EmotionScores(map);
    }

    /** Closes the backbones after calls in flight finish; idempotent. */
    @Override
    public void close() {
        if (guard.close()) {
            extractor.close();
        }
    }

    @Override
    public String toString() {
        return "FittedHead[" + provenance.id() + ", " + head + "]";
    }
}
