/** Test fixtures of fer-onnx shared with other modules through its test-jar: {@link dev.fer.onnx.testing.TinyOnnx}. */
package dev.fer.onnx.testing;
