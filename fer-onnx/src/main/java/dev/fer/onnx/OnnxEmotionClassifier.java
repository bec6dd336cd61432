package dev.fer.onnx;

import dev.fer.Emotion;
import dev.fer.EmotionClassifier;
import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.internal.CloseGuard;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelContract;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ModelTask;
import dev.fer.model.ResolvedModel;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.internal.Licenses;
import dev.fer.preprocess.Layout;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.ModelProvenance;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * An {@link EmotionClassifier} running an ONNX emotion model described by a {@link ClassifierSpec}: each face is
 * aligned with its five landmarks (or cropped square around its box), converted to the model's colour order,
 * normalised into the input tensor and classified; logits go through a softmax.
 *
 * <p><b>Thread safety:</b> safe to share across threads; all methods may run concurrently. All faces of one call go
 * through the model in a single run when its batch dimension is dynamic (mini-Xception); models fixed at batch 1
 * (MobileFaceNet, FER+) are run once per face from the same prepared buffer. Scratch buffers are pooled per
 * concurrent call. {@link #close()} is idempotent and waits for calls in flight.
 *
 * <table>
 *   <caption>Catalog classifiers</caption>
 *   <tr><th>id</th><th>input</th><th>classes</th><th>crop</th></tr>
 *   <tr><td>fer-mobilefacenet-int8, fer-mobilefacenet</td><td>112×112 RGB</td><td>7</td>
 *       <td>5-point aligned</td></tr>
 *   <tr><td>fer-mini-xception</td><td>64×64 grey NHWC, dynamic batch</td><td>7</td><td>square</td></tr>
 *   <tr><td>emotion-ferplus-8, emotion-ferplus-12-int8</td><td>64×64 grey, raw 0–255</td><td>8 (with contempt)</td>
 *       <td>square</td></tr>
 * </table>
 */
public final class OnnxEmotionClassifier implements EmotionClassifier {
    private static final Map<String, ClassifierSpec> SPECS = Map.of(
            "fer-mobilefacenet-int8", ClassifierSpec.MOBILEFACENET,
            "fer-mobilefacenet", ClassifierSpec.MOBILEFACENET,
            "fer-mini-xception", ClassifierSpec.MINI_XCEPTION,
            "emotion-ferplus-8", ClassifierSpec.FERPLUS,
            "emotion-ferplus-12-int8", ClassifierSpec.FERPLUS);

    private final OnnxSession session;
    private final ClassifierSpec spec;
    private final FacePreparer preparer;
    private final boolean batched;
    private final Set<Emotion> classes;
    private final int sampleSize;
    private final CloseGuard guard;
    private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();
    /** Most faces per model run when batching across images. */
    static final int MAX_BATCH = 32;

    private OnnxEmotionClassifier(OnnxSession session, ClassifierSpec spec, boolean batched) {
        this.session = session;
        this.spec = spec;
        this.batched = batched;
        this.preparer = new FacePreparer(spec);
        this.classes = Collections.unmodifiableSet(EnumSet.copyOf(spec.labels()));
        this.sampleSize = spec.width() * spec.height() * spec.channels();
        this.guard = new CloseGuard("OnnxEmotionClassifier " + session.id());
    }

    /**
     * Whether a catalog id is a supported classifier.
     *
     * @param id an id
     * @return {@code true} when {@link #create(String)} accepts it
     */
    public static boolean isCatalogClassifier(String id) {
        return SPECS.containsKey(id);
    }

    /**
     * A catalog classifier on the CPU, resolved with {@link ModelRepository#fromEnvironment()}.
     *
     * @param id a classifier id, for example {@code fer-mobilefacenet-int8}
     * @return a new classifier; close it when done
     * @throws IllegalArgumentException when the id is not a classifier in the catalog
     * @throws dev.fer.FerException when the model cannot be resolved, verified or loaded
     */
    public static OnnxEmotionClassifier create(String id) {
        return create(id, ExecutionOptions.defaults(), ModelRepository.fromEnvironment());
    }

    /**
     * A catalog classifier.
     *
     * @param id a classifier id
     * @param execution how the model runs
     * @param repository where the model is resolved
     * @return a new classifier; close it when done
     * @throws IllegalArgumentException when the id is not a classifier in the catalog
     * @throws dev.fer.FerException when the model cannot be resolved, verified or loaded
     */
    public static OnnxEmotionClassifier create(String id, ExecutionOptions execution, ModelRepository repository) {
        Objects.requireNonNull(execution, "execution");
        Objects.requireNonNull(repository, "repository");
        ModelEntry entry = ModelCatalog.get(id);
        ClassifierSpec spec = SPECS.get(id);
        if (entry.task() != ModelTask.EMOTION_CLASSIFIER || spec == null) {
            throw new IllegalArgumentException("Model '" + id + "' is not an emotion classifier; classifier ids: "
                    + SPECS.keySet().stream().sorted().toList() + ".");
        }
        ResolvedModel resolved = repository.resolve(entry);
        Licenses.warnIfCopyleft(entry);
        OnnxSession session = OnnxSession.open(resolved.path(), entry.contract(), execution, id,
                resolved.sha256());
        return wrap(session, spec);
    }

    /**
     * Your own ONNX emotion model.
     *
     * @param modelFile the model file
     * @param spec how to feed it and read it
     * @param execution how it runs
     * @return a new classifier; close it when done
     * @throws ModelLoadException when the model's tensors do not fit the spec (for example an output whose size is
     *     not the number of labels)
     */
    public static OnnxEmotionClassifier create(Path modelFile, ClassifierSpec spec, ExecutionOptions execution) {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(execution, "execution");
        return wrap(OnnxSession.open(modelFile, ModelContract.ANY, execution,
                String.valueOf(modelFile.getFileName())), spec);
    }

    /**
     * Your own ONNX emotion model, from bytes.
     *
     * @param modelBytes the model
     * @param name a name for messages and provenance
     * @param spec how to feed it and read it
     * @param execution how it runs
     * @return a new classifier; close it when done
     * @throws ModelLoadException when the model's tensors do not fit the spec
     */
    public static OnnxEmotionClassifier create(byte[] modelBytes, String name, ClassifierSpec spec,
                                               ExecutionOptions execution) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(execution, "execution");
        return wrap(OnnxSession.open(modelBytes, ModelContract.ANY, execution, Objects.requireNonNull(name, "name")),
                spec);
    }

    private static OnnxEmotionClassifier wrap(OnnxSession session, ClassifierSpec spec) {
        try {
            boolean batched = check(session, spec);
            return new OnnxEmotionClassifier(session, spec, batched);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /** Checks the session's tensors against the spec; returns whether the batch dimension is dynamic. */
    private static boolean check(OnnxSession session, ClassifierSpec spec) {
        TensorSpec in = session.inputSpecs().stream().filter(t -> t.name().equals(spec.inputName())).findFirst()
                .orElseThrow(() -> new ModelLoadException("Model '" + session.id() + "' has no input named '"
                        + spec.inputName() + "' (its inputs: " + session.inputSpecs() + "); fix the ClassifierSpec's "
                        + "input name."));
        if (session.inputSpecs().size() != 1) {
            throw new ModelLoadException("Model '" + session.id() + "' has " + session.inputSpecs().size()
                    + " inputs " + session.inputSpecs() + "; an emotion classifier needs exactly one.");
        }
        long[] want = spec.layout() == Layout.NCHW
                ? new long[] {-1, spec.channels(), spec.height(), spec.width()}
                : new long[] {-1, spec.height(), spec.width(), spec.channels()};
        long[] have = in.shape().stream().mapToLong(Long::longValue).toArray();
        boolean ok = have.length == 4;
        for (int i = 1; ok && i < 4; i++) {
            ok = have[i] < 0 || have[i] == want[i];
        }
        if (!ok) {
            throw new ModelLoadException("Model '" + session.id() + "' input " + in + " does not match the "
                    + "ClassifierSpec, which expects " + spec.layout() + " " + java.util.Arrays.toString(want)
                    .replace("-1", "N") + " (" + spec.width() + "x" + spec.height() + ", " + spec.channels()
                    + " channel(s)).");
        }
        TensorSpec out = session.outputSpecs().stream().filter(t -> t.name().equals(spec.outputName())).findFirst()
                .orElseThrow(() -> new ModelLoadException("Model '" + session.id() + "' has no output named '"
                        + spec.outputName() + "' (its outputs: " + session.outputSpecs() + "); fix the "
                        + "ClassifierSpec's output name."));
        List<Long> os = out.shape();
        long classes = os.isEmpty() ? -1 : os.get(os.size() - 1);
        if (os.size() != 2 || classes != spec.labels().size()) {
            throw new ModelLoadException("Model '" + session.id() + "' output " + out + " has " + classes
                    + " classes but the ClassifierSpec lists " + spec.labels().size() + " labels " + spec.labels()
                    + "; the output must be [N, " + spec.labels().size() + "] with one score per label.");
        }
        return have[0] < 0;
    }

    /**
     * How this classifier feeds and reads its model.
     *
     * @return the spec
     */
    public ClassifierSpec spec() {
        return spec;
    }

    /**
     * Whether all faces of a call go through the model in one run.
     *
     * @return {@code true} when the model's batch dimension is dynamic
     */
    public boolean batched() {
        return batched;
    }

    @Override
    public Set<Emotion> classes() {
        return classes;
    }

    @Override
    public boolean alignsWithLandmarks() {
        return spec.cropPolicy() == ClassifierSpec.CropPolicy.ALIGNED_5_POINT;
    }

    @Override
    public ModelProvenance provenance() {
        return session.provenance();
    }

    @Override
    public List<EmotionScores> classifyAll(FerImage image, List<Detection> faces) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(faces, "faces");
        if (faces.isEmpty()) {
            // No work, but a closed classifier still says so: every call after close() throws.
            guard.enter();
            guard.exit();
            return List.of();
        }
        guard.enter();
        Workspace ws = borrow();
        try {
            int n = faces.size();
            List<EmotionScores> out = new ArrayList<>(n);
            if (batched) {
                FloatBuffer tensor = ws.tensor(n * sampleSize);
                for (int i = 0; i < n; i++) {
                    prepare(image, Objects.requireNonNull(faces.get(i), "face"), ws, tensor, i * sampleSize);
                }
                tensor.limit(n * sampleSize);
                run(ws, tensor, n, out);
            } else {
                FloatBuffer tensor = ws.tensor(sampleSize);
                for (Detection face : faces) {
                    prepare(image, Objects.requireNonNull(face, "face"), ws, tensor, 0);
                    tensor.limit(sampleSize);
                    run(ws, tensor, 1, out);
                }
            }
            return List.copyOf(out);
        } finally {
            pool.offer(ws);
            guard.exit();
        }
    }

    /**
     * Batches faces across images into runs of at most {@value #MAX_BATCH} faces when the model has a dynamic batch
     * dimension (mini-Xception); otherwise classifies image by image.
     */
    @Override
    public List<List<EmotionScores>> classifyBatch(List<FerImage> images, List<List<Detection>> faces) {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(faces, "faces");
        if (!batched) {
            return EmotionClassifier.super.classifyBatch(images, faces);
        }
        if (images.size() != faces.size()) {
            throw new IllegalArgumentException("classifyBatch needs one face list per image, got " + images.size()
                    + " images and " + faces.size() + " face lists.");
        }
        guard.enter();
        Workspace ws = borrow();
        try {
            List<EmotionScores> flat = new ArrayList<>();
            FloatBuffer tensor = ws.tensor(MAX_BATCH * sampleSize);
            int inBatch = 0;
            for (int i = 0; i < images.size(); i++) {
                FerImage image = Objects.requireNonNull(images.get(i), "image");
                for (Detection face : faces.get(i)) {
                    prepare(image, Objects.requireNonNull(face, "face"), ws, tensor, inBatch * sampleSize);
                    if (++inBatch == MAX_BATCH) {
                        tensor.clear().limit(inBatch * sampleSize);
                        run(ws, tensor, inBatch, flat);
                        tensor.clear();
                        inBatch = 0;
                    }
                }
            }
            if (inBatch > 0) {
                tensor.clear().limit(inBatch * sampleSize);
                run(ws, tensor, inBatch, flat);
            }
            List<List<EmotionScores>> out = new ArrayList<>(images.size());
            int k = 0;
            for (List<Detection> f : faces) {
                out.add(List.copyOf(flat.subList(k, k + f.size())));
                k += f.size();
            }
            return out;
        } finally {
            pool.offer(ws);
            guard.exit();
        }
    }

    @Override
    public EmotionScores classifyCropped(FerImage face) {
        Objects.requireNonNull(face, "face");
        guard.enter();
        Workspace ws = borrow();
        try {
            FloatBuffer tensor = ws.tensor(sampleSize);
            preparer.crop(face, false, ws, tensor, 0);
            tensor.limit(sampleSize);
            List<EmotionScores> out = new ArrayList<>(1);
            run(ws, tensor, 1, out);
            return out.get(0);
        } finally {
            pool.offer(ws);
            guard.exit();
        }
    }

    /** Writes one face's model input: the crop/alignment steps shared with the embedding extractors. */
    private void prepare(FerImage image, Detection face, Workspace ws, FloatBuffer tensor, int offset) {
        preparer.face(image, face, false, ws, tensor, offset);
    }

    private void run(Workspace ws, FloatBuffer tensor, int n, List<EmotionScores> out) {
        Map<String, InputTensor> in = ws.inputs(tensor, n);
        ws.reader.n = n;
        ws.reader.out = out;
        try {
            session.run(in, ws.reader);
        } finally {
            ws.reader.out = null;
        }
    }

    /** Turns one run's output into scores; reused per workspace (no per-call lambda or arrays). */
    private final class ScoresReader implements OutputReader<Void> {
        private final double[] p = new double[spec.labels().size()];
        int n;
        List<EmotionScores> out;

        @Override
        public Void read(Outputs o) {
            List<Emotion> labels = spec.labels();
            boolean logits = spec.outputKind() == ClassifierSpec.OutputKind.LOGITS;
            FloatBuffer y = o.floats(spec.outputName());
            int k = labels.size();
            for (int i = 0; i < n; i++) {
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    p[j] = y.get(i * k + j);
                    max = Math.max(max, p[j]);
                }
                double sum = 0;
                for (int j = 0; j < k; j++) {
                    if (logits) {
                        p[j] = Math.exp(p[j] - max);
                    } else {
                        p[j] = Math.min(1.0, Math.max(0.0, p[j]));
                    }
                    sum += p[j];
                }
                EnumMap<Emotion, Float> m = new EnumMap<>(Emotion.class);
                for (int j = 0; j < k; j++) {
                    m.put(labels.get(j), (float) (logits ? p[j] / sum : p[j]));
                }
                out.add(new EmotionScores(m));
            }
            return null;
        }
    }

    private Workspace borrow() {
        Workspace ws = pool.poll();
        return ws != null ? ws : new Workspace();
    }

    /** Closes the ONNX session after calls in flight finish; idempotent. */
    @Override
    public void close() {
        if (guard.close()) {
            session.close();
            pool.clear();
        }
    }

    @Override
    public String toString() {
        return "OnnxEmotionClassifier[" + session.id() + ", " + classes.size() + " classes, "
                + session.provenance().provider() + "]";
    }

    /** Per-call scratch memory, reused through the pool. */
    private final class Workspace extends FacePreparer.Scratch {
        private final ScoresReader reader = new ScoresReader();
        private Map<String, InputTensor> inputs;
        private FloatBuffer inputsBuffer;
        private int inputsBatch;

        /** The input map for a batch of {@code n} in {@code tensor}, reused while both stay the same. */
        Map<String, InputTensor> inputs(FloatBuffer tensor, int n) {
            if (inputs == null || inputsBuffer != tensor || inputsBatch != n) {
                long[] shape = spec.layout() == Layout.NCHW
                        ? new long[] {n, spec.channels(), spec.height(), spec.width()}
                        : new long[] {n, spec.height(), spec.width(), spec.channels()};
                inputs = Map.of(spec.inputName(), InputTensor.of(tensor, shape));
                inputsBuffer = tensor;
                inputsBatch = n;
            }
            return inputs;
        }
    }
}
