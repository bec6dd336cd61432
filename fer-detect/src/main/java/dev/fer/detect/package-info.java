/**
 * Face-detection math without a runtime: decoders that turn raw model outputs, read in place from
 * {@link java.nio.FloatBuffer}s, into {@link dev.fer.detect.FaceCandidate}s in model-input pixels
 * ({@link dev.fer.detect.UltraFaceDecoder}, {@link dev.fer.detect.RetinaFaceDecoder},
 * {@link dev.fer.detect.YuNetDecoder}, {@link dev.fer.detect.Yolov5FaceDecoder},
 * {@link dev.fer.detect.Yolov8FaceDecoder}), SSD priors ({@link dev.fer.detect.SsdPriors}), non-maximum suppression
 * ({@link dev.fer.detect.Nms}) and the mapping back to original-image {@link dev.fer.result.Detection}s
 * ({@link dev.fer.detect.Detections}).
 *
 * <p>Every decoder applies its model's upstream thresholds and NMS variant, as spelled out in the reference
 * settings, and returns candidates sorted by descending score; equal scores are ordered as the upstream NMS orders
 * them (the earlier output row first, except UltraFace: the later row first).
 */
package dev.fer.detect;
