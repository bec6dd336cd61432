package dev.fer.onnx;

import dev.fer.model.ModelContract;
import dev.fer.model.TensorSpec;
import dev.fer.onnx.testing.TinyOnnx;
import dev.fer.onnx.testing.TinyOnnx.Attr;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;

/** Generated models with hand-computable outputs, shared by the tests of this package. */
final class TestModels {
    private TestModels() {
    }

    /** x[1,4] -> MatMul W[4,2] -> Add b -> y[1,2] -> Softmax -> p[1,2]. */
    static final float[] W = {1, 0, 0, 1, 1, 1, 2, -1};
    static final float[] B = {0.5f, -0.5f};
    static final float[] X = {1, 2, 3, 4};
    /** Hand-computed: x.W = [1 + 3 + 8, 2 + 3 - 4] = [12, 1]; plus b. */
    static final float[] Y = {12.5f, 0.5f};

    static byte[] affine() {
        return TinyOnnx.opset(13)
                .input("x", 1, 4)
                .output("y", 1, 2)
                .output("p", 1, 2)
                .initializer("W", W, 4, 2)
                .initializer("b", B, 2)
                .node("MatMul", List.of("x", "W"), List.of("xw"))
                .node("Add", List.of("xw", "b"), List.of("y"))
                .node("Softmax", List.of("y"), List.of("p"), Attr.i("axis", 1))
                .toBytes();
    }

    static ModelContract affineContract() {
        return new ModelContract(List.of(TensorSpec.ofFloat("x", 1, 4)),
                List.of(TensorSpec.ofFloat("y", 1, 2), TensorSpec.ofFloat("p", 1, 2)));
    }

    /** x[N,3] -> Mul 2 -> y[N,3]. */
    static byte[] doubler() {
        return TinyOnnx.opset(13)
                .input("x", -1, 3)
                .output("y", -1, 3)
                .initializer("two", new float[] {2f})
                .node("Mul", List.of("x", "two"), List.of("y"))
                .toBytes();
    }

    /** n[1] -> Cast int64 -> ConstantOfShape(0.25) -> z[?]: the output length is the input's value. */
    static byte[] dataDependent() {
        return TinyOnnx.opset(13)
                .input("n", 1)
                .output("z", -1)
                .node("Cast", List.of("n"), List.of("shape"), Attr.i("to", 7))
                .node("ConstantOfShape", List.of("shape"), List.of("z"),
                        Attr.tensor("value", new float[] {0.25f}, 1))
                .toBytes();
    }

    /** x[?] -> Reshape [2,2] -> y[2,2]: fails at run time unless x has 4 elements. */
    static byte[] reshapeToTwoByTwo() {
        return TinyOnnx.opset(13)
                .input("x", -1)
                .output("y", 2, 2)
                .initializer("shape", new long[] {2, 2}, 2)
                .node("Reshape", List.of("x", "shape"), List.of("y"))
                .toBytes();
    }

    /** x[1,K] -> MatMul W[K,M] -> Sigmoid -> y[1,M], with deterministic pseudo-random weights. */
    static byte[] dense(int k, int m) {
        return TinyOnnx.opset(13)
                .input("x", 1, k)
                .output("y", 1, m)
                .initializer("W", pattern(k * m, 0.01f), k, m)
                .node("MatMul", List.of("x", "W"), List.of("xw"))
                .node("Sigmoid", List.of("xw"), List.of("y"))
                .toBytes();
    }

    /** Reference of {@link #dense}: sigmoid(x.W) in double precision. */
    static float[] denseReference(float[] x, int k, int m) {
        float[] w = pattern(k * m, 0.01f);
        float[] y = new float[m];
        for (int j = 0; j < m; j++) {
            double s = 0;
            for (int i = 0; i < k; i++) {
                s += (double) x[i] * w[i * m + j];
            }
            y[j] = (float) (1 / (1 + Math.exp(-s)));
        }
        return y;
    }

    static float[] pattern(int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = ((i * 37 + 11) % 101 - 50) * scale;
        }
        return v;
    }

    static FloatBuffer direct(float... values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(values).flip();
        return b;
    }
}
