package dev.fer.onnx.internal;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.fer.InferenceException;
import dev.fer.onnx.InputTensor;
import dev.fer.onnx.OutputReader;
import dev.fer.onnx.Outputs;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one ONNX Runtime session with pooled, reused buffers and outputs read in place. Thread-safe;
 * {@link #close()} must not overlap a call (the owning session guarantees that with its lock).
 *
 * <p>How outputs stay in place: every float output whose shape is known before the run is <em>pinned</em>: the
 * runner allocates a direct buffer, wraps it with {@code OnnxTensor.createTensor(env, FloatBuffer, shape)} and
 * passes it to {@code OrtSession.run(inputs, pinnedOutputs)}, so ONNX Runtime writes the output straight into
 * memory the runner owns and readers get read-only views of it. A shape is known when the model declares it fully,
 * or, for outputs with dynamic dimensions, once a run with the same input shapes has shown it (remembered per
 * input-shape combination, at most {@value #MAX_LEARNED}). The first run for new input shapes lets ONNX Runtime
 * allocate such outputs and copies them once ({@code OnnxTensor.getFloatBuffer()}); if a remembered shape turns
 * out wrong (a data-dependent output), the run is repeated unpinned and that combination is never pinned again.
 *
 * <p>Buffers are held in per-caller states taken from a pool: one state per concurrent caller, reused by later
 * calls, at most {@code maxIdle} kept when idle. A state holds the pinned outputs and a direct staging buffer per
 * input for inputs that are not direct native-order buffers.
 */
public final class Runner implements AutoCloseable {
    static final int MAX_LEARNED = 64;
    private static final long[][] DATA_DEPENDENT = new long[0][];

    private final OrtSession session;
    private final String modelDescription;
    private final List<TensorMeta> inputs;
    private final Map<String, Integer> inputIndex;
    private final List<TensorMeta> outputs;
    private final Map<String, Integer> outputIndex;
    private final List<String> outputNames;
    private final boolean anyDynamicFloatOutput;
    private final Map<ShapeKey, long[][]> learned = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<CallState> idle = new ConcurrentLinkedDeque<>();
    private final Set<CallState> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final int maxIdle;

    /**
     * Creates a runner.
     *
     * @param session the session, still owned by the caller
     * @param modelDescription for messages, for example {@code model 'yunet' (file /m/yunet.onnx)}
     * @param inputs every model input
     * @param outputs the outputs to compute, in model order
     */
    public Runner(OrtSession session, String modelDescription, List<TensorMeta> inputs, List<TensorMeta> outputs) {
        this.session = session;
        this.modelDescription = modelDescription;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.inputIndex = index(this.inputs);
        this.outputIndex = index(this.outputs);
        this.outputNames = this.outputs.stream().map(TensorMeta::name).toList();
        this.anyDynamicFloatOutput = this.outputs.stream().anyMatch(o -> o.isFloat() && !o.isStatic());
        this.maxIdle = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    private static Map<String, Integer> index(List<TensorMeta> metas) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < metas.size(); i++) {
            m.put(metas.get(i).name(), i);
        }
        return Map.copyOf(m);
    }

    /**
     * The names of the outputs each run computes.
     *
     * @return the names, in model order
     */
    public List<String> outputNames() {
        return outputNames;
    }

    /**
     * Validates the inputs, runs the model and hands the outputs to the reader.
     *
     * @param <T> the result type
     * @param given inputs by name
     * @param reader reads the outputs in place
     * @return what the reader returned
     * @throws IllegalArgumentException for unknown, missing or mis-shaped inputs
     * @throws InferenceException when ONNX Runtime fails
     */
    public <T> T run(Map<String, InputTensor> given, OutputReader<T> reader) {
        validate(given);
        CallState st = acquire();
        ShapeKey key = null;
        if (anyDynamicFloatOutput) {
            key = st.lastKey != null && st.lastKey.matches(inputs, given) ? st.lastKey : ShapeKey.of(inputs, given);
            st.lastKey = key;
        }
        List<OnnxTensor> perCall = st.perCallTensors;
        try {
            bindInputs(st, given, perCall);
            long[][] known = key == null ? null : learned.get(key);
            boolean usedLearned = known != null && known != DATA_DEPENDENT;
            OrtSession.Result result;
            try {
                result = execute(st, known, usedLearned);
            } catch (OrtException e) {
                if (!usedLearned) {
                    throw failure(e);
                }
                learned.put(key, DATA_DEPENDENT);
                try {
                    result = execute(st, DATA_DEPENDENT, false);
                } catch (OrtException again) {
                    throw failure(again);
                }
            }
            try (OrtSession.Result r = result) {
                st.view.fill(r, key != null && known == null ? key : null);
                st.view.valid = true;
                try {
                    return reader.read(st.view);
                } finally {
                    st.view.valid = false;
                }
            }
        } finally {
            for (OnnxTensor t : perCall) {
                t.close();
            }
            perCall.clear();
            release(st);
        }
    }

    private InferenceException failure(OrtException e) {
        return new InferenceException("ONNX Runtime failed to run " + modelDescription + ": " + e.getMessage(), e);
    }

    private void validate(Map<String, InputTensor> given) {
        if (given == null) {
            throw new IllegalArgumentException("The inputs map of " + modelDescription + " must not be null.");
        }
        for (Map.Entry<String, InputTensor> e : given.entrySet()) {
            String name = e.getKey();
            Integer idx = name == null ? null : inputIndex.get(name);
            if (idx == null) {
                throw new IllegalArgumentException("The " + modelDescription + " has no input '" + name
                        + "'; its inputs are " + inputs + ".");
            }
            TensorMeta meta = inputs.get(idx);
            InputTensor t = e.getValue();
            if (t == null) {
                throw new IllegalArgumentException("Input '" + name + "' of " + modelDescription + " is null.");
            }
            if (!meta.isFloat()) {
                throw new IllegalArgumentException("Input '" + name + "' of " + modelDescription + " holds "
                        + meta.typeName() + " values; InputTensor carries floats.");
            }
            if (!shapeFits(meta.shape(), t)) {
                throw new IllegalArgumentException("Input '" + name + "' of " + modelDescription + " expects shape "
                        + meta.shapeText() + " (? = any size) but got " + Arrays.toString(t.shape()) + ".");
            }
            long remaining = t.data().remaining();
            if (remaining != t.elementCount()) {
                throw new IllegalArgumentException("Input '" + name + "' of " + modelDescription + " has shape "
                        + Arrays.toString(t.shape()) + ", which needs " + t.elementCount() + " floats, but its buffer "
                        + "has " + remaining + " remaining (position " + t.data().position() + ", limit "
                        + t.data().limit() + ").");
            }
        }
        if (given.size() != inputs.size()) {
            List<String> missing = new ArrayList<>();
            for (TensorMeta m : inputs) {
                if (!given.containsKey(m.name())) {
                    missing.add(m.toString());
                }
            }
            throw new IllegalArgumentException("The " + modelDescription + " needs input(s) " + missing
                    + " that were not given; given: " + given.keySet() + ".");
        }
    }

    private static boolean shapeFits(long[] declared, InputTensor actual) {
        if (declared.length != actual.rank()) {
            return false;
        }
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] >= 0 && declared[i] != actual.dim(i)) {
                return false;
            }
        }
        return true;
    }

    private void bindInputs(CallState st, Map<String, InputTensor> given, List<OnnxTensor> perCall) {
        OrtEnvironment env = OrtEnv.get();
        for (int i = 0; i < inputs.size(); i++) {
            String name = inputs.get(i).name();
            InputTensor t = given.get(name);
            try {
                OnnxTensor tensor;
                if (t.isZeroCopy()) {
                    tensor = st.wrap(i, t, env);
                } else {
                    tensor = st.stage(i, t);
                }
                st.inputMap.put(name, tensor);
            } catch (OrtException e) {
                throw new InferenceException("ONNX Runtime could not wrap input '" + name + "' of "
                        + modelDescription + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Runs once. {@code known} holds remembered shapes of dynamic outputs (indexed like {@link #outputs}),
     * {@code null} when none are known and {@link #DATA_DEPENDENT} to leave every dynamic output to ONNX Runtime.
     * {@code mayFail} marks a run whose failure will be retried.
     */
    private OrtSession.Result execute(CallState st, long[][] known, boolean mayFail) throws OrtException {
        // Entries are replaced or removed, not cleared, so steady-state runs allocate no map nodes; inputMap keeps
        // the previous call's (closed) tensors until bindInputs replaces every one of them.
        st.unpinnedNames.clear();
        for (int j = 0; j < outputs.size(); j++) {
            TensorMeta meta = outputs.get(j);
            long[] shape = null;
            if (meta.isFloat()) {
                if (meta.isStatic()) {
                    shape = meta.shape();
                } else if (known != null && known.length > j) {
                    shape = known[j];
                }
            }
            if (shape == null) {
                st.unpinnedNames.add(meta.name());
                st.pinnedMap.remove(meta.name());
                st.pinned[j] = false;
            } else {
                st.pinnedMap.put(meta.name(), st.pin(j, shape));
                st.pinned[j] = true;
            }
        }
        if (mayFail) {
            // A remembered shape may be wrong for a data-dependent output: the failure is handled by a retry, so
            // keep ONNX Runtime from logging it to stderr.
            return session.run(st.inputMap, st.unpinnedNames, st.pinnedMap, st.quietRun());
        }
        return st.unpinnedNames.isEmpty()
                ? session.run(st.inputMap, st.pinnedMap)
                : session.run(st.inputMap, st.unpinnedNames, st.pinnedMap);
    }

    private CallState acquire() {
        CallState st = idle.pollFirst();
        if (st != null) {
            idleCount.decrementAndGet();
            return st;
        }
        st = new CallState();
        all.add(st);
        return st;
    }

    private void release(CallState st) {
        if (idleCount.incrementAndGet() <= maxIdle) {
            idle.offerFirst(st);
        } else {
            idleCount.decrementAndGet();
            all.remove(st);
            st.close();
        }
    }

    /** Frees every pooled buffer and tensor. Callers guarantee that no run is in flight. */
    @Override
    public void close() {
        for (CallState st : all) {
            st.close();
        }
        all.clear();
        idle.clear();
        idleCount.set(0);
    }

    private static FloatBuffer allocateDirect(long elements) {
        return DirectFloats.allocate(elements);
    }

    /** Input shapes of one call, as a key for remembered output shapes. Immutable. */
    private static final class ShapeKey {
        private final long[] dims;
        private final int hash;

        private ShapeKey(long[] dims) {
            this.dims = dims;
            this.hash = Arrays.hashCode(dims);
        }

        /** Whether this key describes the given inputs' shapes; allocates nothing. */
        boolean matches(List<TensorMeta> inputs, Map<String, InputTensor> given) {
            int k = 0;
            for (int i = 0; i < inputs.size(); i++) {
                InputTensor t = given.get(inputs.get(i).name());
                int rank = t.rank();
                if (k >= dims.length || dims[k++] != -rank) {
                    return false;
                }
                for (int d = 0; d < rank; d++) {
                    if (k >= dims.length || dims[k++] != t.dim(d)) {
                        return false;
                    }
                }
            }
            return k == dims.length;
        }

        static ShapeKey of(List<TensorMeta> inputs, Map<String, InputTensor> given) {
            int n = 0;
            long[][] shapes = new long[inputs.size()][];
            for (int i = 0; i < shapes.length; i++) {
                shapes[i] = given.get(inputs.get(i).name()).shape();
                n += shapes[i].length + 1;
            }
            long[] dims = new long[n];
            int k = 0;
            for (long[] s : shapes) {
                dims[k++] = -s.length;
                for (long d : s) {
                    dims[k++] = d;
                }
            }
            return new ShapeKey(dims);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && Arrays.equals(dims, k.dims);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** Buffers and tensors of one caller at a time. Not thread-safe: owned by one call between acquire/release. */
    private final class CallState {
        final Map<String, OnnxTensor> inputMap = new HashMap<>();
        final Map<String, OnnxTensor> pinnedMap = new HashMap<>();
        final Set<String> unpinnedNames = new HashSet<>();
        final List<OnnxTensor> perCallTensors = new ArrayList<>();
        final boolean[] pinned = new boolean[outputs.size()];

        // Pinned outputs: backing storage, the exact-size slice ORT writes to, its read-only view, tensor, shape.
        final FloatBuffer[] outStore = new FloatBuffer[outputs.size()];
        final FloatBuffer[] outView = new FloatBuffer[outputs.size()];
        final OnnxTensor[] outTensor = new OnnxTensor[outputs.size()];
        final long[][] outShape = new long[outputs.size()][];

        // Staged inputs: backing storage, exact-size slice, tensor, shape.
        final FloatBuffer[] inStore = new FloatBuffer[inputs.size()];
        final FloatBuffer[] inSlice = new FloatBuffer[inputs.size()];
        final OnnxTensor[] inTensor = new OnnxTensor[inputs.size()];
        final long[][] inShape = new long[inputs.size()][];

        final View view = new View(this);
        ShapeKey lastKey;
        private OrtSession.RunOptions quiet;

        OrtSession.RunOptions quietRun() throws OrtException {
            if (quiet == null) {
                quiet = new OrtSession.RunOptions();
                quiet.setLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL);
            }
            return quiet;
        }

        OnnxTensor pin(int j, long[] shape) throws OrtException {
            if (outTensor[j] != null && Arrays.equals(outShape[j], shape)) {
                return outTensor[j];
            }
            if (outTensor[j] != null) {
                outTensor[j].close();
                outTensor[j] = null;
            }
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            if (outStore[j] == null || outStore[j].capacity() < n) {
                outStore[j] = allocateDirect(n);
            }
            FloatBuffer slice = outStore[j].clear().limit((int) n).slice();
            outTensor[j] = OnnxTensor.createTensor(OrtEnv.get(), slice, shape);
            outShape[j] = shape.clone();
            outView[j] = slice.asReadOnlyBuffer();
            return outTensor[j];
        }

        // Zero-copy inputs: the wrapper of the last direct buffer seen per input, reused while the caller passes the
        // same buffer object with the same position, limit and shape (callers reuse pooled buffers); ONNX Runtime
        // reads the buffer's memory at run time, so new contents are seen.
        final FloatBuffer[] wrappedBuffer = new FloatBuffer[inputs.size()];
        final int[] wrappedPosition = new int[inputs.size()];
        final int[] wrappedLimit = new int[inputs.size()];
        final long[][] wrappedShape = new long[inputs.size()][];
        final OnnxTensor[] wrapped = new OnnxTensor[inputs.size()];

        OnnxTensor wrap(int i, InputTensor t, OrtEnvironment env) throws OrtException {
            FloatBuffer b = t.data();
            if (wrapped[i] != null && wrappedBuffer[i] == b && wrappedPosition[i] == b.position()
                    && wrappedLimit[i] == b.limit() && sameShape(wrappedShape[i], t)) {
                return wrapped[i];
            }
            if (wrapped[i] != null) {
                wrapped[i].close();
                wrapped[i] = null;
            }
            long[] shape = t.shape();
            wrapped[i] = OnnxTensor.createTensor(env, b, shape);
            wrappedBuffer[i] = b;
            wrappedPosition[i] = b.position();
            wrappedLimit[i] = b.limit();
            wrappedShape[i] = shape;
            return wrapped[i];
        }

        private boolean sameShape(long[] shape, InputTensor t) {
            if (shape.length != t.rank()) {
                return false;
            }
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] != t.dim(d)) {
                    return false;
                }
            }
            return true;
        }

        OnnxTensor stage(int i, InputTensor t) throws OrtException {
            long[] shape = t.shape();
            int n = (int) t.elementCount();
            if (inTensor[i] == null || !Arrays.equals(inShape[i], shape)) {
                if (inTensor[i] != null) {
                    inTensor[i].close();
                    inTensor[i] = null;
                }
                if (inStore[i] == null || inStore[i].capacity() < n) {
                    inStore[i] = allocateDirect(n);
                }
                inSlice[i] = inStore[i].clear().limit(n).slice();
                inTensor[i] = OnnxTensor.createTensor(OrtEnv.get(), inSlice[i], shape);
                inShape[i] = shape;
            }
            FloatBuffer src = t.data();
            FloatBuffer dst = inSlice[i].clear();
            if (src.hasArray()) {
                dst.put(src.array(), src.arrayOffset() + src.position(), n);
            } else {
                dst.put(src.duplicate());
            }
            dst.clear();
            return inTensor[i];
        }

        void close() {
            if (quiet != null) {
                quiet.close();
                quiet = null;
            }
            for (int j = 0; j < outTensor.length; j++) {
                if (outTensor[j] != null) {
                    outTensor[j].close();
                    outTensor[j] = null;
                }
            }
            for (int i = 0; i < inTensor.length; i++) {
                if (inTensor[i] != null) {
                    inTensor[i].close();
                    inTensor[i] = null;
                }
                if (wrapped[i] != null) {
                    wrapped[i].close();
                    wrapped[i] = null;
                    wrappedBuffer[i] = null;
                }
            }
        }
    }

    /** The {@link Outputs} of one call; reused by its state, valid only inside the reader. */
    private final class View implements Outputs {
        private final CallState st;
        private final FloatBuffer[] floats = new FloatBuffer[outputs.size()];
        private final long[][] shapes = new long[outputs.size()][];
        boolean valid;

        View(CallState st) {
            this.st = st;
        }

        /** Points the view at a result; remembers dynamic output shapes under {@code learnKey} when given. */
        void fill(OrtSession.Result r, ShapeKey learnKey) {
            long[][] dynamicShapes = learnKey == null ? null : new long[outputs.size()][];
            for (int j = 0; j < outputs.size(); j++) {
                TensorMeta meta = outputs.get(j);
                if (st.pinned[j]) {
                    floats[j] = st.outView[j].clear();
                    shapes[j] = st.outShape[j];
                } else {
                    Optional<OnnxValue> v = r.get(meta.name());
                    floats[j] = null;
                    shapes[j] = new long[0];
                    if (v.isPresent() && v.get() instanceof OnnxTensor tensor) {
                        TensorInfo info = tensor.getInfo();
                        shapes[j] = info.getShape();
                        if (meta.isFloat()) {
                            floats[j] = tensor.getFloatBuffer().asReadOnlyBuffer();
                        }
                    }
                }
                if (dynamicShapes != null && meta.isFloat() && !meta.isStatic()) {
                    dynamicShapes[j] = shapes[j];
                }
            }
            if (dynamicShapes != null && learned.size() < MAX_LEARNED) {
                learned.putIfAbsent(learnKey, dynamicShapes);
            }
        }

        private int indexOf(String name) {
            if (!valid) {
                throw new IllegalStateException("Outputs of " + modelDescription + " were read after the "
                        + "OutputReader returned; they are valid only inside the reader.");
            }
            Integer j = name == null ? null : outputIndex.get(name);
            if (j == null) {
                throw new IllegalArgumentException("The run of " + modelDescription + " has no output '" + name
                        + "'; its outputs are " + outputNames + ".");
            }
            return j;
        }

        @Override
        public List<String> names() {
            return outputNames;
        }

        @Override
        public FloatBuffer floats(String name) {
            int j = indexOf(name);
            if (floats[j] == null) {
                throw new IllegalArgumentException("Output '" + name + "' of " + modelDescription + " holds "
                        + outputs.get(j).typeName() + " values, not floats.");
            }
            return floats[j];
        }

        @Override
        public long[] shape(String name) {
            return shapes[indexOf(name)].clone();
        }
    }
}
