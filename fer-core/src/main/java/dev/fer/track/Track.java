package dev.fer.track;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.geometry.Point;
import dev.fer.result.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one live track: its last detection and its motion (constant velocity per frame of the box centre
 * and size).
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the id: 1 or more once confirmed, 0 while tentative
 * @param serial a number unique to this track within its tracker, tentative or not
 * @param last the last detection of the face
 * @param lastFrame the frame index of that detection
 * @param vx centre velocity in pixels per frame, horizontal
 * @param vy centre velocity in pixels per frame, vertical
 * @param vw width change in pixels per frame
 * @param vh height change in pixels per frame
 * @param hits how many frames the face was detected in
 */
public record Track(int id, long serial, Detection last, long lastFrame, float vx, float vy, float vw, float vh, int hits) {
    /** Validates the fields. */
    public Track {
        Objects.requireNonNull(last, "last");
        if (hits < 1) {
            throw new IllegalArgumentException("A track has at least one hit, got " + hits + ".");
        }
    }

    /**
     * Whether the track is confirmed.
     *
     * @return {@code id() > 0}
     */
    public boolean confirmed() {
        return id > 0;
    }

    /**
     * Where the face should be in a later frame under constant velocity: the box and landmarks moved and scaled
     * about the box centre. The score is the last detection's score.
     *
     * @param frame a frame index
     * @return the predicted detection
     */
    public Detection predict(long frame) {
        long dt = frame - lastFrame;
        if (dt == 0) {
            return last;
        }
        BoundingBox b = last.box();
        float cx = b.centerX();
        float cy = b.centerY();
        float w = Math.max(1f, b.width() + vw * dt);
        float h = Math.max(1f, b.height() + vh * dt);
        float ncx = cx + vx * dt;
        float ncy = cy + vy * dt;
        BoundingBox box = new BoundingBox(ncx - w / 2, ncy - h / 2, ncx + w / 2, ncy + h / 2);
        Landmarks lm = null;
        if (last.hasLandmarks()) {
            float sx = b.width() > 0 ? w / b.width() : 1f;
            float sy = b.height() > 0 ? h / b.height() : 1f;
            List<Point> pts = new ArrayList<>(Landmarks.COUNT);
            for (Point p : last.landmarks().get().points()) {
                pts.add(new Point(ncx + (p.x() - cx) * sx, ncy + (p.y() - cy) * sy));
            }
            lm = new Landmarks(pts);
        }
        return new Detection(box, last.score(), lm);
    }
}
