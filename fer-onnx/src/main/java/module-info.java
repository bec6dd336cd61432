/**
 * The ONNX Runtime backend of fer-java: model sessions with contract checks, execution providers (CPU, CUDA,
 * automatic choice) and zero-copy access to model outputs. This is the only fer-java module that uses ONNX Runtime;
 * none of its types appear in the exported API.
 */
module dev.fer.onnx {
    requires transitive dev.fer.core;
    requires dev.fer.detect;
    requires com.microsoft.onnxruntime;
    requires org.slf4j;

    exports dev.fer.onnx;

    provides dev.fer.spi.ModelBackend with dev.fer.onnx.OnnxBackend;
}
