package dev.fer.video;

import dev.fer.Emotion;
import dev.fer.EmotionClassifier;
import dev.fer.FaceDetector;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.ModelProvenance;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * A small, exact "face" model for runner tests: the detector finds bright squares on a black background (4-connected
 * components of pixels whose brightest channel is above 40), the classifier reads happy/sad from the square's
 * red/green balance. Real algorithms, so the runner is tested end to end without ONNX models; real models are
 * tested in fer-video.
 */
final class SquaresModel {
    private SquaresModel() {
    }

    /** Frames with squares: each {x, y, size, r, g}. */
    static FerImage frame(int w, int h, int[]... squares) {
        byte[] px = new byte[w * h * 3];
        for (int[] s : squares) {
            for (int y = Math.max(0, s[1]); y < Math.min(h, s[1] + s[2]); y++) {
                for (int x = Math.max(0, s[0]); x < Math.min(w, s[0] + s[2]); x++) {
                    int o = (y * w + x) * 3;
                    px[o] = 60;
                    px[o + 1] = (byte) s[4];
                    px[o + 2] = (byte) s[3];
                }
            }
        }
        return FerImage.of(px, w, h, PixelFormat.BGR);
    }

    static final class Detector implements FaceDetector {
        final AtomicInteger calls = new AtomicInteger();
        /** Called with the call number before detecting (to block, sleep or throw). */
        volatile IntConsumer hook = n -> { };

        @Override
        public List<Detection> detect(FerImage image) {
            hook.accept(calls.getAndIncrement());
            int w = image.width();
            int h = image.height();
            boolean[] seen = new boolean[w * h];
            List<Detection> out = new ArrayList<>();
            ArrayDeque<Integer> stack = new ArrayDeque<>();
            for (int i = 0; i < w * h; i++) {
                if (seen[i] || !bright(image, i % w, i / w)) {
                    continue;
                }
                int x1 = w;
                int y1 = h;
                int x2 = -1;
                int y2 = -1;
                stack.push(i);
                seen[i] = true;
                while (!stack.isEmpty()) {
                    int p = stack.pop();
                    int x = p % w;
                    int y = p / w;
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                    int[][] nb = {{x - 1, y}, {x + 1, y}, {x, y - 1}, {x, y + 1}};
                    for (int[] n : nb) {
                        if (n[0] >= 0 && n[1] >= 0 && n[0] < w && n[1] < h) {
                            int q = n[1] * w + n[0];
                            if (!seen[q] && bright(image, n[0], n[1])) {
                                seen[q] = true;
                                stack.push(q);
                            }
                        }
                    }
                }
                out.add(new Detection(new BoundingBox(x1, y1, x2 + 1, y2 + 1), 0.9f));
            }
            return out;
        }

        private static boolean bright(FerImage im, int x, int y) {
            return Math.max(im.get(x, y, 0), Math.max(im.get(x, y, 1), im.get(x, y, 2))) > 40;
        }

        @Override
        public ModelProvenance provenance() {
            return new ModelProvenance("squares-test-detector", "0".repeat(64), "CPU");
        }

        @Override
        public void close() {
        }
    }

    static final class Classifier implements EmotionClassifier {
        @Override
        public Set<Emotion> classes() {
            return Set.of(Emotion.HAPPY, Emotion.SAD);
        }

        @Override
        public List<EmotionScores> classifyAll(FerImage image, List<Detection> faces) {
            List<EmotionScores> out = new ArrayList<>();
            for (Detection d : faces) {
                int x = (int) Math.min(image.width() - 1, Math.max(0, d.box().centerX()));
                int y = (int) Math.min(image.height() - 1, Math.max(0, d.box().centerY()));
                float r = image.get(x, y, 2);
                float g = image.get(x, y, 1);
                Map<Emotion, Float> m = new EnumMap<>(Emotion.class);
                m.put(Emotion.HAPPY, (r + 1) / (r + g + 2));
                m.put(Emotion.SAD, (g + 1) / (r + g + 2));
                out.add(new EmotionScores(m));
            }
            return out;
        }

        @Override
        public EmotionScores classifyCropped(FerImage face) {
            throw new UnsupportedOperationException("not used");
        }

        @Override
        public boolean alignsWithLandmarks() {
            return false;
        }

        @Override
        public ModelProvenance provenance() {
            return new ModelProvenance("squares-test-classifier", "0".repeat(64), "CPU");
        }

        @Override
        public void close() {
        }
    }
}
