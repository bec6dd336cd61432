package dev.fer.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.fer.InferenceException;
import dev.fer.ModelLoadException;
import dev.fer.ProviderUnavailableException;
import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.internal.ContractCheck;
import dev.fer.onnx.internal.ModelSource;
import dev.fer.onnx.internal.Runner;
import dev.fer.onnx.internal.SessionFactory;
import dev.fer.internal.Sha256;
import dev.fer.onnx.internal.TensorMeta;
import dev.fer.result.ModelProvenance;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX model loaded into ONNX Runtime, checked against a {@link ModelContract} and ready to run.
 *
 * <p>Thread-safe: any number of threads may call {@link #run} at the same time (ONNX Runtime runs them
 * concurrently). {@link #close()} is idempotent, waits for calls in flight to finish, and makes every later call
 * throw {@link IllegalStateException} ({@code "OnnxSession <id> is closed"}).
 *
 * <p><b>Loading.</b> {@link #open(Path, ModelContract, ExecutionOptions, String)} reads the file, computes its
 * SHA-256 for {@link #provenance()}, creates the session on the device the options name and checks every input and
 * output named by the contract (name, element type, shape; a dynamic dimension on either side matches anything).
 * Problems surface at load time as {@link ModelLoadException} (missing, empty or invalid file; contract mismatch,
 * with expected and actual tensors listed) or {@link ProviderUnavailableException} (CUDA requested but unusable).
 * Each load is logged once at INFO with the id, file, SHA-256 and provider.
 *
 * <p><b>Running without copies.</b> Inputs are {@link InputTensor}s; a direct native-order {@link FloatBuffer} is
 * given to ONNX Runtime as is, anything else is copied into a direct buffer that the session keeps and reuses
 * (one set per concurrent caller, pooled). Outputs are read in place: {@link #run(Map, OutputReader)} hands the
 * reader an {@link Outputs} whose {@link Outputs#floats(String)} are read-only views of the memory ONNX Runtime
 * wrote into (the session pre-allocates each output and passes it to ONNX Runtime as a pinned output). An output
 * whose shape depends on the input shape (a dynamic batch or image size) is copied once on the first run with new
 * input shapes; later runs with the same input shapes read it in place too. The views are valid only inside the
 * reader: the session reuses their memory for its next run.
 *
 * <pre>{@code
 * try (OnnxSession s = OnnxSession.open(file, contract, ExecutionOptions.defaults(), "yunet")) {
 *     List<Detection> faces = s.run("input", InputTensor.of(pixels, 1, 3, 640, 640),
 *             out -> decoder.decode(out.floats("cls_8"), out.floats("bbox_8")));
 * }
 * }</pre>
 */
public final class OnnxSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSession.class);
    /** Byte arrays above this size make open(byte[]) warn once that a file would be cheaper. */
    private static final long LARGE_BYTES = 64L * 1024 * 1024;
    private static final AtomicBoolean LARGE_BYTES_WARNED = new AtomicBoolean();

    private final String id;
    private final String location;
    private final ModelProvenance provenance;
    private final OrtSession session;
    private final Runner runner;
    private final List<TensorMeta> inputs;
    private final List<TensorMeta> outputs;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile boolean closed;
    private boolean released;
    // Adaptive threads (ExecutionOptions.adaptiveThreads): a single-threaded twin session for overlapping calls.
    private static final long QUIET_NANOS = 1_000_000_000L;
    private final ModelSource source;
    private final ExecutionOptions narrowOptions;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile long lastOverlap;
    private volatile boolean overlapSeen;
    private OrtSession narrowSession;
    private volatile Runner narrowRunner;
    private final LoneCallTuner tuner = new LoneCallTuner();

    private OnnxSession(String id, String location, ModelProvenance provenance, OrtSession session, Runner runner,
            List<TensorMeta> inputs, List<TensorMeta> outputs, ModelSource source, ExecutionOptions narrowOptions) {
        this.id = id;
        this.location = location;
        this.provenance = provenance;
        this.session = session;
        this.runner = runner;
        this.inputs = inputs;
        this.outputs = outputs;
        this.source = source;
        this.narrowOptions = narrowOptions;
    }

    /**
     * Loads a model file, computing its SHA-256.
     *
     * @param modelFile the {@code .onnx} file
     * @param contract the inputs and outputs the caller relies on ({@link ModelContract#ANY} to check nothing)
     * @param options device, threads and optimisation
     * @param modelId the catalog id or a user label, used in messages, logs and provenance
     * @return the open session; close it when done
     * @throws ModelLoadException when the file is missing, empty, not an ONNX model or does not match the contract
     * @throws ProviderUnavailableException when CUDA was requested and cannot be used
     * @throws IllegalArgumentException when {@code modelId} is blank
     */
    public static OnnxSession open(Path modelFile, ModelContract contract, ExecutionOptions options,
            String modelId) {
        return openFile(modelFile, contract, options, modelId, null);
    }

    /**
     * Loads a model file whose SHA-256 the caller already knows (for example because a model repository verified
     * it), skipping the hash computation. The hash is not checked again.
     *
     * @param modelFile the {@code .onnx} file
     * @param contract the inputs and outputs the caller relies on ({@link ModelContract#ANY} to check nothing)
     * @param options device, threads and optimisation
     * @param modelId the catalog id or a user label, used in messages, logs and provenance
     * @param knownSha256 the file's SHA-256 as 64 hex digits, reported by {@link #provenance()}
     * @return the open session; close it when done
     * @throws ModelLoadException when the file is missing, empty, not an ONNX model or does not match the contract
     * @throws ProviderUnavailableException when CUDA was requested and cannot be used
     * @throws IllegalArgumentException when {@code modelId} is blank or {@code knownSha256} is not 64 hex digits
     */
    public static OnnxSession open(Path modelFile, ModelContract contract, ExecutionOptions options,
            String modelId, String knownSha256) {
        if (!Sha256.isValid(knownSha256)) {
            throw new IllegalArgumentException("knownSha256 for model '" + modelId + "' must be 64 hex digits, got '"
                    + knownSha256 + "'.");
        }
        return openFile(modelFile, contract, options, modelId, knownSha256.toLowerCase(Locale.ROOT));
    }

    /**
     * Loads a model from bytes, for models that a user supplies in memory. Prefer a file for large models: ONNX
     * Runtime then reads it itself, and can find weights stored in external files beside it. The array is not
     * modified and may be reused once this method returns.
     *
     * @param modelBytes the content of an {@code .onnx} file
     * @param contract the inputs and outputs the caller relies on ({@link ModelContract#ANY} to check nothing)
     * @param options device, threads and optimisation
     * @param modelId the catalog id or a user label, used in messages, logs and provenance
     * @return the open session; close it when done
     * @throws ModelLoadException when the bytes are empty, not an ONNX model or do not match the contract
     * @throws ProviderUnavailableException when CUDA was requested and cannot be used
     * @throws IllegalArgumentException when {@code modelId} is blank
     */
    public static OnnxSession open(byte[] modelBytes, ModelContract contract, ExecutionOptions options,
            String modelId) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        checkCommon(contract, options, modelId);
        if (modelBytes.length == 0) {
            throw new ModelLoadException("The bytes given for model '" + modelId + "' are empty (0 bytes); expected "
                    + "the content of an .onnx file.");
        }
        if (modelBytes.length > LARGE_BYTES && LARGE_BYTES_WARNED.compareAndSet(false, true)) {
            LOG.warn("Model '{}' is loaded from a {} MiB byte array; ONNX Runtime keeps its own copy while "
                    + "loading, so memory briefly doubles. Load large models from a file instead.", modelId,
                    modelBytes.length >> 20);
        }
        ModelSource source = new ModelSource(modelId, null, modelBytes);
        return load(source, Sha256.of(modelBytes), contract, options);
    }

    /**
     * Loads a model from bytes derived from a verified file (for example the file with extra graph outputs added
     * in memory), reporting the original file's SHA-256 in {@link #provenance()} so that provenance names the file
     * that was checked, not the edited bytes. The array is not modified.
     *
     * @param modelBytes the content of an {@code .onnx} model
     * @param contract the inputs and outputs the caller relies on ({@link ModelContract#ANY} to check nothing)
     * @param options device, threads and optimisation
     * @param modelId the catalog id or a user label, used in messages, logs and provenance
     * @param sourceSha256 the SHA-256 of the verified file the bytes come from, as 64 hex digits
     * @return the open session; close it when done
     * @throws ModelLoadException when the bytes are empty, not an ONNX model or do not match the contract
     * @throws ProviderUnavailableException when CUDA was requested and cannot be used
     * @throws IllegalArgumentException when {@code modelId} is blank or {@code sourceSha256} is not 64 hex digits
     */
    public static OnnxSession open(byte[] modelBytes, ModelContract contract, ExecutionOptions options,
            String modelId, String sourceSha256) {
        Objects.requireNonNull(modelBytes, "modelBytes");
        checkCommon(contract, options, modelId);
        if (!Sha256.isValid(sourceSha256)) {
            throw new IllegalArgumentException("sourceSha256 for model '" + modelId + "' must be 64 hex digits, got '"
                    + sourceSha256 + "'.");
        }
        if (modelBytes.length == 0) {
            throw new ModelLoadException("The bytes given for model '" + modelId + "' are empty (0 bytes); expected "
                    + "the content of an .onnx file.");
        }
        return load(new ModelSource(modelId, null, modelBytes), sourceSha256.toLowerCase(Locale.ROOT), contract,
                options);
    }

    private static OnnxSession openFile(Path modelFile, ModelContract contract, ExecutionOptions options,
            String modelId, String knownSha256) {
        Objects.requireNonNull(modelFile, "modelFile");
        checkCommon(contract, options, modelId);
        Path file = modelFile.toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new ModelLoadException("Model file " + file + " for model '" + modelId + "' does not exist. Check "
                    + "the path, or let the model repository download the model.");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Model path " + file + " for model '" + modelId + "' is not a regular file.");
        }
        String sha;
        try {
            if (Files.size(file) == 0) {
                throw new ModelLoadException("Model file " + file + " for model '" + modelId + "' is empty (0 "
                        + "bytes); an interrupted download leaves such files: delete it and download the model "
                        + "again.");
            }
            sha = knownSha256 != null ? knownSha256 : Sha256.of(file);
        } catch (IOException e) {
            throw new ModelLoadException("Model file " + file + " for model '" + modelId + "' cannot be read: " + e
                    + ".", e);
        }
        return load(new ModelSource(modelId, file, null), sha, contract, options);
    }

    private static void checkCommon(ModelContract contract, ExecutionOptions options, String modelId) {
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(options, "options");
        if (modelId == null || modelId.isBlank()) {
            throw new IllegalArgumentException("modelId must be a non-blank catalog id or label, got '" + modelId
                    + "'.");
        }
    }

    private static OnnxSession load(ModelSource source, String sha, ModelContract contract,
            ExecutionOptions options) {
        long start = System.nanoTime();
        SessionFactory.Opened opened = SessionFactory.open(source, options);
        OrtSession session = opened.session();
        try {
            List<TensorMeta> inputs = metas(session.getInputInfo());
            List<TensorMeta> allOutputs = metas(session.getOutputInfo());
            ContractCheck.verify(contract, inputs, allOutputs, source.describe());
            List<TensorMeta> computed = allOutputs;
            if (!contract.outputs().isEmpty()) {
                computed = new ArrayList<>();
                for (TensorMeta m : allOutputs) {
                    if (contract.outputs().stream().anyMatch(s -> s.name().equals(m.name()))) {
                        computed.add(m);
                    }
                }
            }
            Runner runner = new Runner(session, source.describe(), inputs, computed);
            ModelProvenance provenance = new ModelProvenance(source.id(), sha, opened.provider());
            LOG.info("Loaded model '{}' from {} (sha256 {}) on {} in {} ms.", source.id(), source.location(), sha,
                    opened.provider(), (System.nanoTime() - start) / 1_000_000);
            boolean adaptive = options.adaptiveThreads() && options.intraOpThreads() > 1
                    && "CPU".equals(opened.provider());
            ExecutionOptions narrow = adaptive ? options.toBuilder().intraOpThreads(1).device(dev.fer.Device.CPU)
                    .build() : null;
            return new OnnxSession(source.id(), source.location(), provenance, session, runner, inputs,
                    List.copyOf(computed), adaptive ? source : null, narrow);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new ModelLoadException("Could not read the inputs and outputs of " + source.describe() + ": "
                    + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    private static List<TensorMeta> metas(Map<String, NodeInfo> infos) {
        List<TensorMeta> list = new ArrayList<>(infos.size());
        for (NodeInfo n : infos.values()) {
            list.add(TensorMeta.of(n));
        }
        return List.copyOf(list);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException | RuntimeException e) {
            LOG.debug("Closing a session that failed to load also failed.", e);
        }
    }

    /**
     * The model id given at load. Works after close.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * Which model this is: id, SHA-256 of the loaded bytes and the provider actually used ({@code CPU} or
     * {@code CUDA:n}). Works after close.
     *
     * @return the provenance
     */
    public ModelProvenance provenance() {
        return provenance;
    }

    /**
     * The model's input names, in model order. Works after close.
     *
     * @return the names
     */
    public List<String> inputNames() {
        return inputs.stream().map(TensorMeta::name).toList();
    }

    /**
     * The names of the outputs each run computes, in model order: the contract's outputs, or every model output
     * when the contract lists none. Works after close.
     *
     * @return the names
     */
    public List<String> outputNames() {
        return runner.outputNames();
    }

    /**
     * Runs the model and lets {@code reader} read the outputs in place. The reader runs on this thread before the
     * method returns; the {@link Outputs} and its buffers are valid only until the reader returns.
     *
     * @param <T> the result type
     * @param inputs one tensor per model input, by name
     * @param reader turns the outputs into a result
     * @return what the reader returned
     * @throws IllegalArgumentException when an input is unknown or missing, or its shape or buffer size does not
     *     fit the model (the message names the input, the expected and the actual values)
     * @throws InferenceException when ONNX Runtime fails to run the model
     * @throws IllegalStateException when the session is closed
     */
    public <T> T run(Map<String, InputTensor> inputs, OutputReader<T> reader) {
        Objects.requireNonNull(reader, "reader");
        ensureOpen();
        ReentrantReadWriteLock.ReadLock read = lock.readLock();
        read.lock();
        try {
            ensureOpen();
            if (narrowOptions == null) {
                return runOn(runner, inputs, reader);
            }
            int n = inFlight.incrementAndGet();
            try {
                if (n > 1) {
                    lastOverlap = System.nanoTime();
                    overlapSeen = true;
                    return runOn(narrow(), inputs, reader);
                }
                if (overlapSeen && System.nanoTime() - lastOverlap < QUIET_NANOS) {
                    return runOn(narrow(), inputs, reader);
                }
                // A lone call: the session measured faster for this input shape (LoneCallTuner).
                InputTensor first = inputs.get(this.inputs.get(0).name());
                long key = first == null ? 0 : LoneCallTuner.key(first);
                LoneCallTuner.Choice choice = tuner.next(key);
                Runner r = choice.narrow() ? narrow() : runner;
                if (!choice.timed()) {
                    return runOn(r, inputs, reader);
                }
                long start = System.nanoTime();
                T result = r.run(inputs, reader);
                long nanos = System.nanoTime() - start;
                if (inFlight.get() == 1) {
                    LoneCallTuner.Choice decided = tuner.record(key, choice.narrow(), nanos);
                    if (decided != null) {
                        long[] m = tuner.medians(key);
                        LOG.debug("Model '{}', input {}: lone calls run {} (median {} us multi-threaded, {} us on "
                                + "one thread).", id, first == null ? "?" : java.util.Arrays.toString(first.shape()),
                                decided == LoneCallTuner.Choice.NARROW ? "single-threaded" : "multi-threaded",
                                m[0] / 1000, m[1] / 1000);
                    }
                }
                return result;
            } finally {
                inFlight.decrementAndGet();
            }
        } finally {
            read.unlock();
        }
    }

    private <T> T runOn(Runner r, Map<String, InputTensor> inputs, OutputReader<T> reader) {
        if (!LOG.isDebugEnabled()) {
            return r.run(inputs, reader);
        }
        long start = System.nanoTime();
        T result = r.run(inputs, reader);
        LOG.debug("Ran model '{}' on {} in {} us{}.", id, provenance.provider(),
                (System.nanoTime() - start) / 1000, r == runner ? "" : " (single-threaded twin)");
        return result;
    }

    /**
     * The decision of the adaptive-threads rule for lone calls with inputs of this shape (for tests).
     *
     * @return {@code true} single-threaded twin, {@code false} multi-threaded, {@code null} not decided yet
     */
    Boolean loneCallsNarrow(InputTensor input) {
        LoneCallTuner.Choice c = tuner.decision(LoneCallTuner.key(input));
        return c == null ? null : c == LoneCallTuner.Choice.NARROW;
    }

    /** Whether the single-threaded twin session of the adaptive-threads rule has been opened (for tests). */
    boolean twinOpened() {
        return narrowRunner != null;
    }

    private Runner narrow() {
        Runner r = narrowRunner;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            if (narrowRunner == null) {
                long start = System.nanoTime();
                OrtSession s = SessionFactory.open(source, narrowOptions).session();
                narrowSession = s;
                narrowRunner = new Runner(s, source.describe(), this.inputs, outputs);
                LOG.debug("Calls to model '{}' overlap: opened a single-threaded twin session in {} ms.", id,
                        (System.nanoTime() - start) / 1_000_000);
            }
            return narrowRunner;
        }
    }

    /**
     * Runs a model with a single input; see {@link #run(Map, OutputReader)}.
     *
     * @param <T> the result type
     * @param inputName the input's name
     * @param input the tensor
     * @param reader turns the outputs into a result
     * @return what the reader returned
     * @throws IllegalArgumentException when the input does not fit the model
     * @throws InferenceException when ONNX Runtime fails to run the model
     * @throws IllegalStateException when the session is closed
     */
    public <T> T run(String inputName, InputTensor input, OutputReader<T> reader) {
        Objects.requireNonNull(inputName, "inputName");
        Objects.requireNonNull(input, "input");
        return run(Map.of(inputName, input), reader);
    }

    /**
     * Runs the model and copies one float output into a new array: convenient in tests and tools, wasteful on a
     * hot path (use {@link #run(Map, OutputReader)} there).
     *
     * @param inputs one tensor per model input, by name
     * @param outputName the output to copy
     * @return the output's elements in row-major order
     * @throws IllegalArgumentException when an input does not fit or there is no such float output
     * @throws InferenceException when ONNX Runtime fails to run the model
     * @throws IllegalStateException when the session is closed
     */
    public float[] runToArray(Map<String, InputTensor> inputs, String outputName) {
        return run(inputs, out -> {
            FloatBuffer b = out.floats(outputName);
            float[] a = new float[b.remaining()];
            b.get(a);
            return a;
        });
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("OnnxSession " + id + " is closed");
        }
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return {@code true} once closing has begun
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Releases the native session and every pooled buffer. New calls fail at once with
     * {@link IllegalStateException}; calls already running finish first (this method waits for them). Calling it
     * again does nothing.
     *
     * @throws IllegalStateException when called from inside an {@link OutputReader} of this session, which would
     *     wait for itself
     */
    @Override
    public void close() {
        if (lock.getReadHoldCount() > 0) {
            throw new IllegalStateException("OnnxSession " + id + " cannot be closed from inside one of its own "
                    + "OutputReaders; close it after run returns.");
        }
        closed = true;
        ReentrantReadWriteLock.WriteLock write = lock.writeLock();
        write.lock();
        try {
            if (released) {
                return;
            }
            released = true;
            runner.close();
            synchronized (this) {
                if (narrowRunner != null) {
                    narrowRunner.close();
                    try {
                        narrowSession.close();
                    } catch (OrtException | RuntimeException e) {
                        LOG.warn("Closing the single-threaded ONNX Runtime session of model '{}' ({}) failed: {}",
                                id, location, e.toString());
                    }
                    narrowRunner = null;
                    narrowSession = null;
                }
            }
            try {
                session.close();
            } catch (OrtException | RuntimeException e) {
                LOG.warn("Closing the ONNX Runtime session of model '{}' ({}) failed: {}", id, location,
                        e.toString());
            }
            LOG.debug("Closed model '{}'.", id);
        } finally {
            write.unlock();
        }
    }

    /**
     * The model's declared outputs as contract specs, for building a contract from a model at hand. Outputs whose
     * element type fer-java does not model are left out.
     *
     * @return the specs, {@code -1} for dynamic dimensions
     */
    public List<TensorSpec> outputSpecs() {
        return specs(outputs);
    }

    /**
     * The model's declared inputs as contract specs. Inputs whose element type fer-java does not model are left
     * out.
     *
     * @return the specs, {@code -1} for dynamic dimensions
     */
    public List<TensorSpec> inputSpecs() {
        return specs(inputs);
    }

    private static List<TensorSpec> specs(List<TensorMeta> metas) {
        List<TensorSpec> list = new ArrayList<>();
        for (TensorMeta m : metas) {
            if (m.tensor() && m.elementType() != null) {
                List<Long> dims = new ArrayList<>();
                for (long d : m.shape()) {
                    dims.add(d < 0 ? -1L : d);
                }
                if (dims.stream().noneMatch(d -> d == 0)) {
                    list.add(new TensorSpec(m.name(), m.elementType(), dims));
                }
            }
        }
        return List.copyOf(list);
    }

    @Override
    public String toString() {
        return "OnnxSession[" + id + ", " + location + ", " + provenance.provider() + (closed ? ", closed" : "")
                + "]";
    }

}
