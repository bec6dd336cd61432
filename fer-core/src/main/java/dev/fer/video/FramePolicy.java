package dev.fer.video;

/**
 * What a {@link StreamRunner} does when frames arrive faster than they are analysed.
 */
public enum FramePolicy {
    /**
     * Analyse every frame: when the queue is full the runner stops reading the source until there is room
     * (back-pressure). Nothing is dropped. For files and recorded streams.
     */
    EVERY_FRAME,
    /**
     * Keep up with a live source: the runner keeps reading, and when the queue is full the oldest frame that no
     * worker has started yet is dropped (or the new frame, when every queued frame is in progress). Drops are
     * counted in {@link StreamStats#framesDropped()}. For cameras and live URLs.
     */
    LATEST_FRAME
}
