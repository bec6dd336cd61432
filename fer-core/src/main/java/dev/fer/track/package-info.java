/**
 * Face tracking and emotion smoothing over a stream of frames, in pure Java: {@link dev.fer.track.FaceTracker}
 * gives each detected face a track id that stays the same while the face moves, scales or is briefly missed, and
 * an {@link dev.fer.track.EmotionSmoother} per track steadies its emotions. Per-track
 * {@link dev.fer.track.TrackSummary summaries} say when each face was seen and how it felt over time.
 *
 * <p>Trackers and smoothers hold per-stream state and are <b>not</b> thread-safe: feed one stream from one thread
 * (the {@link dev.fer.video.StreamRunner} does that for you). Configuration and result records are immutable.
 */
package dev.fer.track;
