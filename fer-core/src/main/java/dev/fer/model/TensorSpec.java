package dev.fer.model;

import java.util.List;
import java.util.Objects;

/**
 * Name, element type and shape of one model input or output, as a contract to check a model file against.
 *
 * <p>Immutable and thread-safe.
 *
 * @param name the tensor name in the ONNX graph
 * @param type the element type
 * @param shape dimensions; {@code -1} marks a dynamic dimension that matches anything
 */
public record TensorSpec(String name, ElementType type, List<Long> shape) {
    /** Element types fer-java models use. */
    public enum ElementType {
        /** 32-bit float. */
        FLOAT,
        /** unsigned 8-bit integer. */
        UINT8,
        /** signed 64-bit integer. */
        INT64
    }

    /** Validates and copies the fields. */
    public TensorSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = List.copyOf(shape);
        for (Long d : shape) {
            if (d < -1 || d == 0) {
                throw new IllegalArgumentException("Dimension of tensor '" + name + "' must be positive or -1 "
                        + "(dynamic), got " + d + ".");
            }
        }
    }

    /**
     * A float tensor.
     *
     * @param name tensor name
     * @param shape dimensions, -1 for dynamic
     * @return the spec
     */
    public static TensorSpec ofFloat(String name, long... shape) {
        Long[] boxed = new Long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            boxed[i] = shape[i];
        }
        return new TensorSpec(name, ElementType.FLOAT, List.of(boxed));
    }

    /**
     * Whether a concrete shape reported by a model satisfies this spec. A model dimension that is itself dynamic
     * (negative) matches any expected value, and an expected {@code -1} matches any model value.
     *
     * @param actual the model's dimensions
     * @return {@code true} when rank and every fixed dimension agree
     */
    public boolean matchesShape(long[] actual) {
        if (actual.length != shape.size()) {
            return false;
        }
        for (int i = 0; i < actual.length; i++) {
            long want = shape.get(i);
            if (want != -1 && actual[i] >= 0 && actual[i] != want) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + ":" + type.name().toLowerCase(java.util.Locale.ROOT) + shape.toString().replace(" ", "")
                .replace("-1", "?");
    }
}
