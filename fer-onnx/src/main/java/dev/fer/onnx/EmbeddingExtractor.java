package dev.fer.onnx;

import dev.fer.ModelIntegrityException;
import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.internal.CloseGuard;
import dev.fer.internal.Sha256;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelContract;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ResolvedModel;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.internal.GraphOutputs;
import dev.fer.onnx.internal.Licenses;
import dev.fer.preprocess.Layout;
import dev.fer.result.Detection;
import dev.fer.result.ModelProvenance;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Penultimate features (embeddings) of catalogued classifiers, one float vector per face, for fitting your own head
 * on top ({@code fer-train}, {@link FittedHead}). Each backbone's model file is resolved and verified by SHA-256 like
 * any catalog model; then its embedding tensor is added as an extra graph output to the bytes in memory (ONNX
 * Runtime only returns graph outputs), and only that output is computed. Provenance keeps the original file's hash.
 * With several backbones the vectors are concatenated in the order given.
 *
 * <p>Faces are prepared exactly as the classifiers prepare them: {@link #embedAll(FerImage, List, boolean)} aligns
 * with landmarks or crops square around the box per backbone, {@link #embedCroppedAll(List, boolean)} resizes whole
 * face crops. {@code mirrored = true} flips each prepared face left-right first (for flip augmentation and
 * test-time flip averaging). Backbones with a dynamic batch dimension (mini-Xception) run all faces of a call in
 * batches of up to {@value #MAX_BATCH}; those fixed at batch 1 (MobileFaceNet) run once per face. (Making
 * MobileFaceNet's batch dimension symbolic in memory works and gives identical values, but on the CPU one run of N
 * faces measured no faster than N runs, about 15 % slower with 2 intra-op threads, so the file's batch 1 is kept.)
 *
 * <p><b>Thread safety:</b> safe to share across threads; all methods may run concurrently. {@link #close()} is
 * idempotent and waits for calls in flight; later calls throw {@link IllegalStateException}.
 *
 * <pre>{@code
 * try (EmbeddingExtractor ex = EmbeddingExtractor.create(Backbone.DEFAULT_IDS)) {
 *     float[] v = ex.embedCropped(Images.read(Path.of("face.png")), false);   // 512 + 2048 values
 * }
 * }</pre>
 */
public final class EmbeddingExtractor implements AutoCloseable {
    /** Most faces per model run for backbones with a dynamic batch dimension. */
    public static final int MAX_BATCH = 64;

    private final List<Part> parts;
    private final List<Backbone> backbones;
    private final int dimension;
    private final CloseGuard guard;

    private EmbeddingExtractor(List<Part> parts) {
        this.parts = List.copyOf(parts);
        this.backbones = parts.stream().map(p -> p.backbone).toList();
        this.dimension = parts.stream().mapToInt(p -> p.backbone.dimension()).sum();
        this.guard = new CloseGuard("EmbeddingExtractor " + backbones.stream().map(Backbone::id).toList());
    }

    /**
     * An extractor on the CPU with models resolved by {@link ModelRepository#fromEnvironment()}.
     *
     * @param backboneIds one or more backbone ids (see {@link Backbone}), for example {@link Backbone#DEFAULT_IDS}
     * @return a new extractor; close it when done
     * @throws IllegalArgumentException when the list is empty, repeats an id or names an unknown backbone
     * @throws dev.fer.FerException when a model cannot be resolved, verified or loaded
     */
    public static EmbeddingExtractor create(List<String> backboneIds) {
        return create(backboneIds, ExecutionOptions.defaults(), ModelRepository.fromEnvironment());
    }

    /**
     * An extractor.
     *
     * @param backboneIds one or more backbone ids (see {@link Backbone})
     * @param execution how the models run
     * @param repository where the models are resolved
     * @return a new extractor; close it when done
     * @throws IllegalArgumentException when the list is empty, repeats an id or names an unknown backbone
     * @throws dev.fer.FerException when a model cannot be resolved, verified or loaded
     */
    public static EmbeddingExtractor create(List<String> backboneIds, ExecutionOptions execution,
                                            ModelRepository repository) {
        Objects.requireNonNull(backboneIds, "backboneIds");
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(repository, "repository");
        if (backboneIds.isEmpty()) {
            throw new IllegalArgumentException("An embedding extractor needs at least one backbone; use one or more "
                    + "of " + Backbone.all().stream().map(Backbone::id).toList() + ".");
        }
        if (backboneIds.stream().distinct().count() != backboneIds.size()) {
            throw new IllegalArgumentException("Backbone ids must be distinct, got " + backboneIds + ".");
        }
        List<Backbone> wanted = backboneIds.stream().map(Backbone::of).toList();
        List<Part> parts = new ArrayList<>();
        try {
            for (Backbone b : wanted) {
                parts.add(open(b, execution, repository));
            }
        } catch (RuntimeException e) {
            parts.forEach(p -> p.session.close());
            throw e;
        }
        return new EmbeddingExtractor(parts);
    }

    private static Part open(Backbone b, ExecutionOptions execution, ModelRepository repository) {
        ModelEntry entry = ModelCatalog.get(b.id());
        ResolvedModel resolved = repository.resolve(entry);
        Licenses.warnIfCopyleft(entry);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(resolved.path());
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + resolved.path() + " of backbone '" + b.id() + "' cannot be "
                    + "read: " + e + ".", e);
        }
        String sha = Sha256.of(bytes);
        if (!sha.equals(resolved.sha256())) {
            throw new ModelIntegrityException("Model file " + resolved.path() + " of backbone '" + b.id() + "' "
                    + "changed after it was verified: SHA-256 " + sha + ", expected " + resolved.sha256() + ".");
        }
        byte[] edited = GraphOutputs.withOutputs(bytes, List.of(b.tensor()), b.id());
        ModelContract contract = new ModelContract(entry.contract().inputs(),
                List.of(new TensorSpec(b.tensor(), TensorSpec.ElementType.FLOAT, b.shape())));
        OnnxSession session = OnnxSession.open(edited, contract, execution, b.id(), sha);
        boolean batched = entry.contract().inputs().get(0).shape().get(0) < 0;
        return new Part(b, session, new FacePreparer(b.spec()), batched);
    }

    /**
     * The backbones, in concatenation order.
     *
     * @return the backbones
     */
    public List<Backbone> backbones() {
        return backbones;
    }

    /**
     * Values per face: the sum of the backbones' dimensions.
     *
     * @return the embedding length
     */
    public int dimension() {
        return dimension;
    }

    /**
     * Which model files the embeddings come from (SHA-256 of the original, unedited files) and where they run.
     *
     * @return one provenance per backbone, in order
     */
    public List<ModelProvenance> provenance() {
        return parts.stream().map(p -> p.session.provenance()).toList();
    }

    /**
     * Whether any backbone aligns faces with their five landmarks.
     *
     * @return {@code true} when a detector with landmarks should be used
     */
    public boolean alignsWithLandmarks() {
        return parts.stream().anyMatch(p -> p.preparer.aligns());
    }

    /**
     * The embedding of one face crop.
     *
     * @param crop a face crop, resized whole to each backbone's input
     * @param mirrored flip the face left-right first
     * @return {@link #dimension()} values
     */
    public float[] embedCropped(FerImage crop, boolean mirrored) {
        return embedCroppedAll(List.of(crop), mirrored).get(0);
    }

    /**
     * The embeddings of face crops, batched.
     *
     * @param crops face crops, each resized whole to each backbone's input
     * @param mirrored flip each face left-right first
     * @return one vector of {@link #dimension()} values per crop, in order
     */
    public List<float[]> embedCroppedAll(List<FerImage> crops, boolean mirrored) {
        Objects.requireNonNull(crops, "crops");
        crops.forEach(c -> Objects.requireNonNull(c, "crop"));
        return embed(crops.size(), (p, ws, tensor, i, offset) -> p.preparer.crop(crops.get(i), mirrored, ws,
                tensor, offset));
    }

    /**
     * The embeddings of faces in one image, batched.
     *
     * @param image the whole image
     * @param faces faces in its pixels (with landmarks for aligned backbones; without, they fall back to a square
     *     crop as the classifiers do)
     * @param mirrored flip each prepared face left-right
     * @return one vector of {@link #dimension()} values per face, in order
     */
    public List<float[]> embedAll(FerImage image, List<Detection> faces, boolean mirrored) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(faces, "faces");
        faces.forEach(f -> Objects.requireNonNull(f, "face"));
        return embed(faces.size(), (p, ws, tensor, i, offset) -> p.preparer.face(image, faces.get(i), mirrored, ws,
                tensor, offset));
    }

    @FunctionalInterface
    private interface Fill {
        void write(Part part, FacePreparer.Scratch ws, FloatBuffer tensor, int index, int offset);
    }

    private List<float[]> embed(int n, Fill fill) {
        if (n == 0) {
            return List.of();
        }
        guard.enter();
        try {
            float[][] out = new float[n][dimension];
            int column = 0;
            for (Part p : parts) {
                FacePreparer.Scratch ws = p.borrow();
                try {
                    int size = p.preparer.sampleSize();
                    int batch = p.batched ? MAX_BATCH : 1;
                    for (int from = 0; from < n; from += batch) {
                        int count = Math.min(batch, n - from);
                        FloatBuffer tensor = ws.tensor(count * size);
                        for (int i = 0; i < count; i++) {
                            fill.write(p, ws, tensor, from + i, i * size);
                        }
                        tensor.limit(count * size);
                        p.run(tensor, count, out, from, column);
                    }
                } finally {
                    p.pool.offer(ws);
                }
                column += p.backbone.dimension();
            }
            return List.of(out);
        } finally {
            guard.exit();
        }
    }

    /** Closes every backbone session after calls in flight finish; idempotent. */
    @Override
    public void close() {
        if (guard.close()) {
            parts.forEach(p -> p.session.close());
        }
    }

    @Override
    public String toString() {
        return "EmbeddingExtractor[" + backbones.stream().map(Backbone::id).toList() + ", " + dimension
                + " values]";
    }

    /** One backbone: its session (embedding output only), preprocessing and scratch pool. */
    private static final class Part {
        final Backbone backbone;
        final OnnxSession session;
        final FacePreparer preparer;
        final boolean batched;
        final ConcurrentLinkedQueue<FacePreparer.Scratch> pool = new ConcurrentLinkedQueue<>();

        Part(Backbone backbone, OnnxSession session, FacePreparer preparer, boolean batched) {
            this.backbone = backbone;
            this.session = session;
            this.preparer = preparer;
            this.batched = batched;
        }

        FacePreparer.Scratch borrow() {
            FacePreparer.Scratch s = pool.poll();
            return s != null ? s : new FacePreparer.Scratch();
        }

        void run(FloatBuffer tensor, int n, float[][] out, int from, int column) {
            ClassifierSpec spec = backbone.spec();
            long[] shape = spec.layout() == Layout.NCHW
                    ? new long[] {n, spec.channels(), spec.height(), spec.width()}
                    : new long[] {n, spec.height(), spec.width(), spec.channels()};
            int d = backbone.dimension();
            session.run(spec.inputName(), InputTensor.of(tensor, shape), o -> {
                FloatBuffer y = o.floats(backbone.tensor());
                if (y.remaining() != n * d) {
                    throw new ModelLoadException("Backbone '" + backbone.id() + "' returned " + y.remaining()
                            + " values for " + n + " face(s) in tensor '" + backbone.tensor() + "'; expected " + d
                            + " per face.");
                }
                for (int i = 0; i < n; i++) {
                    y.get(i * d, out[from + i], column, d);
                }
                return null;
            });
        }
    }
}
