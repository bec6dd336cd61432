/**
 * Video and camera streams: a {@link dev.fer.video.StreamRunner} reads frames with timestamps from a
 * {@link dev.fer.video.FrameSource}, analyses them on N worker threads that share one
 * {@link dev.fer.EmotionPipeline}, tracks faces and smooths their emotions, and hands back
 * {@link dev.fer.video.FrameResult}s <b>in frame order</b> through a bounded queue. Files use
 * {@link dev.fer.video.FramePolicy#EVERY_FRAME} (back-pressure, nothing dropped); live sources use
 * {@link dev.fer.video.FramePolicy#LATEST_FRAME} (stale frames are dropped and counted, so latency stays bounded).
 *
 * <p>Pure Java: frame sources for files, URLs and cameras (JavaCV) live in the {@code fer-video} module. The
 * runner is thread-safe; a {@link dev.fer.video.StreamRun} is consumed from one thread and may be closed from any.
 */
package dev.fer.video;
