package dev.fer.onnx;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * A float tensor to feed to {@link OnnxSession#run}: the caller's buffer plus a shape. Immutable wrapper, safe to
 * share across threads as long as nobody writes to the underlying buffer while a run reads it.
 *
 * <p>Nothing is copied when the object is made. The elements are the buffer's {@linkplain FloatBuffer#remaining() remaining} floats, from its position
 * to its limit, read when the run starts; the run never moves the buffer's position or limit.
 *
 * <p>A <em>direct</em> buffer in {@linkplain ByteOrder#nativeOrder() native byte order} (for example
 * {@code ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer()}) is handed to ONNX
 * Runtime without a copy. Any other buffer (a heap buffer, an array, a direct buffer in the other byte order) is
 * copied once per run into a direct buffer that the session keeps and reuses.
 */
public final class InputTensor {
    private final FloatBuffer data;
    private final long[] shape;
    private final long elementCount;

    private InputTensor(FloatBuffer data, long[] shape) {
        this.data = Objects.requireNonNull(data, "data");
        Objects.requireNonNull(shape, "shape");
        this.shape = shape.clone();
        long count = 1;
        for (long d : this.shape) {
            if (d < 1) {
                throw new IllegalArgumentException("Every dimension of an input tensor must be at least 1, got "
                        + "shape " + Arrays.toString(this.shape) + ".");
            }
            count = Math.multiplyExact(count, d);
        }
        this.elementCount = count;
    }

    /**
     * Wraps a buffer without copying it.
     *
     * @param data the elements, from the buffer's position to its limit, in row-major order
     * @param shape the dimensions, each at least 1
     * @return the tensor
     * @throws IllegalArgumentException when a dimension is below 1
     */
    public static InputTensor of(FloatBuffer data, long... shape) {
        return new InputTensor(data, shape);
    }

    /**
     * Wraps an array without copying it; each run copies it into a reused direct buffer.
     *
     * @param data the elements in row-major order
     * @param shape the dimensions, each at least 1
     * @return the tensor
     * @throws IllegalArgumentException when a dimension is below 1
     */
    public static InputTensor of(float[] data, long... shape) {
        return new InputTensor(FloatBuffer.wrap(Objects.requireNonNull(data, "data")), shape);
    }

    /**
     * The buffer as given (not a copy): its remaining floats are the tensor's elements.
     *
     * @return the caller's buffer
     */
    public FloatBuffer data() {
        return data;
    }

    /**
     * The dimensions.
     *
     * @return a copy of the shape
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The number of elements the shape describes.
     *
     * @return the product of the dimensions
     */
    /**
     * The number of dimensions.
     *
     * @return the rank
     */
    public int rank() {
        return shape.length;
    }

    /**
     * One dimension of the shape, without copying the shape.
     *
     * @param i the axis, 0 to {@code rank() - 1}
     * @return its size
     */
    public long dim(int i) {
        return shape[i];
    }

    /**
     * The number of elements: the product of the shape.
     *
     * @return the count
     */
    public long elementCount() {
        return elementCount;
    }

    /**
     * Whether runs hand the buffer to ONNX Runtime without a copy: it is direct and in native byte order.
     *
     * @return {@code true} for a zero-copy input
     */
    public boolean isZeroCopy() {
        return data.isDirect() && data.order() == ByteOrder.nativeOrder();
    }

    @Override
    public String toString() {
        return "InputTensor" + Arrays.toString(shape) + (isZeroCopy() ? " (direct)" : " (copied per run)");
    }
}
