package dev.fer.bench;

import dev.fer.image.FerImage;
import dev.fer.image.Images;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Decoded video frames for the stream benchmarks: a camera panning over the 5-face group photo at scale 0.563, as
 * in frames 0–29 of the shared clip, rendered once (Java2D, bilinear), so every benchmark in a run sees the same
 * pixels and no video decoder is needed.
 */
final class StreamFrames {
    private StreamFrames() {
    }

    /**
     * Renders a pan.
     *
     * @param n number of frames
     * @param width frame width
     * @param height frame height
     * @return the frames, BGR
     */
    static List<FerImage> pan(int n, int width, int height) {
        BufferedImage photo = Images.toBufferedImage(Assets.image(Assets.GROUP));
        double s = 0.5629 * width / 640.0;
        List<FerImage> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double a = n == 1 ? 0 : i / (double) (n - 1);
            double cx = 568.5 + 143 * a;
            double cy = 426.5;
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = frame.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(photo, new AffineTransform(s, 0, 0, s, width / 2.0 - cx * s, height / 2.0 - cy * s), null);
            g.dispose();
            out.add(Images.of(frame));
        }
        return out;
    }
}
