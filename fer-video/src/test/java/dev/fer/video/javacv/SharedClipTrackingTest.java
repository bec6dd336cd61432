package dev.fer.video.javacv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fer.EmotionPipeline;
import dev.fer.testing.SharedAssets;
import dev.fer.track.TrackSummary;
import dev.fer.track.TrackedFace;
import dev.fer.video.FrameResult;
import dev.fer.video.StreamReport;
import dev.fer.video.StreamRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tracking targets of the issue, on the shared clip with the default pipeline and two workers. */
class SharedClipTrackingTest {
    /** Segments of faces_640x480.mp4 (see video/README.md): first frame, last frame, faces in view. */
    private static final int[][] SEGMENTS = {{0, 29, 5}, {30, 59, 1}, {60, 89, 1}, {90, 119, 1}, {120, 149, 0}};

    @Test
    void detectEveryFourthFrame_keepsTheSameTracks_andDetectsAgainRightAfterACutBetweenKeyframes() {
        List<FrameResult> results = new ArrayList<>();
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault();
                GrabberSource video = VideoSources.file(SharedAssets.video())) {
            StreamRunner.builder(pipeline).workers(2).detectEvery(4).build().run(video, results::add);
        }
        assertThat(results).hasSize(150);
        // keyframes 0, 4, ..., 148 (38), plus the frames after the cuts at 30 and 90 up to the next keyframe
        assertThat(results.stream().filter(FrameResult::detected).mapToLong(FrameResult::index))
                .hasSize(42).contains(30L, 31L, 90L, 91L).doesNotContain(29L, 89L);
        List<Set<Integer>> idsBySegment = new ArrayList<>();
        for (int[] seg : SEGMENTS) {
            Set<Integer> ids = new HashSet<>();
            for (int i = seg[0]; i <= seg[1]; i++) {
                results.get(i).faces().stream().filter(TrackedFace::confirmed).forEach(f -> ids.add(f.trackId()));
            }
            assertThat(ids).as("tracks in frames %d–%d", seg[0], seg[1]).hasSize(seg[2]);
            idsBySegment.add(ids);
        }
        for (int i = 0; i < 30; i++) {
            assertThat(results.get(i).faces()).as("faces in frame %d", i).hasSize(5);
        }
        Set<Integer> all = new HashSet<>();
        idsBySegment.forEach(ids -> ids.forEach(id -> assertThat(all.add(id)).as("track %d in two segments", id)
                .isTrue()));
    }

    @Test
    void sharedClip_fiveTracksThenOneTrackPerSegment_andNoTrackSpansTwoSegments(@TempDir Path tmp) {
        List<FrameResult> results = new ArrayList<>();
        StreamReport report;
        Path annotated = tmp.resolve("annotated.mp4");
        try (EmotionPipeline pipeline = EmotionPipeline.createDefault();
                GrabberSource video = VideoSources.file(SharedAssets.video());
                AnnotatedVideoWriter writer = AnnotatedVideoWriter.open(annotated, 640, 480, 20)) {
            report = StreamRunner.builder(pipeline).workers(2).build().run(video, r -> {
                results.add(r);
                writer.write(r);
            });
        }
        assertThat(results).hasSize(150);
        assertThat(report.stats().framesDropped()).isZero();
        List<Set<Integer>> idsBySegment = new ArrayList<>();
        for (int[] seg : SEGMENTS) {
            Map<Integer, Integer> presence = new HashMap<>();
            for (int i = seg[0]; i <= seg[1]; i++) {
                for (TrackedFace f : results.get(i).faces()) {
                    if (f.confirmed()) {
                        presence.merge(f.trackId(), 1, Integer::sum);
                    }
                }
            }
            assertThat(presence).as("tracks in frames %d–%d: %s", seg[0], seg[1], presence).hasSize(seg[2]);
            if (seg[2] == 5) {
                assertThat(presence.values()).as("frames each track of frames 0–29 is present in")
                        .allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(28));
            } else if (seg[2] == 1) {
                assertThat(presence.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(28));
            }
            idsBySegment.add(presence.keySet());
        }
        Set<Integer> all = new HashSet<>();
        for (Set<Integer> ids : idsBySegment) {
            for (int id : ids) {
                assertThat(all.add(id)).as("track %d spans two segments: %s", id, idsBySegment).isTrue();
            }
        }
        assertThat(report.stats().sceneCuts()).isEqualTo(4);
        assertThat(report.tracks()).extracting(TrackSummary::trackId).containsExactlyInAnyOrderElementsOf(all);
        TrackSummary astronaut = report.tracks().stream().filter(t -> idsBySegment.get(1).contains(t.trackId()))
                .findFirst().orElseThrow();
        assertThat(astronaut.firstFrame()).isBetween(30L, 31L);
        assertThat(astronaut.lastFrame()).isEqualTo(59);
        assertThat(astronaut.emotionShare().values().stream().mapToDouble(Double::doubleValue).sum())
                .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));
        try (GrabberSource written = VideoSources.file(annotated)) {
            long n = 0;
            while (written.next().isPresent()) {
                n++;
            }
            assertThat(n).isEqualTo(150);
        }
    }
}
