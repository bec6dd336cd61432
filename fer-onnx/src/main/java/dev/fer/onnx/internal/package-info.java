/** Not API: ONNX Runtime plumbing behind {@link dev.fer.onnx.OnnxSession}. Not exported by the module. */
package dev.fer.onnx.internal;
