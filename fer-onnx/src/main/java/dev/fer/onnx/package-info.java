/**
 * ONNX Runtime sessions for fer-java: {@link dev.fer.onnx.OnnxSession} loads a model, checks it against a
 * {@link dev.fer.model.ModelContract}, runs it on the device chosen in {@link dev.fer.onnx.ExecutionOptions} and
 * lets callers read outputs in place through {@link dev.fer.onnx.Outputs}.
 */
package dev.fer.onnx;
