package dev.fer.onnx;

import dev.fer.EmotionClassifier;
import dev.fer.FaceDetector;
import dev.fer.onnx.internal.DetectorModel;
import dev.fer.spi.ClassifierRequest;
import dev.fer.spi.DetectorRequest;
import dev.fer.spi.ModelBackend;

/**
 * The ONNX Runtime {@link ModelBackend}: lets {@link dev.fer.EmotionPipeline#builder()} create
 * {@link OnnxFaceDetector}s and {@link OnnxEmotionClassifier}s from catalog ids, and {@link FittedHead}s from the
 * paths of head files. Registered as a service; users
 * rarely touch it directly.
 *
 * <p>Stateless and thread-safe.
 */
public final class OnnxBackend implements ModelBackend {
    /** Creates the backend (called by {@link java.util.ServiceLoader}). */
    public OnnxBackend() {
    }

    @Override
    public String name() {
        return "onnxruntime";
    }

    @Override
    public boolean supportsDetector(String id) {
        return DetectorModel.isDetector(id);
    }

    /** Catalog classifiers, and paths of existing files, which are loaded as fitted heads ({@link FittedHead}). */
    @Override
    public boolean supportsClassifier(String id) {
        return OnnxEmotionClassifier.isCatalogClassifier(id) || FittedHead.isFile(id);
    }

    @Override
    public FaceDetector createDetector(DetectorRequest r) {
        DetectorOptions.Builder b = DetectorOptions.builder()
                .execution(execution(r.device(), r.threads()))
                .repository(r.repository())
                .scoreThreshold(r.scoreThreshold())
                .nmsThreshold(r.nmsThreshold());
        if (r.maxFaces() != null) {
            b.maxFaces(r.maxFaces());
        }
        if (r.minFaceSize() != null) {
            b.minFaceSize(r.minFaceSize());
        }
        return OnnxFaceDetector.create(r.id(), b.build());
    }

    @Override
    public EmotionClassifier createClassifier(ClassifierRequest r) {
        if (!OnnxEmotionClassifier.isCatalogClassifier(r.id()) && FittedHead.isFile(r.id())) {
            return FittedHead.load(java.nio.file.Path.of(r.id()), execution(r.device(), r.threads()), r.repository());
        }
        return OnnxEmotionClassifier.create(r.id(), execution(r.device(), r.threads()), r.repository());
    }

    private static ExecutionOptions execution(dev.fer.Device device, int threads) {
        ExecutionOptions.Builder b = ExecutionOptions.builder().device(device);
        if (threads > 0) {
            b.intraOpThreads(threads).adaptiveThreads(false);
        }
        return b.build();
    }
}
