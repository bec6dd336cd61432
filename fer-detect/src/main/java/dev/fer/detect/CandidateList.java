package dev.fer.detect;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A growable struct-of-arrays of decoded candidates, filled by one decode call and then thinned by NMS. Four box
 * values per candidate, interpreted by the {@link Nms.Overlap} the list is suppressed with: corners
 * {@code x1, y1, x2, y2} for {@link Nms.Overlap#IOU} and {@link Nms.Overlap#IOU_PLUS_ONE}, {@code x, y, w, h} for
 * the OpenCV variants.
 *
 * <p>Not thread-safe: confined to one decode call. Decoders take a per-thread instance with {@link #forThread}, so
 * steady-state decoding allocates no candidate arrays (they grow to the largest candidate count seen and stay).
 */
final class CandidateList {
    static final int LANDMARK_VALUES = 2 * Landmarks.COUNT;

    private static final ThreadLocal<CandidateList> WITH_LANDMARKS =
            ThreadLocal.withInitial(() -> new CandidateList(true));
    private static final ThreadLocal<CandidateList> WITHOUT_LANDMARKS =
            ThreadLocal.withInitial(() -> new CandidateList(false));

    private final boolean hasLandmarks;
    private float[] boxes;
    private float[] scores;
    private float[] landmarks;
    private int size;
    private final float[] landmarkScratch = new float[LANDMARK_VALUES];
    private long[] sortKeys = new long[64];
    private int[] kept = new int[64];

    /**
     * This thread's empty list. Valid until the next {@code forThread} call on the same thread: a decode call takes
     * it once, fills it, suppresses it and turns it into candidates before returning.
     *
     * @param hasLandmarks whether candidates carry ten landmark values
     * @return the emptied list
     */
    static CandidateList forThread(boolean hasLandmarks) {
        CandidateList l = (hasLandmarks ? WITH_LANDMARKS : WITHOUT_LANDMARKS).get();
        l.size = 0;
        return l;
    }

    /** Ten floats of scratch for one candidate's landmarks. */
    float[] landmarkScratch() {
        return landmarkScratch;
    }

    /** NMS scratch: sort keys for {@code n} candidates. */
    long[] sortKeys(int n) {
        if (sortKeys.length < n) {
            sortKeys = new long[Math.max(n, 2 * sortKeys.length)];
        }
        return sortKeys;
    }

    /** NMS scratch: kept indices for up to {@code n} candidates. */
    int[] kept(int n) {
        if (kept.length < n) {
            kept = new int[Math.max(n, 2 * kept.length)];
        }
        return kept;
    }

    CandidateList(boolean hasLandmarks) {
        this.hasLandmarks = hasLandmarks;
        int capacity = 64;
        boxes = new float[4 * capacity];
        scores = new float[capacity];
        landmarks = hasLandmarks ? new float[LANDMARK_VALUES * capacity] : null;
    }

    int size() {
        return size;
    }

    float score(int i) {
        return scores[i];
    }

    /** The box values, four per candidate; valid up to {@code 4 · size()}. */
    float[] boxArray() {
        return boxes;
    }

    /** The scores; valid up to {@code size()}. */
    float[] scoreArray() {
        return scores;
    }

    /**
     * Appends a candidate. The caller has checked every value is finite.
     *
     * @param lm ten landmark values, or {@code null} for a list without landmarks
     */
    void add(float b0, float b1, float b2, float b3, float score, float[] lm) {
        if (size == scores.length) {
            int capacity = scores.length * 2;
            boxes = Arrays.copyOf(boxes, 4 * capacity);
            scores = Arrays.copyOf(scores, capacity);
            if (hasLandmarks) {
                landmarks = Arrays.copyOf(landmarks, LANDMARK_VALUES * capacity);
            }
        }
        int o = 4 * size;
        boxes[o] = b0;
        boxes[o + 1] = b1;
        boxes[o + 2] = b2;
        boxes[o + 3] = b3;
        scores[size] = score;
        if (hasLandmarks) {
            System.arraycopy(lm, 0, landmarks, LANDMARK_VALUES * size, LANDMARK_VALUES);
        }
        size++;
    }

    /** Drops every candidate whose score is not strictly above {@code threshold}, keeping the order. */
    void retainScoresAbove(float threshold) {
        int w = 0;
        for (int r = 0; r < size; r++) {
            if (scores[r] > threshold) {
                if (w != r) {
                    System.arraycopy(boxes, 4 * r, boxes, 4 * w, 4);
                    scores[w] = scores[r];
                    if (hasLandmarks) {
                        System.arraycopy(landmarks, LANDMARK_VALUES * r, landmarks, LANDMARK_VALUES * w,
                                LANDMARK_VALUES);
                    }
                }
                w++;
            }
        }
        size = w;
    }

    /**
     * Builds the public candidates for the given indices, in that order.
     *
     * @param order candidate indices
     * @param xywh whether the box values are {@code x, y, w, h} (else corners)
     * @param sx factor applied to every x (1 for boxes already in input pixels)
     * @param sy factor applied to every y
     */
    List<FaceCandidate> toCandidates(int[] order, boolean xywh, float sx, float sy) {
        return toCandidates(order, order.length, xywh, sx, sy);
    }

    /** {@link #toCandidates(int[], boolean, float, float)} for the first {@code count} indices of {@code order}. */
    List<FaceCandidate> toCandidates(int[] order, int count, boolean xywh, float sx, float sy) {
        List<FaceCandidate> out = new ArrayList<>(count);
        for (int r = 0; r < count; r++) {
            int i = order[r];
            int o = 4 * i;
            float x1 = boxes[o];
            float y1 = boxes[o + 1];
            float x2 = xywh ? x1 + boxes[o + 2] : boxes[o + 2];
            float y2 = xywh ? y1 + boxes[o + 3] : boxes[o + 3];
            BoundingBox box = new BoundingBox(x1 * sx, y1 * sy, x2 * sx, y2 * sy);
            Landmarks lm = null;
            if (hasLandmarks) {
                Point[] p = new Point[Landmarks.COUNT];
                int l = LANDMARK_VALUES * i;
                for (int k = 0; k < Landmarks.COUNT; k++) {
                    p[k] = new Point(landmarks[l + 2 * k] * sx, landmarks[l + 2 * k + 1] * sy);
                }
                lm = new Landmarks(List.of(p));
            }
            out.add(new FaceCandidate(box, Math.min(1f, Math.max(0f, scores[i])), lm));
        }
        return out;
    }
}
