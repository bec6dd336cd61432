package dev.fer.onnx;

import dev.fer.FaceDetector;
import dev.fer.ModelLoadException;
import dev.fer.image.FerImage;
import dev.fer.internal.CloseGuard;
import dev.fer.model.ModelCatalog;
import dev.fer.model.ModelContract;
import dev.fer.model.ModelEntry;
import dev.fer.model.ModelRepository;
import dev.fer.model.ModelTask;
import dev.fer.model.ResolvedModel;
import dev.fer.onnx.internal.DetectorModel;
import dev.fer.onnx.internal.DirectFloats;
import dev.fer.onnx.internal.Licenses;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.result.Detection;
import dev.fer.result.ModelProvenance;
import dev.fer.detect.Detections;
import dev.fer.detect.FaceCandidate;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A {@link FaceDetector} running an ONNX face-detection model: letterbox or resize the image, normalise it into
 * the model's input tensor, run ONNX Runtime, decode the raw outputs (SSD priors, YOLO anchors or DFL, YuNet grids),
 * apply NMS and map the faces back to original-image pixels (boxes clamped to the image).
 *
 * <p><b>Thread safety:</b> safe to share across threads; {@link #detect(FerImage)} may run concurrently. Each
 * concurrent call borrows a workspace (a direct input buffer) from a pool and letterboxes the image straight into it
 * ({@link dev.fer.preprocess.TensorWriter#writeLetterboxed(FerImage, dev.fer.preprocess.LetterboxGeometry, int,
 * java.nio.FloatBuffer, int) TensorWriter.writeLetterboxed}), so the hot path allocates no input-sized arrays after
 * warm-up. {@link #close()} is idempotent and waits for calls in flight.
 *
 * <table>
 *   <caption>Catalog detectors and their upstream defaults</caption>
 *   <tr><th>id</th><th>kind</th><th>score</th><th>NMS IoU</th><th>landmarks</th><th>licence</th></tr>
 *   <tr><td>yunet-2023mar</td><td>YUNET</td><td>0.9</td><td>0.3</td><td>yes</td><td>MIT</td></tr>
 *   <tr><td>yunet-dynamic</td><td>YUNET_DYNAMIC</td><td>0.9</td><td>0.3</td><td>yes</td><td>Apache-2.0</td></tr>
 *   <tr><td>retinaface-mnet025</td><td>RETINAFACE</td><td>0.6</td><td>0.4</td><td>yes</td><td>MIT</td></tr>
 *   <tr><td>ultraface-rfb-320, -slim-320, -rfb-640</td><td>ULTRAFACE</td><td>0.7</td><td>0.3</td><td>no</td>
 *       <td>MIT</td></tr>
 *   <tr><td>ultraface-rfb-320-raw</td><td>ULTRAFACE_RAW</td><td>0.7</td><td>0.3</td><td>no</td><td>MIT</td></tr>
 *   <tr><td>yolov5n-0.5-face</td><td>YOLOV5_FACE</td><td>0.6</td><td>0.5</td><td>yes</td><td>GPL-3.0</td></tr>
 *   <tr><td>yolov8-lite-t-face</td><td>YOLOV8_FACE</td><td>0.45</td><td>0.5</td><td>yes</td><td>GPL-3.0 /
 *       AGPL-3.0</td></tr>
 * </table>
 *
 * <p>YuNet is trained for faces of about 10–300 px at model scale. The fixed 640×640 model sees every image
 * downscaled to fit 640, so a face up to about half the image's longer side is in range; the dynamic model is run
 * on images downscaled to {@link DetectorOptions#maxInputSide()} (640 by default) for the same reason.
 *
 * <p><b>Detector input sized to the frame.</b> A dynamic-input model (yunet-dynamic) is run at an input derived
 * from the frame: the frame scaled by {@code min(1, maxInputSide / longer side, }{@value
 * DetectorOptions#SMALLEST_MODEL_FACE}{@code  / minFaceSize)} and zero-padded right and bottom to multiples of 32.
 * A caller who only needs faces of at least {@code minFaceSize} pixels thus pays for a smaller input: a 640×480
 * frame with {@code minFaceSize = 20} runs YuNet at 320×240 (about 4× cheaper than 640×640). Faces smaller than
 * {@code minFaceSize} are dropped either way. With {@code minFaceSize = 0} and {@code maxInputSide = 0} the image
 * is detected at its own resolution, as the reference results' {@code yunet_dynamic} entry.
 */
public final class OnnxFaceDetector implements FaceDetector {
    private final OnnxSession session;
    private final DetectorModel model;
    private final int maxFaces;
    private final float minFaceSize;
    private final int maxInputSide;
    private final CloseGuard guard;
    private final ConcurrentLinkedQueue<Workspace> pool = new ConcurrentLinkedQueue<>();

    private OnnxFaceDetector(OnnxSession session, DetectorModel model, DetectorOptions options) {
        this.session = session;
        this.model = model;
        this.maxFaces = options.maxFaces();
        this.minFaceSize = options.minFaceSize();
        this.maxInputSide = options.maxInputSide();
        this.guard = new CloseGuard("OnnxFaceDetector " + session.id());
    }

    /**
     * A catalog detector with default options.
     *
     * @param id a detector id, for example {@code yunet-2023mar}
     * @return a new detector; close it when done
     * @throws IllegalArgumentException when the id is not a detector in the catalog
     * @throws dev.fer.FerException when the model cannot be resolved, verified or loaded
     */
    public static OnnxFaceDetector create(String id) {
        return create(id, DetectorOptions.defaults());
    }

    /**
     * A catalog detector.
     *
     * @param id a detector id, for example {@code retinaface-mnet025}
     * @param options thresholds, limits, execution and repository
     * @return a new detector; close it when done
     * @throws IllegalArgumentException when the id is not a detector in the catalog
     * @throws dev.fer.FerException when the model cannot be resolved, verified or loaded
     */
    public static OnnxFaceDetector create(String id, DetectorOptions options) {
        Objects.requireNonNull(options, "options");
        ModelEntry entry = ModelCatalog.get(id);
        if (entry.task() != ModelTask.FACE_DETECTOR) {
            throw new IllegalArgumentException("Model '" + id + "' is an emotion classifier, not a face detector; "
                    + "detector ids: " + ModelCatalog.knownIds(ModelTask.FACE_DETECTOR) + ".");
        }
        DetectorKind kind = DetectorModel.kindOf(id);
        ModelRepository repo = options.repository() != null ? options.repository()
                : ModelRepository.fromEnvironment();
        ResolvedModel resolved = repo.resolve(entry);
        Licenses.warnIfCopyleft(entry);
        OnnxSession session = OnnxSession.open(resolved.path(), entry.contract(), options.execution(), id,
                resolved.sha256());
        return wrap(session, kind, options);
    }

    /**
     * Your own ONNX export of a supported architecture.
     *
     * @param modelFile the model file
     * @param kind its architecture
     * @param options thresholds, limits and execution (the repository is not used)
     * @return a new detector; close it when done
     * @throws ModelLoadException when the file is not a model of that kind (the message lists expected and
     *     actual tensors)
     */
    public static OnnxFaceDetector create(Path modelFile, DetectorKind kind, DetectorOptions options) {
        Objects.requireNonNull(modelFile, "modelFile");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(options, "options");
        OnnxSession session = OnnxSession.open(modelFile, ModelContract.ANY, options.execution(),
                String.valueOf(modelFile.getFileName()));
        return wrap(session, kind, options);
    }

    /**
     * Your own ONNX export of a supported architecture, from bytes.
     *
     * @param modelBytes the model
     * @param name a name for messages and provenance
     * @param kind its architecture
     * @param options thresholds, limits and execution
     * @return a new detector; close it when done
     * @throws ModelLoadException when the bytes are not a model of that kind
     */
    public static OnnxFaceDetector create(byte[] modelBytes, String name, DetectorKind kind,
                                          DetectorOptions options) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(options, "options");
        OnnxSession session = OnnxSession.open(modelBytes, ModelContract.ANY, options.execution(),
                Objects.requireNonNull(name, "name"));
        return wrap(session, kind, options);
    }

    private static OnnxFaceDetector wrap(OnnxSession session, DetectorKind kind, DetectorOptions options) {
        try {
            DetectorModel model = DetectorModel.create(kind, session.id(), session.inputSpecs(),
                    session.outputSpecs(), options.scoreThreshold(), options.nmsThreshold());
            return new OnnxFaceDetector(session, model, options);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * The architecture this detector runs.
     *
     * @return the kind
     */
    public DetectorKind kind() {
        return model.kind();
    }

    /**
     * The score threshold in use.
     *
     * @return the threshold
     */
    public float scoreThreshold() {
        return model.scoreThreshold();
    }

    @Override
    public List<Detection> detect(FerImage image) {
        Objects.requireNonNull(image, "image");
        guard.enter();
        try {
            LetterboxGeometry g = geometry(image.width(), image.height());
            Workspace ws = borrow();
            try {
                int tw = g.targetWidth();
                int th = g.targetHeight();
                int floats = 3 * tw * th;
                FloatBuffer tensor = ws.tensor(floats);
                model.writer().writeLetterboxed(image, g, model.padValue(), tensor, 0);
                tensor.limit(floats);
                List<FaceCandidate> candidates = session.run(ws.inputs(model.inputName(), tensor, tw, th),
                        ws.decoder(tw, th));
                return Detections.toOriginal(candidates, g, minFaceSize, maxFaces);
            } finally {
                pool.offer(ws);
            }
        } finally {
            guard.exit();
        }
    }

    private LetterboxGeometry geometry(int w, int h) {
        return switch (model.placement()) {
            case STRETCH -> LetterboxGeometry.stretch(w, h, model.inputWidth(), model.inputHeight());
            case TOP_LEFT -> LetterboxGeometry.fit(w, h, model.inputWidth(), model.inputHeight(),
                    LetterboxGeometry.Anchor.TOP_LEFT);
            case CENTER -> LetterboxGeometry.fit(w, h, model.inputWidth(), model.inputHeight(),
                    LetterboxGeometry.Anchor.CENTER);
            case PAD_32 -> dynamicGeometry(w, h);
        };
    }

    private LetterboxGeometry dynamicGeometry(int w, int h) {
        double r = inputScale(w, h, maxInputSide, minFaceSize);
        if (r >= 1.0) {
            return LetterboxGeometry.padToMultiple(w, h, 32);
        }
        int nw = Math.max(1, Math.min(w, (int) Math.floor(w * r + 0.5)));
        int nh = Math.max(1, Math.min(h, (int) Math.floor(h * r + 0.5)));
        int tw = (nw + 31) / 32 * 32;
        int th = (nh + 31) / 32 * 32;
        // Mapped back with r itself, as the fixed 640×640 letterbox and the reference results do.
        return new LetterboxGeometry(w, h, tw, th, nw, nh, 0, 0, (float) r, (float) r);
    }

    /**
     * The scale at which a frame-sized (dynamic-input) detector sees a {@code w × h} image: at most 1 (never
     * upscaled), at most {@code maxInputSide / longer side} (when {@code maxInputSide > 0}), and, when
     * {@code minFaceSize > 0}, at most {@code DetectorOptions.SMALLEST_MODEL_FACE / minFaceSize}, so that a face of
     * {@code minFaceSize} original pixels is still {@value DetectorOptions#SMALLEST_MODEL_FACE} px at model scale.
     *
     * @param w image width
     * @param h image height
     * @param maxInputSide longest input side, 0 for none
     * @param minFaceSize smallest face to find, original pixels, 0 for none
     * @return the scale, in (0, 1]
     */
    static double inputScale(int w, int h, int maxInputSide, float minFaceSize) {
        double r = 1.0;
        int longest = Math.max(w, h);
        if (maxInputSide > 0 && longest > maxInputSide) {
            r = (double) maxInputSide / longest;
        }
        if (minFaceSize > 0f) {
            r = Math.min(r, DetectorOptions.SMALLEST_MODEL_FACE / minFaceSize);
        }
        return r;
    }

    private Workspace borrow() {
        Workspace ws = pool.poll();
        return ws != null ? ws : new Workspace();
    }

    @Override
    public ModelProvenance provenance() {
        return session.provenance();
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
        return "OnnxFaceDetector[" + session.id() + ", " + model.kind() + ", score >= " + model.scoreThreshold()
                + ", " + session.provenance().provider() + "]";
    }

    /** Per-call scratch memory, reused through the pool. */
    private final class Workspace implements OutputReader<List<FaceCandidate>> {
        private FloatBuffer tensor;
        private Map<String, InputTensor> inputs;
        private FloatBuffer inputsBuffer;
        private int width;
        private int height;
        private int decodeWidth;
        private int decodeHeight;

        /** The input map for a {@code tw × th} tensor, reused while the buffer and size stay the same. */
        Map<String, InputTensor> inputs(String name, FloatBuffer t, int tw, int th) {
            if (inputs == null || inputsBuffer != t || width != tw || height != th) {
                inputs = Map.of(name, InputTensor.of(t, 1, 3, th, tw));
                inputsBuffer = t;
                width = tw;
                height = th;
            }
            return inputs;
        }

        /** This workspace as the output reader of a {@code tw × th} run. */
        OutputReader<List<FaceCandidate>> decoder(int tw, int th) {
            decodeWidth = tw;
            decodeHeight = th;
            return this;
        }

        @Override
        public List<FaceCandidate> read(Outputs outputs) {
            return model.decode(outputs, decodeWidth, decodeHeight);
        }

        FloatBuffer tensor(int floats) {
            tensor = DirectFloats.ensure(tensor, floats);
            return tensor;
        }
    }
}
