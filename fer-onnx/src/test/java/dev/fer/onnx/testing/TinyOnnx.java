package dev.fer.onnx.testing;

import dev.fer.model.TensorSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds small ONNX models in code, for tests: a hand-written protobuf encoder of the few ONNX messages a model
 * needs (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto), with no protobuf
 * dependency. Not thread-safe: a builder for one thread.
 *
 * <p>Tensor dimensions of {@code -1} become dynamic dimensions. With an IR version
 * below 4 the initializers are also listed as graph inputs, as those versions require (and as some published
 * models still do). Example, a model with FER+'s signature:
 *
 * <pre>{@code
 * byte[] model = TinyOnnx.opset(8)
 *         .input("Input3", 1, 1, 64, 64)
 *         .output("Plus692_Output_0", 1, 8)
 *         .initializer("W", weights, 4096, 8)
 *         .initializer("B", bias, 8)
 *         .node("Flatten", List.of("Input3"), List.of("flat"), Attr.i("axis", 1))
 *         .node("Gemm", List.of("flat", "W", "B"), List.of("Plus692_Output_0"))
 *         .toBytes();
 * }</pre>
 */
public final class TinyOnnx {
    private static final int FLOAT = 1;
    private static final int UINT8 = 2;
    private static final int INT64 = 7;

    private final int opset;
    private long irVersion = 7;
    private final List<Pb> inputs = new ArrayList<>();
    private final List<Pb> outputs = new ArrayList<>();
    private final List<Pb> initializers = new ArrayList<>();
    private final List<Pb> initializerInputs = new ArrayList<>();
    private final List<Pb> nodes = new ArrayList<>();

    private TinyOnnx(int opset) {
        this.opset = opset;
    }

    /**
     * Starts a model importing the default ONNX domain at an opset version.
     *
     * @param opset for example 8 or 13
     * @return a new builder (IR version 7)
     */
    public static TinyOnnx opset(int opset) {
        return new TinyOnnx(opset);
    }

    /**
     * Sets the IR version; below 4, initializers are also written as graph inputs.
     *
     * @param version the ONNX IR version
     * @return this builder
     */
    public TinyOnnx irVersion(long version) {
        this.irVersion = version;
        return this;
    }

    /**
     * Adds a float graph input.
     *
     * @param name the name
     * @param dims the dimensions, {@code -1} for dynamic
     * @return this builder
     */
    public TinyOnnx input(String name, long... dims) {
        return input(name, TensorSpec.ElementType.FLOAT, dims);
    }

    /**
     * Adds a graph input of any supported element type.
     *
     * @param name the name
     * @param type the element type
     * @param dims the dimensions, {@code -1} for dynamic
     * @return this builder
     */
    public TinyOnnx input(String name, TensorSpec.ElementType type, long... dims) {
        inputs.add(valueInfo(name, code(type), dims));
        return this;
    }

    /**
     * Adds a float graph output.
     *
     * @param name the name
     * @param dims the dimensions, {@code -1} for dynamic
     * @return this builder
     */
    public TinyOnnx output(String name, long... dims) {
        return output(name, TensorSpec.ElementType.FLOAT, dims);
    }

    /**
     * Adds a graph output of any supported element type.
     *
     * @param name the name
     * @param type the element type
     * @param dims the dimensions, {@code -1} for dynamic
     * @return this builder
     */
    public TinyOnnx output(String name, TensorSpec.ElementType type, long... dims) {
        outputs.add(valueInfo(name, code(type), dims));
        return this;
    }

    /**
     * Adds a constant float tensor (weights).
     *
     * @param name the name nodes refer to
     * @param values the elements in row-major order
     * @param dims the dimensions (empty for a scalar)
     * @return this builder
     */
    public TinyOnnx initializer(String name, float[] values, long... dims) {
        initializers.add(tensor(name, values, dims));
        initializerInputs.add(valueInfo(name, FLOAT, dims));
        return this;
    }

    /**
     * Adds a constant int64 tensor (for example a Reshape target shape or axes).
     *
     * @param name the name nodes refer to
     * @param values the elements in row-major order
     * @param dims the dimensions (empty for a scalar)
     * @return this builder
     */
    public TinyOnnx initializer(String name, long[] values, long... dims) {
        initializers.add(new Pb().packedInt64(1, dims).int64(2, INT64).packedInt64(7, values).string(8, name));
        initializerInputs.add(valueInfo(name, INT64, dims));
        return this;
    }

    /**
     * Adds a node.
     *
     * @param opType the operator, for example {@code Gemm}
     * @param in input names (use {@code ""} for an omitted optional input)
     * @param out output names
     * @param attrs attributes
     * @return this builder
     */
    public TinyOnnx node(String opType, List<String> in, List<String> out, Attr... attrs) {
        Pb n = new Pb();
        in.forEach(s -> n.string(1, s));
        out.forEach(s -> n.string(2, s));
        n.string(3, opType + "_" + nodes.size()).string(4, opType);
        for (Attr a : attrs) {
            n.message(5, a.pb);
        }
        nodes.add(n);
        return this;
    }

