package dev.fer.preprocess;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;

/**
 * How an image of {@code srcWidth × srcHeight} is placed into a model input of {@code targetWidth × targetHeight}:
 * resized to {@code resizedWidth × resizedHeight} and shifted by {@code padLeft, padTop}; the rest is padding.
 * Maps model-input coordinates back to original-image pixels: {@code x = (x' − padLeft) / scaleX}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param srcWidth original width
 * @param srcHeight original height
 * @param targetWidth model input width
 * @param targetHeight model input height
 * @param resizedWidth width of the resized image inside the input
 * @param resizedHeight height of the resized image inside the input
 * @param padLeft columns of padding on the left
 * @param padTop rows of padding on the top
 * @param scaleX input pixels per original pixel, horizontally
 * @param scaleY input pixels per original pixel, vertically
 */
public record LetterboxGeometry(int srcWidth, int srcHeight, int targetWidth, int targetHeight,
                                int resizedWidth, int resizedHeight, int padLeft, int padTop,
                                float scaleX, float scaleY) {

    /** Where the resized image sits inside the model input. */
    public enum Anchor {
        /** Top-left corner; padding right and bottom (RetinaFace, YuNet). */
        TOP_LEFT,
        /** Centred; left = (target − resized) / 2 rounded down, same for top (YOLO). */
        CENTER
    }

    /** Validates the fields. */
    public LetterboxGeometry {
        if (srcWidth < 1 || srcHeight < 1 || targetWidth < 1 || targetHeight < 1 || resizedWidth < 1
                || resizedHeight < 1) {
            throw new IllegalArgumentException("Letterbox sizes must be positive: src " + srcWidth + "x" + srcHeight
                    + ", target " + targetWidth + "x" + targetHeight + ", resized " + resizedWidth + "x"
                    + resizedHeight + ".");
        }
        if (padLeft < 0 || padTop < 0 || padLeft + resizedWidth > targetWidth
                || padTop + resizedHeight > targetHeight) {
            throw new IllegalArgumentException("Resized image " + resizedWidth + "x" + resizedHeight + " at ("
                    + padLeft + ", " + padTop + ") does not fit the " + targetWidth + "x" + targetHeight + " input.");
        }
    }

    /**
     * Aspect-preserving fit: {@code r = min(tw / w, th / h)}, resized size {@code floor(w·r + 0.5)} (round half
     * up, at least 1), placed by {@code anchor}. {@code scaleX = scaleY = r}.
     *
     * @param srcWidth original width
     * @param srcHeight original height
     * @param targetWidth input width
     * @param targetHeight input height
     * @param anchor placement
     * @return the geometry
     */
    public static LetterboxGeometry fit(int srcWidth, int srcHeight, int targetWidth, int targetHeight,
                                        Anchor anchor) {
        double r = Math.min((double) targetWidth / srcWidth, (double) targetHeight / srcHeight);
        int nw = clamp((int) Math.floor(srcWidth * r + 0.5), targetWidth);
        int nh = clamp((int) Math.floor(srcHeight * r + 0.5), targetHeight);
        int left = anchor == Anchor.CENTER ? (targetWidth - nw) / 2 : 0;
        int top = anchor == Anchor.CENTER ? (targetHeight - nh) / 2 : 0;
        return new LetterboxGeometry(srcWidth, srcHeight, targetWidth, targetHeight, nw, nh, left, top,
                (float) r, (float) r);
    }

    /**
     * Stretch to the whole input without keeping the aspect ratio (UltraFace).
     *
     * @param srcWidth original width
     * @param srcHeight original height
     * @param targetWidth input width
     * @param targetHeight input height
     * @return the geometry
     */
    public static LetterboxGeometry stretch(int srcWidth, int srcHeight, int targetWidth, int targetHeight) {
        return new LetterboxGeometry(srcWidth, srcHeight, targetWidth, targetHeight, targetWidth, targetHeight, 0, 0,
                (float) targetWidth / srcWidth, (float) targetHeight / srcHeight);
    }

    /**
     * No resize: the image sits top-left in an input padded up to multiples of {@code multiple} (YuNet dynamic).
     *
     * @param srcWidth original width
     * @param srcHeight original height
     * @param multiple input sizes are rounded up to this
     * @return the geometry
     */
    public static LetterboxGeometry padToMultiple(int srcWidth, int srcHeight, int multiple) {
        int tw = (srcWidth + multiple - 1) / multiple * multiple;
        int th = (srcHeight + multiple - 1) / multiple * multiple;
        return new LetterboxGeometry(srcWidth, srcHeight, tw, th, srcWidth, srcHeight, 0, 0, 1f, 1f);
    }

    private static int clamp(int v, int max) {
        return Math.max(1, Math.min(v, max));
    }

    /**
     * Whether the image is resized at all.
     *
     * @return {@code false} when the resized size equals the source size
     */
    public boolean resizes() {
        return resizedWidth != srcWidth || resizedHeight != srcHeight;
    }

    /**
     * Maps a model-input x to original pixels.
     *
     * @param x input x
     * @return original x
     */
    public float toOriginalX(float x) {
        return (x - padLeft) / scaleX;
    }

    /**
     * Maps a model-input y to original pixels.
     *
     * @param y input y
     * @return original y
     */
    public float toOriginalY(float y) {
        return (y - padTop) / scaleY;
    }

    /**
     * Maps a model-input box to original pixels (not clamped).
     *
     * @param box input box
     * @return original box
     */
    public BoundingBox toOriginal(BoundingBox box) {
        return new BoundingBox(toOriginalX(box.x1()), toOriginalY(box.y1()), toOriginalX(box.x2()),
                toOriginalY(box.y2()));
    }

    /**
     * Maps model-input landmarks to original pixels.
     *
     * @param landmarks input landmarks, may be {@code null}
     * @return original landmarks, {@code null} when the argument is
     */
    public Landmarks toOriginal(Landmarks landmarks) {
        if (landmarks == null) {
            return null;
        }
        Point[] p = new Point[Landmarks.COUNT];
        for (int i = 0; i < p.length; i++) {
            Point q = landmarks.get(i);
            p[i] = new Point(toOriginalX(q.x()), toOriginalY(q.y()));
        }
        return new Landmarks(java.util.List.of(p));
    }
}
