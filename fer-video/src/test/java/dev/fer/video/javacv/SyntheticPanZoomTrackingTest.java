package dev.fer.video.javacv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.EmotionPipeline;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.testing.Json;
import dev.fer.testing.SharedAssets;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import dev.fer.video.FrameSource;
import dev.fer.video.StreamRunner;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A camera that pans and zooms over the shared group photo, rendered here frame by frame, so every face's true box
 * is known in every frame (the reference YuNet box of the photo, moved with the camera). Target: no id switch while
 * a face stays at least 24 px wide and moves at most 20 % of its width per frame.
 */
class SyntheticPanZoomTrackingTest {
    private static final int W = 640;
    private static final int H = 480;
    private static final int N = 40;

    /** Camera at frame t: scale (output px per source px) and the source point at the top-left of the view. */
    private static double[] camera(int t) {
        double a = t / (double) (N - 1);
        double s = 0.36 + 0.36 * a;
        double cx = 350 + 550 * a;
        double cy = 330 - 80 * a;
        return new double[] {s, cx - W / 2.0 / s, cy - H / 2.0 / s};
    }

    private static BoundingBox project(double[] box, double[] cam) {
        return new BoundingBox((float) ((box[0] - cam[1]) * cam[0]), (float) ((box[1] - cam[2]) * cam[0]),
                (float) ((box[2] - cam[1]) * cam[0]), (float) ((box[3] - cam[2]) * cam[0]));
    }

    private static FerImage render(BufferedImage photo, double[] cam) {
        BufferedImage out = new BufferedImage(W, H, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        AffineTransform at = new AffineTransform(cam[0], 0, 0, cam[0], -cam[1] * cam[0], -cam[2] * cam[0]);
        g.drawImage(photo, at, null);
        g.dispose();
        return Images.of(out);
    }

    @Test
    void panAndZoomOverTheGroupPhoto_keepsOneTrackIdPerFace() {
        String name = "multi/pexels_group_meeting.jpeg";
        BufferedImage photo = Images.toBufferedImage(Images.read(SharedAssets.image(name)));
        Object reference = Json.parse(SharedAssets.read(SharedAssets.reference("detections.json")));
        List<Object> faces = Json.list(reference, "models", "yunet_640_score06", "results", name, "faces");
        List<double[]> truth = new ArrayList<>();
        for (Object f : faces) {
            double[] b = Json.nums(f, "box");
            if (b[1] >= 0 && b[0] >= 0) { // the face cut by the photo's top edge is not a whole face
                truth.add(b);
            }
        }
        assertThat(truth).hasSize(4);

        List<FerImage> frames = new ArrayList<>();
        for (int t = 0; t < N; t++) {
            frames.add(render(photo, camera(t)));
        }
        List<FrameResult> results = new ArrayList<>();
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault()) {
            StreamRunner.builder(pipeline).workers(2).build()
                    .run(FrameSource.ofImages(frames.iterator(), 20), results::add);
        }
        assertThat(results).hasSize(N);

        for (int k = 0; k < truth.size(); k++) {
            Set<Integer> ids = new HashSet<>();
            int considered = 0;
            int matched = 0;
            BoundingBox previous = null;
            for (int t = 0; t < N; t++) {
                BoundingBox box = project(truth.get(k), camera(t));
                boolean inside = box.x1() >= 0 && box.y1() >= 0 && box.x2() <= W && box.y2() <= H;
                if (!inside) {
                    previous = null;
                    continue;
                }
                // the precondition of the target, checked so this test stays honest
                assertThat(box.width()).isGreaterThanOrEqualTo(24f);
                if (previous != null) {
                    float move = Math.max(Math.abs(box.centerX() - previous.centerX()),
                            Math.abs(box.centerY() - previous.centerY()));
                    assertThat(move / previous.width()).as("motion of face %d at frame %d", k, t)
                            .isLessThanOrEqualTo(0.2f);
                }
                previous = box;
                considered++;
                TrackedFace best = null;
                float bestIou = 0.4f;
                for (TrackedFace f : results.get(t).faces()) {
                    float iou = f.face().detection().box().iou(box);
                    if (iou > bestIou) {
                        bestIou = iou;
                        best = f;
                    }
                }
                if (best != null) {
                    matched++;
                    assertThat(best.confirmed()).as("face %d at frame %d is on a confirmed track", k, t).isTrue();
                    ids.add(best.trackId());
                }
            }
            assertThat(considered).isGreaterThanOrEqualTo(25);
            assertThat(matched).as("frames where face %d was detected", k).isGreaterThanOrEqualTo(considered * 9 / 10);
            assertThat(ids).as("track ids of face %d", k).hasSize(1);
        }
    }
}
