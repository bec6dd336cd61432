package dev.fer.onnx.internal;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import dev.fer.model.TensorSpec;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a loaded model declares for one input or output: name, element type and shape ({@code -1} for a dynamic
 * dimension). Immutable and thread-safe; {@link #shape} must not be modified.
 *
 * @param name the tensor name
 * @param typeName the element type in lowercase ({@code float}, {@code uint8}, ...) or the value kind for
 *     non-tensors ({@code sequence}, {@code map})
 * @param elementType the matching contract type, or {@code null} when fer-java has none for it
 * @param shape the declared dimensions, {@code -1} where dynamic; empty for non-tensors
 * @param tensor whether the value is a tensor
 */
public record TensorMeta(String name, String typeName, TensorSpec.ElementType elementType, long[] shape,
        boolean tensor) {

    /**
     * Reads ONNX Runtime's description of an input or output.
     *
     * @param node the node info
     * @return the description
     */
    public static TensorMeta of(NodeInfo node) {
        ValueInfo info = node.getInfo();
        if (info instanceof TensorInfo ti) {
            String type = ti.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(Locale.ROOT);
            TensorSpec.ElementType et = switch (ti.onnxType) {
                case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> TensorSpec.ElementType.FLOAT;
                case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8 -> TensorSpec.ElementType.UINT8;
                case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64 -> TensorSpec.ElementType.INT64;
                default -> null;
            };
            long[] shape = ti.getShape();
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] < 0) {
                    shape[i] = -1;
                }
            }
            return new TensorMeta(node.getName(), type, et, shape, true);
        }
        String kind = info.getClass().getSimpleName().replace("Info", "").toLowerCase(Locale.ROOT);
        return new TensorMeta(node.getName(), kind, null, new long[0], false);
    }

    /**
     * Whether this is a float tensor.
     *
     * @return {@code true} for float tensors
     */
    public boolean isFloat() {
        return tensor && elementType == TensorSpec.ElementType.FLOAT;
    }

    /**
     * Whether every dimension is fixed.
     *
     * @return {@code true} when no dimension is dynamic
     */
    public boolean isStatic() {
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The number of elements of a fully static shape.
     *
     * @return the product of the dimensions
     */
    public long staticElementCount() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /**
     * The shape as text, {@code ?} for dynamic dimensions, for example {@code [?,3,640,640]}.
     *
     * @return the text
     */
    public String shapeText() {
        return shapeText(shape);
    }

    /**
     * A shape as text, {@code ?} for negative dimensions.
     *
     * @param shape the dimensions
     * @return for example {@code [1,3,?,?]}
     */
    public static String shapeText(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(shape[i] < 0 ? "?" : Long.toString(shape[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public String toString() {
        return name + ":" + typeName + (tensor ? shapeText() : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorMeta t && name.equals(t.name) && typeName.equals(t.typeName)
                && Arrays.equals(shape, t.shape) && tensor == t.tensor;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }
}
