package dev.fer.onnx;

/**
 * The detector architectures fer-java can run, each with its preprocessing and output decoding. Use one with
 * {@link OnnxFaceDetector#create(java.nio.file.Path, DetectorKind, DetectorOptions)} for your own export of a
 * supported architecture; the catalog ids map onto them.
 *
 * <p>Immutable and thread-safe.
 */
public enum DetectorKind {
    /** UltraFace with built-in post-processing: outputs {@code scores} [1,N,2] and {@code boxes} [1,N,4]. */
    ULTRAFACE,
    /** UltraFace without post-processing: SSD offsets decoded in Java from priors. */
    ULTRAFACE_RAW,
    /** RetinaFace (SSD with 5 landmarks), 640×640, BGR minus (104, 117, 123). */
    RETINAFACE,
    /** YuNet with a fixed 640×640 input, top-left letterbox, BGR 0–255. */
    YUNET,
    /** YuNet with dynamic input: the image (downscaled to {@link DetectorOptions#maxInputSide()}) padded to ×32. */
    YUNET_DYNAMIC,
    /** YOLOv5-face: centred letterbox (pad 114), RGB / 255; raw per-stride heads or a flattened [1,N,16] output. */
    YOLOV5_FACE,
    /** YOLOv8-face: centred letterbox (pad 0), RGB / 255, three DFL heads with keypoints. */
    YOLOV8_FACE
}
