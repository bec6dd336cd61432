/**
 * JavaCV (FFmpeg, OpenCV) frame sources and sinks for the fer-java stream runner: {@link
 * dev.fer.video.javacv.VideoSources} opens a video file, an RTSP/HTTP URL or a camera as a
 * {@link dev.fer.video.FrameSource}; {@link dev.fer.video.javacv.AnnotatedVideoWriter} writes frames with their
 * tracked faces drawn over them; {@link dev.fer.video.javacv.FrameAdapters} copies between JavaCV frames / OpenCV
 * matrices and {@link dev.fer.image.FerImage}.
 *
 * <p>Sources and writers hold native resources: close them. They are not thread-safe; the stream runner reads a
 * source from one thread.
 */
package dev.fer.video.javacv;
