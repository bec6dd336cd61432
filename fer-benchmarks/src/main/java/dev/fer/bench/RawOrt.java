package dev.fer.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import dev.fer.onnx.ExecutionOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ONNX Runtime used directly, with the same session settings as fer-java's {@link ExecutionOptions#defaults()}
 * (intra-op threads, one inter-op thread, no spinning, all graph optimisations), on one fixed input tensor wrapped
 * once. This is the floor for every ONNX benchmark: {@code session.run} and nothing else. Not thread-safe.
 */
public final class RawOrt implements AutoCloseable {
    private final OrtSession session;
    private final OnnxTensor input;
    private final Map<String, OnnxTensor> inputs;
    private Map<String, OnnxTensor> pinned;

    /**
     * Opens the model and wraps the tensor (a direct native-order buffer, not copied).
     *
     * @param model the model file
     * @param tensor the input elements
     * @param shape the input shape
     */
    public RawOrt(Path model, FloatBuffer tensor, long[] shape) {
        this(model, tensor, shape, 0);
    }

    /**
     * Opens the model with a given intra-op thread count and wraps the tensor.
     *
     * @param model the model file
     * @param tensor the input elements
     * @param shape the input shape
     * @param threads intra-op threads; 0 for the default's
     */
    public RawOrt(Path model, FloatBuffer tensor, long[] shape, int threads) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            ExecutionOptions d = ExecutionOptions.defaults();
            try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                so.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
                so.setIntraOpNumThreads(threads > 0 ? threads : d.intraOpThreads());
                so.setInterOpNumThreads(d.interOpThreads());
                String spin = d.allowSpinning() ? "1" : "0";
                so.addConfigEntry("session.intra_op.allow_spinning", spin);
                so.addConfigEntry("session.inter_op.allow_spinning", spin);
                so.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                session = env.createSession(model.toString(), so);
            }
            input = OnnxTensor.createTensor(env, tensor.duplicate().rewind(), shape);
            inputs = Map.of(session.getInputNames().iterator().next(), input);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not open " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * One {@code session.run}; the outputs are freed at once.
     *
     * @return the number of outputs (for the blackhole)
     */
    public int run() {
        try (OrtSession.Result r = session.run(inputs)) {
            return r.size();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs once and copies every float output into its own direct native-order buffer.
     *
     * @return outputs by name, in model order
     */
    public Map<String, FloatBuffer> runAndCopy() {
        try (OrtSession.Result r = session.run(inputs)) {
            Map<String, FloatBuffer> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                FloatBuffer src = ((OnnxTensor) e.getValue()).getFloatBuffer();
                FloatBuffer dst = ByteBuffer.allocateDirect(src.remaining() * Float.BYTES)
                        .order(ByteOrder.nativeOrder()).asFloatBuffer();
                dst.put(src).flip();
                out.put(e.getKey(), dst);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The shapes of the outputs, by name.
     *
     * @return shapes
     */
    public Map<String, long[]> outputShapes() {
        try (OrtSession.Result r = session.run(inputs)) {
            Map<String, long[]> out = new LinkedHashMap<>();
            for (Map.Entry<String, OnnxValue> e : r) {
                out.put(e.getKey(), ((OnnxTensor) e.getValue()).getInfo().getShape());
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One run with every output pinned in preallocated direct buffers ({@code OrtSession.run(inputs,
     * pinnedOutputs)}), as fer-java's runner does: what ONNX Runtime's Java API allocates per run on that path.
     *
     * @return the number of outputs
     */
    public int runPinned() {
        try {
            if (pinned == null) {
                Map<String, OnnxTensor> p = new LinkedHashMap<>();
                for (Map.Entry<String, long[]> e : outputShapes().entrySet()) {
                    long n = 1;
                    for (long d : e.getValue()) {
                        n *= d;
                    }
                    FloatBuffer b = ByteBuffer.allocateDirect((int) n * Float.BYTES).order(ByteOrder.nativeOrder())
                            .asFloatBuffer();
                    p.put(e.getKey(), OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), b, e.getValue()));
                }
                pinned = p;
            }
            try (OrtSession.Result r = session.run(inputs, pinned)) {
                return r.size();
            }
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            if (pinned != null) {
                for (OnnxTensor t : pinned.values()) {
                    t.close();
                }
            }
            input.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }
}
