package dev.fer.track;

/**
 * Settings of a {@link FaceTracker}.
 *
 * <p>Immutable and thread-safe. Start from {@link #defaults()} and change fields with the {@code with…} methods.
 *
 * @param minHits detections needed before a track is confirmed and gets its id (the first frame of a stream
 *     confirms at once); default 2
 * @param maxMissed frames a confirmed track may go undetected before it ends; default 10
 * @param minSimilarity least association score (see {@link FaceTracker}) for a detection to continue a track, in
 *     (0, 1); default 0.3
 * @param maxScaleChange largest ratio between a detection's width and its track's predicted width, at least 1;
 *     default 1.6
 * @param cutThreshold colour-histogram distance between consecutive frames, in (0, 1], above which the tracker
 *     treats the frame as a scene cut and ends every track; 0 turns cut detection off; default 0.35
 */
public record TrackerConfig(int minHits, int maxMissed, double minSimilarity, double maxScaleChange,
                            double cutThreshold) {
    /**
     * Validates the fields.
     *
     * @throws IllegalArgumentException when a field is out of range
     */
    public TrackerConfig {
        if (minHits < 1) {
            throw new IllegalArgumentException("minHits must be at least 1, got " + minHits + ".");
        }
        if (maxMissed < 0) {
            throw new IllegalArgumentException("maxMissed must be 0 or more frames, got " + maxMissed + ".");
        }
        if (!(minSimilarity > 0 && minSimilarity < 1)) {
            throw new IllegalArgumentException("minSimilarity must be in (0, 1), got " + minSimilarity + ".");
        }
        if (!(maxScaleChange >= 1) || Double.isInfinite(maxScaleChange)) {
            throw new IllegalArgumentException("maxScaleChange must be a finite ratio >= 1, got " + maxScaleChange
                    + ".");
        }
        if (!(cutThreshold >= 0 && cutThreshold <= 1)) {
            throw new IllegalArgumentException("cutThreshold must be in [0, 1] (0 turns cut detection off), got "
                    + cutThreshold + ".");
        }
    }

    /**
     * The defaults: minHits 2, maxMissed 10, minSimilarity 0.3, maxScaleChange 1.6, cutThreshold 0.35.
     *
     * @return the default settings
     */
    public static TrackerConfig defaults() {
        return new TrackerConfig(2, 10, 0.3, 1.6, 0.35);
    }

    /**
     * A copy with another {@code minHits}.
     *
     * @param n at least 1
     * @return the copy
     */
    public TrackerConfig withMinHits(int n) {
        return new TrackerConfig(n, maxMissed, minSimilarity, maxScaleChange, cutThreshold);
    }

    /**
     * A copy with another {@code maxMissed}.
     *
     * @param frames 0 or more
     * @return the copy
     */
    public TrackerConfig withMaxMissed(int frames) {
        return new TrackerConfig(minHits, frames, minSimilarity, maxScaleChange, cutThreshold);
    }

    /**
     * A copy with another {@code minSimilarity}.
     *
     * @param similarity in (0, 1)
     * @return the copy
     */
    public TrackerConfig withMinSimilarity(double similarity) {
        return new TrackerConfig(minHits, maxMissed, similarity, maxScaleChange, cutThreshold);
    }

    /**
     * A copy with another {@code cutThreshold}.
     *
     * @param threshold in [0, 1]; 0 turns cut detection off
     * @return the copy
     */
    public TrackerConfig withCutThreshold(double threshold) {
        return new TrackerConfig(minHits, maxMissed, minSimilarity, maxScaleChange, threshold);
    }
}
