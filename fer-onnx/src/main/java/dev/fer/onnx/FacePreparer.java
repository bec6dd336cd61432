package dev.fer.onnx;

import dev.fer.geometry.AffineMatrix;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;
import dev.fer.geometry.SimilarityTransform;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.internal.ImageAccess;
import dev.fer.onnx.internal.DirectFloats;
import dev.fer.preprocess.Crop;
import dev.fer.preprocess.Grayscale;
import dev.fer.preprocess.IntRect;
import dev.fer.preprocess.Resize;
import dev.fer.preprocess.TensorWriter;
import dev.fer.preprocess.WarpAffine;
import dev.fer.result.Detection;
import java.nio.FloatBuffer;

/**
 * Cuts a face out of an image the way a {@link ClassifierSpec} says (5-point alignment, or a square crop around the
 * detector's own {@linkplain Detection#unclippedBox() unclipped box}, or a whole crop resized) and writes it into an
 * input tensor, optionally mirrored left-right. This is the one implementation of these steps: both
 * {@link OnnxEmotionClassifier} and the embedding extractors call it, so an embedding sees exactly the classifier's
 * input. Mirroring flips the finished model-size crop before normalisation (the reference's {@code _hflip} inputs).
 *
 * <p>Immutable and thread-safe; the per-call scratch memory is a {@link Scratch} owned by the caller (the classifier
 * pools its scratch per call, so the hot path allocates nothing once the buffers have their size).
 */
final class FacePreparer {
    private final ClassifierSpec spec;
    private final TensorWriter writer;
    private final boolean standardTemplate;
    private final Point[] template;

    FacePreparer(ClassifierSpec spec) {
        this.spec = spec;
        this.writer = TensorWriter.builder().layout(spec.layout()).colorOrder(pixelFormat(spec.color()))
                .scale(spec.scale()).mean(spec.mean()).std(spec.std()).build();
        this.standardTemplate = spec.width() == SimilarityTransform.ARCFACE_SIZE
                && spec.height() == SimilarityTransform.ARCFACE_SIZE;
        float sx = (float) spec.width() / SimilarityTransform.ARCFACE_SIZE;
        float sy = (float) spec.height() / SimilarityTransform.ARCFACE_SIZE;
        this.template = SimilarityTransform.ARCFACE_TEMPLATE_112.stream()
                .map(p -> new Point(p.x() * sx, p.y() * sy)).toArray(Point[]::new);
    }

    static PixelFormat pixelFormat(ClassifierSpec.Color c) {
        return switch (c) {
            case GRAY -> PixelFormat.GRAY;
            case RGB -> PixelFormat.RGB;
            case BGR -> PixelFormat.BGR;
        };
    }

    /** Floats per face in the tensor. */
    int sampleSize() {
        return spec.width() * spec.height() * spec.channels();
    }

    boolean aligns() {
        return spec.cropPolicy() == ClassifierSpec.CropPolicy.ALIGNED_5_POINT;
    }

    /** Writes one face of a whole image at {@code offset}. */
    void face(FerImage image, Detection face, boolean mirror, Scratch ws, FloatBuffer tensor, int offset) {
        byte[] px = ImageAccess.pixelsOf(image);
        int w = image.width();
        int h = image.height();
        int ch = image.channels();
        int ow = spec.width();
        int oh = spec.height();
        if (aligns() && face.hasLandmarks()) {
            Landmarks lm = face.landmarks().get();
            AffineMatrix m = standardTemplate ? SimilarityTransform.alignmentMatrix(lm)
                    : SimilarityTransform.alignmentMatrix(lm, template);
            byte[] aligned = ws.crop(ow * oh * ch);
            WarpAffine.warp(px, w, h, ch, m, aligned, ow, oh);
            write(aligned, ow, oh, ch, image.format(), mirror, tensor, offset);
            return;
        }
        IntRect rect = square(face.unclippedBox());
        if (spec.color() == ClassifierSpec.Color.GRAY) {
            byte[] dst = ws.crop(ow * oh);
            Resize.grayBilinear(px, w, h, image.format(), rect, dst, ow, oh);
            write(dst, ow, oh, 1, PixelFormat.GRAY, mirror, tensor, offset);
        } else {
            byte[] region = ws.region(rect.width() * rect.height() * ch);
            Crop.crop(px, w, h, ch, rect, 0, region);
            byte[] dst = ws.crop(ow * oh * ch);
            Resize.bilinear(region, rect.width(), rect.height(), ch, dst, ow, oh);
            write(dst, ow, oh, ch, image.format(), mirror, tensor, offset);
        }
    }

    /** Writes a face crop, resized whole, at {@code offset}. */
    void crop(FerImage face, boolean mirror, Scratch ws, FloatBuffer tensor, int offset) {
        byte[] px = ImageAccess.pixelsOf(face);
        int ow = spec.width();
        int oh = spec.height();
        if (spec.color() == ClassifierSpec.Color.GRAY) {
            byte[] gray = ws.region(face.width() * face.height());
            Grayscale.convert(px, face.width(), face.height(), face.format(), gray);
            byte[] dst = ws.crop(ow * oh);
            Resize.bilinear(gray, face.width(), face.height(), 1, dst, ow, oh);
            write(dst, ow, oh, 1, PixelFormat.GRAY, mirror, tensor, offset);
        } else {
            byte[] dst = ws.crop(ow * oh * face.channels());
            Resize.bilinear(px, face.width(), face.height(), face.channels(), dst, ow, oh);
            write(dst, ow, oh, face.channels(), face.format(), mirror, tensor, offset);
        }
    }

    private void write(byte[] px, int w, int h, int ch, PixelFormat format, boolean mirror, FloatBuffer tensor,
                       int offset) {
        if (mirror) {
            mirror(px, w, h, ch);
        }
        writer.write(px, w, h, format, tensor, offset);
    }

    /** Flips interleaved pixels left-right in place. */
    static void mirror(byte[] px, int w, int h, int ch) {
        for (int y = 0; y < h; y++) {
            int row = y * w * ch;
            for (int l = 0, r = w - 1; l < r; l++, r--) {
                for (int c = 0; c < ch; c++) {
                    int a = row + l * ch + c;
                    int b = row + r * ch + c;
                    byte t = px[a];
                    px[a] = px[b];
                    px[b] = t;
                }
            }
        }
    }

    private IntRect square(BoundingBox box) {
        if (spec.margin() == 0f) {
            return Crop.squareAround(box);
        }
        float grow = 0.5f * spec.margin() * Math.max(box.width(), box.height());
        return Crop.squareAround(new BoundingBox(box.x1() - grow, box.y1() - grow, box.x2() + grow,
                box.y2() + grow));
    }

    /** Per-call scratch memory, reused across calls by its owner (the classifier extends it). Not thread-safe. */
    static class Scratch {
        private byte[] crop = new byte[0];
        private byte[] region = new byte[0];
        private FloatBuffer tensor;

        byte[] crop(int size) {
            if (crop.length != size) {
                crop = new byte[size];
            }
            return crop;
        }

        byte[] region(int size) {
            if (region.length != size) {
                region = new byte[size];
            }
            return region;
        }

        FloatBuffer tensor(int floats) {
            tensor = DirectFloats.ensure(tensor, floats);
            return tensor;
        }
    }
}
