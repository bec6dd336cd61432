package dev.fer.onnx;

import java.nio.FloatBuffer;
import java.util.List;

/**
 * The outputs of one model run, read in place: {@link #floats(String)} is a read-only view of the memory ONNX
 * Runtime wrote the output into, not a copy. Not thread-safe and short-lived.
 *
 * <p>An instance handed to an {@link OutputReader} is valid only while that
 * reader runs, on that thread. The session reuses the memory behind the views for its next run, so copy what you
 * need to keep (decode it into records) before the reader returns, and never keep the buffers. After the reader
 * returns, the methods throw {@link IllegalStateException}.
 *
 * <p>This is an interface so that decoders can be tested with hand-made outputs and no runtime.
 */
public interface Outputs {
    /**
     * The names of the outputs this run produced, in the model's order.
     *
     * @return the names
     */
    List<String> names();

    /**
     * A read-only view of a float output's elements in row-major order, with position 0 and limit equal to the
     * element count. For a direct result the view {@linkplain FloatBuffer#isDirect() is direct}; it is never a copy
     * made for the caller except on the first run of a model whose output shape depends on the input shape (see
     * {@link OnnxSession}).
     *
     * @param name the output name
     * @return the view, valid only inside the reader
     * @throws IllegalArgumentException when the run has no such output or the output does not hold floats
     * @throws IllegalStateException when called after the reader returned
     */
    FloatBuffer floats(String name);

    /**
     * The concrete shape of an output in this run.
     *
     * @param name the output name
     * @return a copy of the dimensions
     * @throws IllegalArgumentException when the run has no such output
     * @throws IllegalStateException when called after the reader returned
     */
    long[] shape(String name);
}
