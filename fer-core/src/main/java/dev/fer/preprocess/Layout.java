package dev.fer.preprocess;

/**
 * Memory layout of an image tensor with batch N, channels C, height H and width W.
 *
 * <p>Immutable and thread-safe.
 */
public enum Layout {
    /** Batch, channels, height, width (PyTorch/ONNX default). */
    NCHW,
    /** Batch, height, width, channels (Keras/TensorFlow default). */
    NHWC
}
