package dev.fer.detect;

import dev.fer.geometry.BoundingBox;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Hard (greedy) non-maximum suppression: candidates are visited by descending score and one is kept when its
 * overlap with every candidate kept before it is at most the threshold; an overlap strictly above the threshold
 * suppresses it. This is the rule of torchvision {@code nms}, RetinaFace's {@code py_cpu_nms}, UltraFace's
 * {@code hard_nms} and OpenCV's {@code cv::dnn::NMSBoxes}; they differ only in how the overlap is measured, which
 * {@link Overlap} selects. Stateless and thread-safe.
 *
 * <p><b>Ordering.</b> Candidates with equal scores keep their input order (a stable sort, as OpenCV's
 * {@code NMSBoxes} does): the one that came first in the list is visited first and wins a tie. The result is in
 * visiting order, so it is sorted by descending score. (The decoders follow their upstream instead:
 * {@link UltraFaceDecoder} lets the later row win a tie, as UltraFace's {@code hard_nms} does; the others let the
 * earlier one win.)
 *
 * <p><b>Limits.</b> {@code topK} keeps only the {@code topK} best-scoring candidates before suppression (OpenCV's
 * {@code top_k}, UltraFace's {@code candidate_size}, RetinaFace's {@code top_k}); {@code maxKept} stops once that
 * many are kept (RetinaFace's {@code keep_top_k}). 0 means no limit for either.
 */
public final class Nms {
    private Nms() {
    }

    /** How the overlap of two boxes is measured. */
    public enum Overlap {
        /**
         * Intersection over union of continuous boxes: areas {@code (x2 − x1)·(y2 − y1)}, intersection clipped at
         * zero, computed in float. Used by YOLOv5-face (torchvision) and, with 1e-5 added to the union in
         * normalised coordinates, UltraFace ({@link UltraFaceDecoder} does that itself). Two empty boxes have
         * overlap 0.
         */
        IOU,
        /**
         * RetinaFace's {@code py_cpu_nms}: every width and height gets +1 pixel, areas
         * {@code (x2 − x1 + 1)·(y2 − y1 + 1)} and intersection {@code max(0, xx2 − xx1 + 1)·max(0, yy2 − yy1 + 1)},
         * computed in float. Only meaningful in pixel coordinates.
         */
        IOU_PLUS_ONE,
        /**
         * OpenCV {@code cv::dnn::NMSBoxes} on {@code Rect2d}: boxes as double {@code (x, y, w, h)} with
         * {@code w = x2 − x1}, area {@code w·h}, overlap {@code 1 − (float) (1 − inter / union)}; two boxes whose
         * areas sum to at most the double epsilon overlap fully (1). Used by the YOLOv8-face OpenCV demo.
         */
        OPENCV_RECT2D,
        /**
         * OpenCV {@code cv::dnn::NMSBoxes} on integer {@code Rect}: each of {@code x, y, w, h} is truncated toward
         * zero ({@code (int) x}) before measuring, then as {@link #OPENCV_RECT2D} with integer areas; two boxes of
         * zero area overlap fully (1). Used by {@code cv::FaceDetectorYN} (YuNet).
         */
        OPENCV_RECT
    }

    /**
     * Suppresses overlapping candidates.
     *
     * @param candidates the candidates, in any order; not modified
     * @param overlap how to measure overlap; the OpenCV variants take {@code x = x1, w = x2 − x1} from each box
     * @param iouThreshold a candidate is dropped when its overlap with a kept one is strictly greater than this
     * @param topK visit only the {@code topK} best-scoring candidates, 0 for all
     * @param maxKept stop after keeping this many, 0 for no limit
     * @return the kept candidates by descending score (ties in input order); a new unmodifiable list
     * @throws IllegalArgumentException when the threshold is NaN or a limit is negative
     */
    public static List<FaceCandidate> apply(List<FaceCandidate> candidates, Overlap overlap, float iouThreshold,
                                            int topK, int maxKept) {
        Objects.requireNonNull(candidates, "candidates");
        Objects.requireNonNull(overlap, "overlap");
        checkParameters(iouThreshold, topK, maxKept);
        int n = candidates.size();
        boolean xywh = overlap == Overlap.OPENCV_RECT || overlap == Overlap.OPENCV_RECT2D;
        float[] boxes = new float[4 * n];
        float[] scores = new float[n];
        for (int i = 0; i < n; i++) {
            FaceCandidate c = candidates.get(i);
            BoundingBox b = c.box();
            boxes[4 * i] = b.x1();
            boxes[4 * i + 1] = b.y1();
            boxes[4 * i + 2] = xywh ? b.x2() - b.x1() : b.x2();
            boxes[4 * i + 3] = xywh ? b.y2() - b.y1() : b.y2();
            scores[i] = c.score();
        }
        int[] kept = suppress(boxes, scores, n, overlap, 0f, iouThreshold, topK, maxKept, false);
        FaceCandidate[] out = new FaceCandidate[kept.length];
        for (int i = 0; i < kept.length; i++) {
            out[i] = candidates.get(kept[i]);
        }
        return List.of(out);
    }

    /**
     * The overlap of two boxes as {@link #apply} measures it.
     *
     * @param overlap the variant
     * @param a one box
     * @param b the other box
     * @return the overlap; IoU-like, in [0, 1] for boxes of positive area
     */
    public static float overlap(Overlap overlap, BoundingBox a, BoundingBox b) {
        Objects.requireNonNull(overlap, "overlap");
        return switch (overlap) {
            case IOU -> iou(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2(), 0f);
            case IOU_PLUS_ONE -> iouPlusOne(a.x1(), a.y1(), a.x2(), a.y2(), b.x1(), b.y1(), b.x2(), b.y2());
            case OPENCV_RECT2D -> openCvOverlap(a.x1(), a.y1(), a.x2() - a.x1(), a.y2() - a.y1(), b.x1(), b.y1(),
                    b.x2() - b.x1(), b.y2() - b.y1(), Math.ulp(1.0));
            case OPENCV_RECT -> openCvOverlap((int) a.x1(), (int) a.y1(), (int) (a.x2() - a.x1()),
                    (int) (a.y2() - a.y1()), (int) b.x1(), (int) b.y1(), (int) (b.x2() - b.x1()),
                    (int) (b.y2() - b.y1()), 0.0);
        };
    }

    static void checkParameters(float iouThreshold, int topK, int maxKept) {
        if (Float.isNaN(iouThreshold)) {
            throw new IllegalArgumentException("NMS IoU threshold must be a number, got NaN.");
        }
        if (topK < 0 || maxKept < 0) {
            throw new IllegalArgumentException("NMS limits must be >= 0 (0 = no limit), got topK " + topK
                    + " and maxKept " + maxKept + ".");
        }
    }

    /** Runs NMS over a decoder's candidate list, reading its arrays in place. */
    static int[] suppress(CandidateList list, Overlap overlap, float unionEpsilon, float iouThreshold, int topK,
                          int maxKept, boolean laterFirstOnTies) {
        return suppress(list.boxArray(), list.scoreArray(), list.size(), overlap, unionEpsilon, iouThreshold, topK,
                maxKept, laterFirstOnTies);
    }

    /**
     * Runs NMS over a decoder's candidate list with the list's own scratch arrays: no allocation.
     *
     * @return the number of kept candidates; their indices, by descending score, are the first entries of
     *     {@code list.kept(0)}
     */
    static int suppressInPlace(CandidateList list, Overlap overlap, float unionEpsilon, float iouThreshold, int topK,
                               int maxKept, boolean laterFirstOnTies) {
        int n = list.size();
        if (n == 0) {
            return 0;
        }
        return suppress(list.boxArray(), list.scoreArray(), n, overlap, unionEpsilon, iouThreshold, topK, maxKept,
                laterFirstOnTies, list.sortKeys(n), list.kept(n));
    }

    /**
     * The NMS kernel.
     *
     * @param boxes four values per candidate: corners for the IoU variants, {@code x, y, w, h} for OpenCV
     * @param scores finite scores
     * @param n candidate count
     * @param unionEpsilon added to the union for {@link Overlap#IOU} (UltraFace uses 1e-5)
     * @param laterFirstOnTies whether equal scores are visited by descending index (UltraFace's {@code hard_nms},
     *     which pops candidates from the end of an ascending argsort) instead of ascending index (OpenCV)
     * @return the kept indices, by descending score
     */
    static int[] suppress(float[] boxes, float[] scores, int n, Overlap overlap, float unionEpsilon,
                          float iouThreshold, int topK, int maxKept, boolean laterFirstOnTies) {
        if (n == 0) {
            return new int[0];
        }
        int[] kept = new int[n];
        int keptCount = suppress(boxes, scores, n, overlap, unionEpsilon, iouThreshold, topK, maxKept,
                laterFirstOnTies, new long[n], kept);
        return Arrays.copyOf(kept, keptCount);
    }

    /** The kernel on caller-owned scratch: {@code keys} and {@code kept} hold at least {@code n} entries. */
    private static int suppress(float[] boxes, float[] scores, int n, Overlap overlap, float unionEpsilon,
                                float iouThreshold, int topK, int maxKept, boolean laterFirstOnTies, long[] keys,
                                int[] kept) {
        for (int i = 0; i < n; i++) {
            int bits = Float.floatToIntBits(scores[i]);
            int sortable = bits ^ ((bits >> 31) & 0x7fffffff); // signed-int order == float order
            int tie = laterFirstOnTies ? Integer.MAX_VALUE - i : i;
            keys[i] = ((long) ~sortable << 32) | tie;          // ascending key == descending score, then tie order
        }
        Arrays.sort(keys, 0, n);
        int visit = topK > 0 ? Math.min(topK, n) : n;
        int limit = maxKept > 0 ? maxKept : Integer.MAX_VALUE;
        int keptCount = 0;
        for (int r = 0; r < visit && keptCount < limit; r++) {
            int i = laterFirstOnTies ? Integer.MAX_VALUE - (int) keys[r] : (int) keys[r];
            boolean keep = true;
            for (int q = 0; q < keptCount && keep; q++) {
                keep = !(measure(boxes, i, kept[q], overlap, unionEpsilon) > iouThreshold);
            }
            if (keep) {
                kept[keptCount++] = i;
            }
        }
        return keptCount;
    }

    private static float measure(float[] b, int i, int j, Overlap overlap, float unionEpsilon) {
        int p = 4 * i;
        int q = 4 * j;
        return switch (overlap) {
            case IOU -> iou(b[p], b[p + 1], b[p + 2], b[p + 3], b[q], b[q + 1], b[q + 2], b[q + 3], unionEpsilon);
            case IOU_PLUS_ONE -> iouPlusOne(b[p], b[p + 1], b[p + 2], b[p + 3], b[q], b[q + 1], b[q + 2], b[q + 3]);
            case OPENCV_RECT2D -> openCvOverlap(b[p], b[p + 1], b[p + 2], b[p + 3], b[q], b[q + 1], b[q + 2],
                    b[q + 3], Math.ulp(1.0));
            case OPENCV_RECT -> openCvOverlap((int) b[p], (int) b[p + 1], (int) b[p + 2], (int) b[p + 3],
                    (int) b[q], (int) b[q + 1], (int) b[q + 2], (int) b[q + 3], 0.0);
        };
    }

    /** Float IoU of corner boxes, areas and intersection clipped at 0; 0 when the denominator is not positive. */
    static float iou(float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2,
                     float unionEpsilon) {
        float iw = Math.max(0f, Math.min(ax2, bx2) - Math.max(ax1, bx1));
        float ih = Math.max(0f, Math.min(ay2, by2) - Math.max(ay1, by1));
        float inter = iw * ih;
        float areaA = Math.max(0f, ax2 - ax1) * Math.max(0f, ay2 - ay1);
        float areaB = Math.max(0f, bx2 - bx1) * Math.max(0f, by2 - by1);
        float union = areaA + areaB - inter + unionEpsilon;
        return union > 0f ? inter / union : 0f;
    }

    /** {@code py_cpu_nms}: +1 on every extent, float; 0 when the denominator is not positive. */
    static float iouPlusOne(float ax1, float ay1, float ax2, float ay2, float bx1, float by1, float bx2, float by2) {
        float iw = Math.max(0f, Math.min(ax2, bx2) - Math.max(ax1, bx1) + 1f);
        float ih = Math.max(0f, Math.min(ay2, by2) - Math.max(ay1, by1) + 1f);
        float inter = iw * ih;
        float areaA = (ax2 - ax1 + 1f) * (ay2 - ay1 + 1f);
        float areaB = (bx2 - bx1 + 1f) * (by2 - by1 + 1f);
        float union = areaA + areaB - inter;
        return union > 0f ? inter / union : 0f;
    }

    /**
     * OpenCV {@code rectOverlap}: {@code 1 − (float) jaccardDistance(a, b)} with {@code Rect_::operator&} as in
     * OpenCV 4.x and {@code (Aa + Ab) <= epsilon → distance 0}.
     */
    static float openCvOverlap(double ax, double ay, double aw, double ah, double bx, double by, double bw,
                               double bh, double epsilon) {
        double areaA = aw * ah;
        double areaB = bw * bh;
        double distance;
        if (areaA + areaB <= epsilon) {
            distance = 0.0;
        } else {
            double inter = intersectionArea(ax, ay, aw, ah, bx, by, bw, bh);
            distance = 1.0 - inter / (areaA + areaB - inter);
        }
        return 1f - (float) distance;
    }

    private static double intersectionArea(double ax, double ay, double aw, double ah, double bx, double by,
                                           double bw, double bh) {
        if (aw <= 0 || ah <= 0 || bw <= 0 || bh <= 0) {
            return 0.0;
        }
        // Rect_::operator&= : the rect further left (top) is "min", the other "max"; ties pick b as min.
        boolean aLeft = ax < bx;
        double minX = aLeft ? ax : bx;
        double minW = aLeft ? aw : bw;
        double maxX = aLeft ? bx : ax;
        double maxW = aLeft ? bw : aw;
        boolean aTop = ay < by;
        double minY = aTop ? ay : by;
        double minH = aTop ? ah : bh;
        double maxY = aTop ? by : ay;
        double maxH = aTop ? bh : ah;
        if ((minX < 0 && minX + minW < maxX) || (minX >= 0 && minW < maxX - minX)
                || (minY < 0 && minY + minH < maxY) || (minY >= 0 && minH < maxY - minY)) {
            return 0.0;
        }
        double w = Math.min(minW - (maxX - minX), maxW);
        double h = Math.min(minH - (maxY - minY), maxH);
        return w * h;
    }
}
