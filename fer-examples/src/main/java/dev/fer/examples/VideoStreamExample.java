package dev.fer.examples;

// tag::video-stream[]
import dev.fer.EmotionPipeline;
import dev.fer.track.TrackedFace;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRunner;
import dev.fer.video.javacv.GrabberSource;
import dev.fer.video.javacv.VideoSources;
import java.nio.file.Path;
// end::video-stream[]

/**
 * Copy me: faces with stable track ids and smoothed emotions over a video, two frames analysed at a time, results
 * in frame order, then a summary per person. Usage: {@code VideoStreamExample video.mp4} (for a webcam, use
 * {@code VideoSources.camera(0)} and {@code .policy(FramePolicy.LATEST_FRAME)}). The README's "Video and cameras"
 * shows this code.
 */
public final class VideoStreamExample {
    private VideoStreamExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the video file
     */
    public static void main(String[] args) {
        // tag::video-stream[]
        try (EmotionPipeline pipeline = EmotionPipeline.builder().threads(1).build();   // one thread per frame...
                GrabberSource video = VideoSources.file(Path.of(args[0]))) {
            StreamRunner runner = StreamRunner.builder(pipeline).workers(2).build();     // ...two frames at a time
            StreamReport report = runner.run(video, frame -> {                           // called in frame order
                for (TrackedFace face : frame.faces()) {
                    System.out.printf("%6.2f s  face #%d  %s%n", frame.seconds(), face.trackId(),
                            face.smoothedDominant().map(e -> e.jsonName()).orElse("-"));
                }
            });
            report.tracks().forEach(t -> System.out.printf("#%d: %.1f-%.1f s, mostly %s%n", t.trackId(),
                    t.firstSeen().toMillis() / 1e3, t.lastSeen().toMillis() / 1e3, t.dominant().orElseThrow()));
        }
        // end::video-stream[]
    }
}
