package dev.fer.onnx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/** Native-order direct float buffers, which ONNX Runtime reads and writes without copies. Stateless; not API. */
public final class DirectFloats {
    private DirectFloats() {
    }

    /**
     * A new buffer.
     *
     * @param elements number of floats
     * @return a native-order direct buffer
     * @throws IllegalArgumentException when it would exceed 2 GiB
     */
    public static FloatBuffer allocate(long elements) {
        if (elements < 0 || elements > Integer.MAX_VALUE / Float.BYTES) {
            throw new IllegalArgumentException("A tensor of " + elements + " floats does not fit a Java buffer.");
        }
        return ByteBuffer.allocateDirect((int) elements * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
    }

    /**
     * {@code current} when it holds at least {@code floats} elements, otherwise a new buffer; cleared either way.
     *
     * @param current a buffer to reuse, or {@code null}
     * @param floats floats needed
     * @return a cleared buffer with capacity ≥ {@code floats}
     */
    public static FloatBuffer ensure(FloatBuffer current, int floats) {
        FloatBuffer b = current == null || current.capacity() < floats ? allocate(floats) : current;
        b.clear();
        return b;
    }
}
