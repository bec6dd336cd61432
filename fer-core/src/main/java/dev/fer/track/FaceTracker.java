package dev.fer.track;

import dev.fer.Emotion;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.image.FerImage;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives each face in a stream of frames a track id that stays the same while the face moves, scales or is briefly
 * missed, and smooths each track's emotions with its own {@link EmotionSmoother}.
 *
 * <p><b>Not thread-safe:</b> one tracker per stream, fed from one thread with strictly increasing frame indexes.
 *
 * <p>How it works, per frame:
 * <ol>
 *   <li>A scene cut (colour histogram distance to the previous frame above {@link TrackerConfig#cutThreshold()})
 *       or a change of frame size ends every track: boxes of different scenes or sizes are not comparable.</li>
 *   <li>Each live track predicts its box for this frame under constant velocity of centre and size.</li>
 *   <li>Every (track, detection) pair gets a similarity in [0, 1]: the IoU of predicted and detected box, averaged
 *       with {@code 1 - mean landmark distance / box width} when both have landmarks; 0 when the widths differ by
 *       more than {@link TrackerConfig#maxScaleChange()}. Pairs are matched greedily, most similar first, down to
 *       {@link TrackerConfig#minSimilarity()}.</li>
 *   <li>A matched track takes the detection's box and updates its velocity. An unmatched detection starts a
 *       tentative track (id 0), confirmed with the next id after {@link TrackerConfig#minHits()} detections, or at
 *       once on the first frame of the stream or after a cut. A tentative track that misses a frame ends; a
 *       confirmed one ends after {@link TrackerConfig#maxMissed()} frames without detection.</li>
 * </ol>
 * Ids start at 1 and are never reused within a tracker.
 *
 * <pre>{@code
 * FaceTracker tracker = new FaceTracker(TrackerConfig.defaults(), SmoothingConfig.ema(0.3));
 * for (long i = 0; ...; i++) {
 *     FerImage frame = ...;
 *     List<TrackedFace> faces = tracker.update(i, Duration.ofMillis(i * 50), frame, pipeline.analyze(frame).faces());
 * }
 * List<TrackSummary> people = tracker.summaries();
 * }</pre>
 */
public final class FaceTracker {
    private final TrackerConfig config;
    private final SmoothingConfig smoothing;
    private final List<State> live = new ArrayList<>();
    private final List<TrackSummary> ended = new ArrayList<>();
    private FrameSignature previous;
    private long lastFrame = Long.MIN_VALUE;
    private int nextId = 1;
    private long nextSerial = 1;
    private long cuts;

    /**
     * Creates a tracker.
     *
     * @param config association and life-cycle settings
     * @param smoothing how each track's emotions are smoothed
     */
    public FaceTracker(TrackerConfig config, SmoothingConfig smoothing) {
        this.config = Objects.requireNonNull(config, "config");
        this.smoothing = Objects.requireNonNull(smoothing, "smoothing");
    }

    /**
     * A tracker with default settings and default smoothing.
     *
     * @return the tracker
     */
    public static FaceTracker withDefaults() {
        return new FaceTracker(TrackerConfig.defaults(), SmoothingConfig.defaults());
    }

    /**
     * Tracks the faces of one frame.
     *
     * @param frameIndex index of the frame, greater than every index passed before
     * @param timestamp time of the frame in the stream
     * @param frame the frame (for cut and size-change detection)
     * @param faces the faces found in it
     * @return one tracked face per input face, in the same order
     */
    public List<TrackedFace> update(long frameIndex, Duration timestamp, FerImage frame, List<FaceAnalysis> faces) {
        Objects.requireNonNull(frame, "frame");
        FrameSignature sig = config.cutThreshold() > 0 ? FrameSignature.of(frame)
                : FrameSignature.ofSize(frame.width(), frame.height());
        return update(frameIndex, timestamp, sig, faces);
    }

    /**
     * Tracks the faces of one frame whose signature was computed beforehand (for example on a worker thread).
     *
     * @param frameIndex index of the frame, greater than every index passed before
     * @param timestamp time of the frame in the stream
     * @param signature the frame's signature
     * @param faces the faces found in it
     * @return one tracked face per input face, in the same order
     */
    public List<TrackedFace> update(long frameIndex, Duration timestamp, FrameSignature signature,
                                    List<FaceAnalysis> faces) {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(faces, "faces");
        checkOrder(frameIndex);
        boolean fresh = previous == null;
        if (previous != null && (!previous.sameSize(signature)
                || config.cutThreshold() > 0 && previous.distance(signature) > config.cutThreshold())) {
            endAll();
            cuts++;
            fresh = true;
        }
        previous = signature;
        lastFrame = frameIndex;
        for (int i = live.size() - 1; i >= 0; i--) {
            State s = live.get(i);
            if (frameIndex - s.lastHit - 1 > config.maxMissed()) {
                finish(s);
                live.remove(i);
            }
        }

        int nt = live.size();
        int nd = faces.size();
        List<Detection> predicted = new ArrayList<>(nt);
        for (State s : live) {
            predicted.add(s.snapshot().predict(frameIndex));
        }
        List<double[]> pairs = new ArrayList<>();
        for (int t = 0; t < nt; t++) {
            for (int d = 0; d < nd; d++) {
                double sim = similarity(predicted.get(t), faces.get(d).detection());
                if (sim >= config.minSimilarity()) {
                    pairs.add(new double[] {sim, t, d});
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((double[] p) -> p[0]).reversed());
        State[] byDetection = new State[nd];
        boolean[] trackUsed = new boolean[nt];
        for (double[] p : pairs) {
            int t = (int) p[1];
            int d = (int) p[2];
            if (!trackUsed[t] && byDetection[d] == null) {
                trackUsed[t] = true;
                byDetection[d] = live.get(t);
            }
        }
        List<State> next = new ArrayList<>(nt + nd);
        for (int t = 0; t < nt; t++) {
            State s = live.get(t);
            if (trackUsed[t]) {
                next.add(s);
            } else if (s.id > 0 && frameIndex - s.lastHit <= config.maxMissed()) {
                next.add(s);
            } else {
                finish(s);
            }
        }
        List<TrackedFace> out = new ArrayList<>(nd);
        for (int d = 0; d < nd; d++) {
            FaceAnalysis face = faces.get(d);
            State s = byDetection[d];
            if (s == null) {
                s = new State(nextSerial++, face.detection(), frameIndex, timestamp, new EmotionSmoother(smoothing));
                next.add(s);
            } else {
                s.hit(face.detection(), frameIndex);
            }
            if (s.id == 0 && (fresh || s.hits >= config.minHits())) {
                s.id = nextId++;
            }
            out.add(s.record(face, frameIndex, timestamp, true));
        }
        live.clear();
        live.addAll(next);
        return out;
    }

    /**
     * Records faces whose boxes were predicted from their tracks rather than detected (the frames between
     * detections with detect-every-k): they keep their tracks, update smoothing and summaries, and change neither
     * motion nor hit counts.
     *
     * @param frameIndex index of the frame, greater than every index passed before
     * @param timestamp time of the frame in the stream
     * @param tracks the tracks the faces belong to, as returned by {@link #tracksHitLast()}
     * @param faces one analysis per track, in the same order, usually on {@link Track#predict(long)} boxes
     * @return the tracked faces; a track that has ended since is left out
     */
    public List<TrackedFace> updatePredicted(long frameIndex, Duration timestamp, List<Track> tracks,
                                             List<FaceAnalysis> faces) {
        Objects.requireNonNull(timestamp, "timestamp");
        if (tracks.size() != faces.size()) {
            throw new IllegalArgumentException("Need one face per track, got " + tracks.size() + " tracks and "
                    + faces.size() + " faces.");
        }
        checkOrder(frameIndex);
        lastFrame = frameIndex;
        Map<Long, State> bySerial = new HashMap<>();
        for (State s : live) {
            bySerial.put(s.serial, s);
        }
        List<TrackedFace> out = new ArrayList<>(faces.size());
        for (int i = 0; i < tracks.size(); i++) {
            State s = bySerial.get(tracks.get(i).serial());
            if (s != null) {
                out.add(s.record(faces.get(i), frameIndex, timestamp, false));
            }
        }
        return out;
    }

    /**
     * Live tracks detected in the latest {@link #update} call: the ones worth predicting into the next frames.
     *
     * @return snapshots of those tracks
     */
    public List<Track> tracksHitLast() {
        List<Track> out = new ArrayList<>();
        for (State s : live) {
            if (s.lastHit == lastFrame) {
                out.add(s.snapshot());
            }
        }
        return out;
    }

    /**
     * All live tracks, tentative and confirmed.
     *
     * @return snapshots
     */
    public List<Track> tracks() {
        List<Track> out = new ArrayList<>(live.size());
        for (State s : live) {
            out.add(s.snapshot());
        }
        return out;
    }

    /**
     * Summaries of every confirmed track so far, ended or live, by id.
     *
     * @return the summaries
     */
    public List<TrackSummary> summaries() {
        List<TrackSummary> out = new ArrayList<>(ended);
        for (State s : live) {
            if (s.id > 0) {
                out.add(s.summary());
            }
        }
        out.sort(Comparator.comparingInt(TrackSummary::trackId));
        return out;
    }

    /**
     * How many scene cuts or frame-size changes ended all tracks so far.
     *
     * @return the count
     */
    public long cuts() {
        return cuts;
    }

    private void checkOrder(long frameIndex) {
        if (frameIndex <= lastFrame) {
            throw new IllegalArgumentException("Frame indexes must increase: got " + frameIndex + " after "
                    + lastFrame + ".");
        }
    }

    private void endAll() {
        for (State s : live) {
            finish(s);
        }
        live.clear();
    }

    private void finish(State s) {
        if (s.id > 0) {
            ended.add(s.summary());
        }
    }

    private double similarity(Detection predicted, Detection detected) {
        BoundingBox p = predicted.box();
        BoundingBox d = detected.box();
        float pw = Math.max(1f, p.width());
        float dw = Math.max(1f, d.width());
        if (Math.max(pw, dw) / Math.min(pw, dw) > config.maxScaleChange()) {
            return 0;
        }
        double iou = p.iou(d);
        if (!predicted.hasLandmarks() || !detected.hasLandmarks()) {
            return iou;
        }
        Landmarks a = predicted.landmarks().get();
        Landmarks b = detected.landmarks().get();
        double sum = 0;
        for (int i = 0; i < Landmarks.COUNT; i++) {
            sum += Math.hypot(a.get(i).x() - b.get(i).x(), a.get(i).y() - b.get(i).y());
        }
        double lm = Math.max(0, 1 - sum / Landmarks.COUNT / pw);
        return 0.5 * iou + 0.5 * lm;
    }

    /** Mutable state of one track. */
    private static final class State {
        final long serial;
        final EmotionSmoother smoother;
        final long firstFrame;
        final Duration firstSeen;
        final long[] dominantCounts = new long[Emotion.values().length];
        int id;
        Detection last;
        long lastHit;
        int hits = 1;
        float vx;
        float vy;
        float vw;
        float vh;
        boolean hasVelocity;
        long lastSeenFrame;
        Duration lastSeen;
        long frames;
        boolean classified;

        State(long serial, Detection first, long frame, Duration timestamp, EmotionSmoother smoother) {
            this.serial = serial;
            this.last = first;
            this.lastHit = frame;
            this.firstFrame = frame;
            this.firstSeen = timestamp;
            this.lastSeen = timestamp;
            this.lastSeenFrame = frame;
            this.smoother = smoother;
        }

        void hit(Detection d, long frame) {
            long dt = Math.max(1, frame - lastHit);
            BoundingBox o = last.box();
            BoundingBox n = d.box();
            float mx = (n.centerX() - o.centerX()) / dt;
            float my = (n.centerY() - o.centerY()) / dt;
            float mw = (n.width() - o.width()) / dt;
            float mh = (n.height() - o.height()) / dt;
            if (hasVelocity) {
                vx = 0.5f * vx + 0.5f * mx;
                vy = 0.5f * vy + 0.5f * my;
                vw = 0.5f * vw + 0.5f * mw;
                vh = 0.5f * vh + 0.5f * mh;
            } else {
                vx = mx;
                vy = my;
                vw = mw;
                vh = mh;
                hasVelocity = true;
            }
            last = d;
            lastHit = frame;
            hits++;
        }

        TrackedFace record(FaceAnalysis face, long frame, Duration timestamp, boolean detected) {
            Optional<EmotionScores> smoothed = face.emotions().map(smoother::update);
            Optional<Emotion> dominant = smoothed.isPresent() ? smoother.dominant() : Optional.empty();
            dominant.ifPresent(e -> {
                dominantCounts[e.ordinal()]++;
                classified = true;
            });
            frames++;
            lastSeenFrame = frame;
            lastSeen = timestamp;
            return new TrackedFace(id, face, smoothed, dominant, detected);
        }

        Track snapshot() {
            return new Track(id, serial, last, lastHit, vx, vy, vw, vh, hits);
        }

        TrackSummary summary() {
            Map<Emotion, Double> share = new java.util.EnumMap<>(Emotion.class);
            long total = 0;
            for (long c : dominantCounts) {
                total += c;
            }
            if (classified && total > 0) {
                for (Emotion e : Emotion.values()) {
                    if (dominantCounts[e.ordinal()] > 0) {
                        share.put(e, dominantCounts[e.ordinal()] / (double) total);
                    }
                }
            }
            return new TrackSummary(id, firstFrame, lastSeenFrame, firstSeen, lastSeen, frames, share);
        }
    }
}