    /**
     * Encodes the model.
     *
     * @return the bytes of an {@code .onnx} file
     */
    public byte[] toBytes() {
        Pb graph = new Pb();
        nodes.forEach(n -> graph.message(1, n));
        graph.string(2, "tiny");
        initializers.forEach(t -> graph.message(5, t));
        inputs.forEach(i -> graph.message(11, i));
        if (irVersion < 4) {
            initializerInputs.forEach(i -> graph.message(11, i));
        }
        outputs.forEach(o -> graph.message(12, o));
        return new Pb().int64(1, irVersion).string(2, "fer-java TinyOnnx").message(7, graph)
                .message(8, new Pb().string(1, "").int64(2, opset)).bytes();
    }

    /**
     * Encodes the model into a file.
     *
     * @param file the target, overwritten
     * @return {@code file}
     */
    public Path writeTo(Path file) {
        try {
            return Files.write(file, toBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int code(TensorSpec.ElementType type) {
        return switch (type) {
            case FLOAT -> FLOAT;
            case UINT8 -> UINT8;
            case INT64 -> INT64;
        };
    }

    private static Pb tensor(String name, float[] values, long... dims) {
        return new Pb().packedInt64(1, dims).int64(2, FLOAT).packedFloats(4, values).string(8, name);
    }

    private static Pb valueInfo(String name, int elemType, long[] dims) {
        Pb shape = new Pb();
        for (int i = 0; i < dims.length; i++) {
            shape.message(1, dims[i] < 0 ? new Pb().string(2, name + "_d" + i) : new Pb().int64(1, dims[i]));
        }
        Pb tensorType = new Pb().int64(1, elemType).message(2, shape);
        return new Pb().string(1, name).message(2, new Pb().message(1, tensorType));
    }

    /** A node attribute. Immutable. */
    public static final class Attr {
        private final Pb pb;

        private Attr(String name, int type, Pb value) {
            this.pb = new Pb().string(1, name).append(value).int64(20, type);
        }

        /**
         * An integer attribute, for example Flatten's {@code axis}.
         *
         * @param name the attribute name
         * @param value the value
         * @return the attribute
         */
        public static Attr i(String name, long value) {
            return new Attr(name, 2, new Pb().int64(3, value));
        }

        /**
         * A float attribute, for example Gemm's {@code alpha}.
         *
         * @param name the attribute name
         * @param value the value
         * @return the attribute
         */
        public static Attr f(String name, float value) {
            return new Attr(name, 1, new Pb().float32(2, value));
        }

        /**
         * An integer-list attribute, for example ReduceMean's {@code axes}.
         *
         * @param name the attribute name
         * @param values the values
         * @return the attribute
         */
        public static Attr ints(String name, long... values) {
            return new Attr(name, 7, new Pb().packedInt64(8, values));
        }

        /**
         * A float-list attribute.
         *
         * @param name the attribute name
         * @param values the values
         * @return the attribute
         */
        public static Attr floats(String name, float... values) {
            return new Attr(name, 6, new Pb().packedFloats(7, values));
        }

        /**
         * A string attribute, for example Resize's {@code mode}.
         *
         * @param name the attribute name
         * @param value the value
         * @return the attribute
         */
        public static Attr s(String name, String value) {
            return new Attr(name, 3, new Pb().bytes(4, value.getBytes(StandardCharsets.UTF_8)));
        }

        /**
         * A float tensor attribute, for example Constant's {@code value}.
         *
         * @param name the attribute name
         * @param values the elements
         * @param dims the dimensions
         * @return the attribute
         */
        public static Attr tensor(String name, float[] values, long... dims) {
            return new Attr(name, 4, new Pb().message(5, TinyOnnx.tensor("", values, dims)));
        }
    }

    /** A protobuf message being written. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        private void tag(int field, int wireType) {
            varint((long) field << 3 | wireType);
        }

        private void fixed32(int bits) {
            for (int k = 0; k < 4; k++) {
                out.write(bits >>> (8 * k));
            }
        }

        Pb int64(int field, long v) {
            tag(field, 0);
            varint(v);
            return this;
        }

        Pb float32(int field, float v) {
            tag(field, 5);
            fixed32(Float.floatToRawIntBits(v));
            return this;
        }

        Pb bytes(int field, byte[] b) {
            tag(field, 2);
            varint(b.length);
            out.writeBytes(b);
            return this;
        }

        Pb string(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Pb message(int field, Pb m) {
            return bytes(field, m.bytes());
        }

        Pb append(Pb other) {
            out.writeBytes(other.bytes());
            return this;
        }

        Pb packedFloats(int field, float[] values) {
            Pb p = new Pb();
            for (float f : values) {
                p.fixed32(Float.floatToRawIntBits(f));
            }
            return bytes(field, p.bytes());
        }

        Pb packedInt64(int field, long[] values) {
            if (values.length == 0) {
                return this;
            }
            Pb p = new Pb();
            for (long v : values) {
                p.varint(v);
            }
            return bytes(field, p.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
