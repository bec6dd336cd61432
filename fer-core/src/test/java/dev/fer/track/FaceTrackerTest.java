package dev.fer.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import dev.fer.image.FerImage;
import dev.fer.image.PixelFormat;
import dev.fer.result.Detection;
import dev.fer.result.EmotionScores;
import dev.fer.result.FaceAnalysis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaceTrackerTest {
    private static final EmotionScores HAPPY = new EmotionScores(Map.of(Emotion.HAPPY, 0.8f, Emotion.SAD, 0.2f));

    /** A face with landmarks placed as on a frontal face inside the box. */
    private static FaceAnalysis face(float x, float y, float size, boolean landmarks) {
        BoundingBox b = BoundingBox.ofSize(x, y, size, size * 1.2f);
        Landmarks lm = !landmarks ? null : Landmarks.of(
                x + 0.3f * size, y + 0.45f * size, x + 0.7f * size, y + 0.45f * size, x + 0.5f * size,
                y + 0.65f * size, x + 0.35f * size, y + 0.85f * size, x + 0.65f * size, y + 0.85f * size);
        return new FaceAnalysis(new Detection(b, 0.9f, lm), HAPPY, false);
    }

    private static Duration t(long i) {
        return Duration.ofMillis(50 * i);
    }

    private static List<TrackedFace> step(FaceTracker tr, long i, FaceAnalysis... faces) {
        return tr.update(i, t(i), FrameSignature.ofSize(640, 480), List.of(faces));
    }

    @Test
    void panAndZoom_keepsEveryIdWhileFacesMoveUpToAFifthOfTheirWidthPerFrame() {
        Random rnd = new Random(7);
        for (boolean landmarks : new boolean[] {true, false}) {
            FaceTracker tr = FaceTracker.withDefaults();
            // Three faces: one panning right fast, one zooming in, one drifting diagonally.
            float[][] f = {{40, 100, 60}, {300, 200, 24}, {450, 60, 40}};
            Set<Integer> ids = new HashSet<>();
            int[] first = null;
            for (int i = 0; i < 40; i++) {
                FaceAnalysis[] faces = new FaceAnalysis[3];
                for (int k = 0; k < 3; k++) {
                    // ±1 px detector jitter
                    faces[k] = face(f[k][0] + rnd.nextFloat() * 2 - 1, f[k][1] + rnd.nextFloat() * 2 - 1, f[k][2],
                            landmarks);
                }
                int[] idsNow = step(tr, i, faces).stream().mapToInt(TrackedFace::trackId).toArray();
                if (first == null) {
                    first = idsNow;
                }
                assertThat(idsNow).as("ids in frame %d (landmarks %s)", i, landmarks).containsExactly(first);
                Arrays.stream(idsNow).forEach(ids::add);
                // speeds as a share of width per frame: 0.2 right, zoom 3 %/frame, 0.2 diagonal
                f[0][0] += 0.2f * f[0][2];
                if (f[0][0] > 560) {
                    f[0][0] = 560; // stops at the edge
                }
                f[1][0] -= 0.015f * f[1][2];
                f[1][2] *= 1.03f;
                f[2][0] -= 0.14f * f[2][2];
                f[2][1] += 0.14f * f[2][2];
            }
            assertThat(ids).hasSize(3).doesNotContain(0);
        }
    }

    @Test
    void newFace_isTentativeUntilMinHits_thenGetsTheNextId_andFirstFrameConfirmsAtOnce() {
        FaceTracker tr = new FaceTracker(TrackerConfig.defaults().withMinHits(3), SmoothingConfig.off());
        assertThat(step(tr, 0, face(10, 10, 50, true)).get(0).trackId()).isEqualTo(1);
        assertThat(step(tr, 1, face(10, 10, 50, true), face(300, 300, 50, true)))
                .extracting(TrackedFace::trackId).containsExactly(1, 0);
        assertThat(step(tr, 2, face(10, 10, 50, true), face(300, 300, 50, true)))
                .extracting(TrackedFace::trackId).containsExactly(1, 0);
        assertThat(step(tr, 3, face(10, 10, 50, true), face(300, 300, 50, true)))
                .extracting(TrackedFace::trackId).containsExactly(1, 2);
    }

    @Test
    void tentativeFalsePositive_diesWithoutUsingAnId() {
        FaceTracker tr = FaceTracker.withDefaults();
        step(tr, 0, face(10, 10, 50, true));
        step(tr, 1, face(10, 10, 50, true), face(400, 300, 30, true)); // a one-frame false positive
        step(tr, 2, face(10, 10, 50, true));
        List<TrackedFace> later = step(tr, 3, face(10, 10, 50, true), face(200, 200, 40, true));
        step(tr, 4, face(10, 10, 50, true), face(200, 200, 40, true));
        assertThat(later.get(1).trackId()).isZero();
        assertThat(tr.summaries()).extracting(TrackSummary::trackId).containsExactly(1, 2);
    }

    @Test
    void confirmedTrack_survivesMissedFramesUpToMaxMissed_thenEnds() {
        FaceTracker tr = new FaceTracker(TrackerConfig.defaults().withMaxMissed(3), SmoothingConfig.off());
        step(tr, 0, face(100, 100, 50, true));
        step(tr, 1, face(105, 100, 50, true));
        // missed in frames 2–4, found again in frame 5 where constant velocity puts it
        assertThat(step(tr, 5, face(125, 100, 50, true)).get(0).trackId()).isEqualTo(1);
        // missed in frames 6–9 (4 > maxMissed): a new track
        assertThat(step(tr, 10, face(150, 100, 50, true)).get(0).trackId()).isZero();
        List<TrackSummary> s = tr.summaries();
        assertThat(s).hasSize(1);
        assertThat(s.get(0).firstFrame()).isZero();
        assertThat(s.get(0).lastFrame()).isEqualTo(5);
        assertThat(s.get(0).frames()).isEqualTo(3);
        assertThat(s.get(0).lastSeen()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.get(0).emotionShare()).containsExactly(Map.entry(Emotion.HAPPY, 1.0));
    }

    @Test
    void neighbouringFacesSwappingNothing_adjacentFacesKeepTheirOwnIds() {
        FaceTracker tr = FaceTracker.withDefaults();
        for (int i = 0; i < 20; i++) {
            // two faces side by side, 4 px apart, both moving right 10 px a frame
            List<TrackedFace> out = step(tr, i, face(100 + 10 * i, 100, 50, true), face(154 + 10 * i, 100, 50, true));
            assertThat(out).extracting(TrackedFace::trackId).containsExactly(1, 2);
        }
    }

    @Test
    void faceThatGrowsTooFastForOneFrame_isANewTrack() {
        FaceTracker tr = FaceTracker.withDefaults();
        step(tr, 0, face(100, 100, 50, true));
        step(tr, 1, face(100, 100, 50, true));
        assertThat(step(tr, 2, face(80, 80, 100, true)).get(0).trackId()).isZero();
    }

    private static FerImage flat(int w, int h, int b, int g, int r) {
        byte[] px = new byte[w * h * 3];
        for (int i = 0; i < px.length; i += 3) {
            px[i] = (byte) b;
            px[i + 1] = (byte) g;
            px[i + 2] = (byte) r;
        }
        return FerImage.of(px, w, h, PixelFormat.BGR);
    }

    @Test
    void sceneCut_endsEveryTrack_evenWhenTheNewFaceIsWhereTheOldOneWas() {
        FaceTracker tr = FaceTracker.withDefaults();
        FerImage red = flat(64, 48, 20, 20, 200);
        FerImage blue = flat(64, 48, 200, 20, 20);
        tr.update(0, t(0), red, List.of(face(10, 10, 20, true)));
        tr.update(1, t(1), red, List.of(face(10, 10, 20, true)));
        List<TrackedFace> after = tr.update(2, t(2), blue, List.of(face(10, 10, 20, true)));
        assertThat(after.get(0).trackId()).as("first frame after a cut confirms at once").isEqualTo(2);
        assertThat(tr.cuts()).isEqualTo(1);
        assertThat(FrameSignature.of(red).distance(FrameSignature.of(blue))).isEqualTo(2.0 / 3.0);
        assertThat(FrameSignature.of(red).distance(FrameSignature.of(red))).isZero();
    }

    @Test
    void frameSizeChange_endsEveryTrack() {
        FaceTracker tr = FaceTracker.withDefaults();
        tr.update(0, t(0), FrameSignature.ofSize(640, 480), List.of(face(10, 10, 20, true)));
        tr.update(1, t(1), FrameSignature.ofSize(640, 480), List.of(face(10, 10, 20, true)));
        assertThat(tr.update(2, t(2), FrameSignature.ofSize(320, 240), List.of(face(10, 10, 20, true))).get(0)
                .trackId()).isEqualTo(2);
        assertThat(tr.cuts()).isEqualTo(1);
    }

    @Test
    void predictedFrames_keepTracks_andCountInSummaries_withoutMovingThem() {
        FaceTracker tr = FaceTracker.withDefaults();
        step(tr, 0, face(100, 100, 50, true));
        step(tr, 1, face(110, 100, 50, true));
        List<Track> tracks = tr.tracksHitLast();
        assertThat(tracks).hasSize(1);
        Detection predicted = tracks.get(0).predict(3);
        assertThat(predicted.box().x1()).isEqualTo(130f);
        assertThat(predicted.landmarks().orElseThrow().get(0).x()).isEqualTo(130f + 0.3f * 50);
        List<TrackedFace> out = tr.updatePredicted(2, t(2), tracks,
                List.of(new FaceAnalysis(tracks.get(0).predict(2), HAPPY, true)));
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.trackId()).isEqualTo(1);
            assertThat(f.detected()).isFalse();
        });
        assertThat(step(tr, 3, face(130, 100, 50, true)).get(0).trackId()).isEqualTo(1);
        assertThat(tr.summaries().get(0).frames()).isEqualTo(4);
    }

    @Test
    void framesOutOfOrder_areRejectedWithASentence() {
        FaceTracker tr = FaceTracker.withDefaults();
        step(tr, 5);
        assertThatThrownBy(() -> step(tr, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Frame indexes must increase: got 5 after 5.");
    }

    @Test
    void config_rejectsOutOfRangeValuesWithASentence() {
        assertThatThrownBy(() -> TrackerConfig.defaults().withMinHits(0))
                .hasMessage("minHits must be at least 1, got 0.");
        assertThatThrownBy(() -> TrackerConfig.defaults().withCutThreshold(2))
                .hasMessage("cutThreshold must be in [0, 1] (0 turns cut detection off), got 2.0.");
    }

    @Test
    void smoothedEmotions_followTheTrack() {
        FaceTracker tr = new FaceTracker(TrackerConfig.defaults(), SmoothingConfig.ema(0.5));
        EmotionScores sad = new EmotionScores(Map.of(Emotion.HAPPY, 0.2f, Emotion.SAD, 0.8f));
        List<FaceAnalysis> seq = new ArrayList<>();
        seq.add(face(10, 10, 50, true));
        seq.add(new FaceAnalysis(face(12, 10, 50, true).detection(), sad, false));
        tr.update(0, t(0), FrameSignature.ofSize(640, 480), List.of(seq.get(0)));
        TrackedFace second = tr.update(1, t(1), FrameSignature.ofSize(640, 480), List.of(seq.get(1))).get(0);
        assertThat(second.face().dominant()).contains(Emotion.SAD);
        assertThat(second.smoothed().orElseThrow().probability(Emotion.HAPPY)).isEqualTo(0.5f);
    }
}
