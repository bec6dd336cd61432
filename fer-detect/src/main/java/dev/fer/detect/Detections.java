package dev.fer.detect;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.preprocess.LetterboxGeometry;
import dev.fer.result.Detection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Maps decoder output from model-input pixels back to the original image and turns it into
 * {@link Detection}s. Stateless and thread-safe.
 *
 * <p><b>Clamping differs from the reference results.</b> Boxes returned here are clamped to the image
 * ({@code 0 ≤ x ≤ width}, {@code 0 ≤ y ≤ height}), as {@link BoundingBox} promises for detector output, whereas the
 * reference results in {@code shared/reference} are <em>not</em> clipped (a face cut by the top edge has
 * {@code y1 < 0} there). Compare against the reference with {@link #toOriginalUnclamped} or clamp the reference box
 * too. The box before clamping is kept as {@link Detection#unclippedBox()}, which classifiers crop from. Landmarks
 * are never clamped: a landmark outside the image is still the model's best estimate, and alignment
 * needs it.
 */
public final class Detections {
    private Detections() {
    }

    /**
     * Maps candidates to original-image pixels, clamps the boxes to the image, drops small or empty ones, sorts by
     * descending score and caps the count.
     *
     * <ol>
     *   <li>Each box and its landmarks are mapped with {@link LetterboxGeometry#toOriginal(BoundingBox)} and
     *   {@link LetterboxGeometry#toOriginal(Landmarks)}: {@code x = (x' − padLeft) / scaleX}.</li>
     *   <li>The box is clamped to {@code srcWidth × srcHeight}; landmarks are not.</li>
     *   <li>A box whose clamped width or height is 0 (it lay entirely outside the image) or smaller than
     *   {@code minFaceSize} is dropped.</li>
     *   <li>The rest are sorted by descending score (a stable sort: equal scores keep their input order) and the
     *   first {@code maxFaces} are returned.</li>
     * </ol>
     *
     * @param candidates decoder output in model-input pixels
     * @param geometry how the original image was placed into the model input
     * @param minFaceSize the smallest clamped box width and height kept, in original pixels; 0 keeps every box that
     *     is not empty
     * @param maxFaces the most faces returned, 0 for no limit
     * @return the detections in original-image pixels; a new unmodifiable list
     * @throws IllegalArgumentException when {@code minFaceSize} is negative or NaN, or {@code maxFaces} is negative
     */
    public static List<Detection> toOriginal(List<FaceCandidate> candidates, LetterboxGeometry geometry,
                                             float minFaceSize, int maxFaces) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(geometry, "geometry");
        if (!(minFaceSize >= 0f)) {
            throw new IllegalArgumentException("Minimum face size must be >= 0 pixels, got " + minFaceSize + ".");
        }
        if (maxFaces < 0) {
            throw new IllegalArgumentException("Maximum number of faces must be >= 0 (0 = no limit), got "
                    + maxFaces + ".");
        }
        List<Detection> out = new ArrayList<>(candidates.size());
        for (FaceCandidate c : candidates) {
            BoundingBox unclipped = geometry.toOriginal(c.box());
            BoundingBox box = unclipped.clamp(geometry.srcWidth(), geometry.srcHeight());
            float w = box.width();
            float h = box.height();
            if (w <= 0f || h <= 0f || w < minFaceSize || h < minFaceSize) {
                continue;
            }
            out.add(new Detection(box, c.score(), geometry.toOriginal(c.landmarks()), unclipped));
        }
        return finish(out, maxFaces);
    }

    /**
     * Maps candidates to original-image pixels, clamping boxes, with no size filter and no count limit:
     * {@code toOriginal(candidates, geometry, 0, 0)}.
     *
     * @param candidates decoder output in model-input pixels
     * @param geometry how the original image was placed into the model input
     * @return the detections in original-image pixels, by descending score
     */
    public static List<Detection> toOriginal(List<FaceCandidate> candidates, LetterboxGeometry geometry) {
        return toOriginal(candidates, geometry, 0f, 0);
    }

    /**
     * Maps candidates to original-image pixels <em>without</em> clamping or filtering, sorted by descending score
     * (stable): the convention of the reference results, for parity tests.
     *
     * @param candidates decoder output in model-input pixels
     * @param geometry how the original image was placed into the model input
     * @return the detections in original-image pixels; boxes may extend past the image
     */
    public static List<Detection> toOriginalUnclamped(List<FaceCandidate> candidates, LetterboxGeometry geometry) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(geometry, "geometry");
        List<Detection> out = new ArrayList<>(candidates.size());
        for (FaceCandidate c : candidates) {
            out.add(new Detection(geometry.toOriginal(c.box()), c.score(), geometry.toOriginal(c.landmarks())));
        }
        return finish(out, 0);
    }

    private static final Comparator<Detection> BY_DESCENDING_SCORE =
            Comparator.comparingDouble(Detection::score).reversed();

    private static List<Detection> finish(List<Detection> out, int maxFaces) {
        if (out.size() > 1) {
            out.sort(BY_DESCENDING_SCORE);
        }
        if (maxFaces > 0 && out.size() > maxFaces) {
            return List.copyOf(out.subList(0, maxFaces));
        }
        return List.copyOf(out);
    }
}
