package dev.fer.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.Emotion;
import dev.fer.result.EmotionScores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmotionSmootherTest {
    private static EmotionScores scores(float happy, float sad, float neutral) {
        return new EmotionScores(Map.of(Emotion.HAPPY, happy, Emotion.SAD, sad, Emotion.NEUTRAL, neutral));
    }

    /** Raw dominant alternates happy / sad every frame (0.55 vs 0.35, then 0.35 vs 0.55). */
    private static List<EmotionScores> alternating(int n) {
        List<EmotionScores> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i % 2 == 0 ? scores(0.55f, 0.35f, 0.10f) : scores(0.35f, 0.55f, 0.10f));
        }
        return out;
    }

    private static int changes(List<Emotion> dominants) {
        int c = 0;
        for (int i = 1; i < dominants.size(); i++) {
            if (dominants.get(i) != dominants.get(i - 1)) {
                c++;
            }
        }
        return c;
    }

    @Test
    void alternatingRawDominant_changesSmoothedDominantAtMostOnce_withDefaultEmaAndWithAWindow() {
        for (SmoothingConfig config : List.of(SmoothingConfig.defaults(), SmoothingConfig.window(5),
                SmoothingConfig.ema(0.2))) {
            EmotionSmoother s = new EmotionSmoother(config);
            List<Emotion> raw = new ArrayList<>();
            List<Emotion> smooth = new ArrayList<>();
            for (EmotionScores e : alternating(60)) {
                raw.add(e.dominant());
                s.update(e);
                smooth.add(s.dominant().orElseThrow());
            }
            assertThat(changes(raw)).isEqualTo(59);
            assertThat(changes(smooth)).as("smoothed dominant changes with %s", config).isLessThanOrEqualTo(1);
        }
    }

    @Test
    void off_returnsTheRawScores() {
        EmotionSmoother s = new EmotionSmoother(SmoothingConfig.off());
        for (EmotionScores e : alternating(10)) {
            assertThat(s.update(e)).isSameAs(e);
            assertThat(s.dominant()).contains(e.dominant());
        }
        assertThat(s.frames()).isEqualTo(10);
    }

    @Test
    void realChangeOfEmotion_switchesTheSmoothedDominantOnce() {
        EmotionSmoother s = new EmotionSmoother(SmoothingConfig.defaults());
        List<Emotion> smooth = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            s.update(i < 15 ? scores(0.8f, 0.1f, 0.1f) : scores(0.1f, 0.8f, 0.1f));
            smooth.add(s.dominant().orElseThrow());
        }
        assertThat(changes(smooth)).isEqualTo(1);
        assertThat(smooth.get(29)).isEqualTo(Emotion.SAD);
    }

    @Test
    void ema_matchesHandComputedValues() {
        EmotionSmoother s = new EmotionSmoother(SmoothingConfig.ema(0.25));
        s.update(scores(1f, 0f, 0f));
        EmotionScores second = s.update(scores(0f, 1f, 0f));
        // 0.25 * new + 0.75 * old
        assertThat(second.probability(Emotion.HAPPY)).isCloseTo(0.75f, within(1e-6f));
        assertThat(second.probability(Emotion.SAD)).isCloseTo(0.25f, within(1e-6f));
        EmotionScores third = s.update(scores(0f, 1f, 0f));
        assertThat(third.probability(Emotion.HAPPY)).isCloseTo(0.5625f, within(1e-6f));
        assertThat(third.supported()).containsExactlyInAnyOrder(Emotion.HAPPY, Emotion.SAD, Emotion.NEUTRAL);
    }

    @Test
    void window_averagesTheLastFrames() {
        EmotionSmoother s = new EmotionSmoother(SmoothingConfig.window(2));
        s.update(scores(1f, 0f, 0f));
        s.update(scores(0f, 1f, 0f));
        EmotionScores third = s.update(scores(0f, 0f, 1f));
        assertThat(third.probability(Emotion.HAPPY)).isCloseTo(0f, within(1e-6f));
        assertThat(third.probability(Emotion.SAD)).isCloseTo(0.5f, within(1e-6f));
        assertThat(third.probability(Emotion.NEUTRAL)).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void parse_acceptsOffAlphaAndWindow_andRejectsNonsenseWithASentence() {
        assertThat(SmoothingConfig.parse("off")).isEqualTo(SmoothingConfig.off());
        assertThat(SmoothingConfig.parse("0.5")).isEqualTo(SmoothingConfig.ema(0.5));
        assertThat(SmoothingConfig.parse("window:7")).isEqualTo(SmoothingConfig.window(7));
        assertThatThrownBy(() -> SmoothingConfig.parse("fast")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Smoothing must be 'off', an EMA weight in (0, 1] such as 0.3, or 'window:N', got "
                        + "'fast'.");
        assertThatThrownBy(() -> SmoothingConfig.parse("1.5")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Smoothing alpha must be in (0, 1], got 1.5.");
    }
}
