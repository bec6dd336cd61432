package dev.fer.onnx;

import static dev.fer.onnx.LoneCallTuner.Choice.NARROW;
import static dev.fer.onnx.LoneCallTuner.Choice.TRY_NARROW;
import static dev.fer.onnx.LoneCallTuner.Choice.TRY_WIDE;
import static dev.fer.onnx.LoneCallTuner.Choice.WIDE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The lone-call trial of the adaptive-threads rule, driven with made-up times. */
class LoneCallTunerTest {

    /** Runs a whole trial for one shape, the wide side taking {@code wide} ns and the narrow side {@code narrow}. */
    private static List<LoneCallTuner.Choice> trial(LoneCallTuner t, long key, long wide, long narrow) {
        List<LoneCallTuner.Choice> seen = new ArrayList<>();
        for (int i = 0; i < 100 && t.decision(key) == null; i++) {
            LoneCallTuner.Choice c = t.next(key);
            seen.add(c);
            if (c.timed()) {
                t.record(key, c.narrow(), c.narrow() ? narrow : wide);
            }
        }
        return seen;
    }

    @Test
    void trial_startsWide_thenAlternatesWarmUpAndTimedCalls() {
        LoneCallTuner t = new LoneCallTuner();
        List<LoneCallTuner.Choice> seen = trial(t, 1, 100, 200);
        int start = LoneCallTuner.START;
        assertThat(seen.subList(0, start)).containsOnly(WIDE);
        assertThat(seen.subList(start, start + 2 * LoneCallTuner.WARMUP)).containsExactly(WIDE, NARROW, WIDE, NARROW);
        List<LoneCallTuner.Choice> timed = seen.subList(start + 2 * LoneCallTuner.WARMUP, seen.size());
        assertThat(timed).hasSize(2 * LoneCallTuner.TIMED);
        for (int i = 0; i < timed.size(); i++) {
            assertThat(timed.get(i)).isEqualTo(i % 2 == 0 ? TRY_WIDE : TRY_NARROW);
        }
        assertThat(t.decision(1)).isEqualTo(WIDE);
        assertThat(t.medians(1)).containsExactly(100, 200);
        assertThat(t.next(1)).isEqualTo(WIDE);
    }

    @Test
    void decision_prefersOneThreadUnlessManyAreAtLeastFivePercentFaster() {
        LoneCallTuner t = new LoneCallTuner();
        trial(t, 1, 1000, 800);
        assertThat(t.decision(1)).as("one thread faster").isEqualTo(NARROW);
        assertThat(t.next(1)).isEqualTo(NARROW);
        trial(t, 2, 1000, 1000);
        assertThat(t.decision(2)).as("equal").isEqualTo(NARROW);
        trial(t, 3, 960, 1000);
        assertThat(t.decision(3)).as("4 % faster").isEqualTo(NARROW);
        trial(t, 4, 940, 1000);
        assertThat(t.decision(4)).as("6 % faster").isEqualTo(WIDE);
    }

    @Test
    void decision_usesTheMedian_soOneSlowCallDoesNotDecide() {
        LoneCallTuner t = new LoneCallTuner();
        for (int i = 0; i < LoneCallTuner.START + 2 * LoneCallTuner.WARMUP; i++) {
            t.next(7);
        }
        for (int i = 0; i < LoneCallTuner.TIMED; i++) {
            assertThat(t.next(7)).isEqualTo(TRY_WIDE);
            t.record(7, false, i == 0 ? 50 : 1000);        // one outlier, fast
            assertThat(t.next(7)).isEqualTo(TRY_NARROW);
            t.record(7, true, i == 1 ? 100_000 : 900);      // one outlier, slow
        }
        assertThat(t.decision(7)).isEqualTo(NARROW);
        assertThat(t.medians(7)).containsExactly(1000, 900);
    }

    @Test
    void untimedOrLateRecords_areIgnored_andAnUnrecordedTryIsRepeated() {
        LoneCallTuner t = new LoneCallTuner();
        assertThat(t.record(5, false, 1)).isNull();                  // before the trial
        for (int i = 0; i < LoneCallTuner.START + 2 * LoneCallTuner.WARMUP; i++) {
            t.next(5);
        }
        assertThat(t.next(5)).isEqualTo(TRY_WIDE);
        // The call overlapped with another and was not recorded: the same side is tried again.
        assertThat(t.next(5)).isEqualTo(TRY_WIDE);
        trial(t, 5, 10, 20);
        assertThat(t.decision(5)).isEqualTo(WIDE);
        assertThat(t.record(5, true, 1)).isNull();                   // after the decision
        assertThat(t.decision(5)).isEqualTo(WIDE);
    }

    @Test
    void shapesBeyondTheTable_shareOneDecision() {
        LoneCallTuner t = new LoneCallTuner();
        for (long key = 0; key < LoneCallTuner.SHAPES; key++) {
            trial(t, key, 100, key % 2 == 0 ? 50 : 500);
            assertThat(t.decision(key)).isEqualTo(key % 2 == 0 ? NARROW : WIDE);
        }
        trial(t, 100, 100, 50);
        assertThat(t.decision(100)).isEqualTo(NARROW);
        assertThat(t.decision(101)).as("another shape beyond the table").isEqualTo(NARROW);
        assertThat(t.decision(1)).as("a shape in the table keeps its own").isEqualTo(WIDE);
    }

    @Test
    void key_dependsOnEveryDimension() {
        long a = LoneCallTuner.key(InputTensor.of(new float[3 * 256 * 320], 1, 3, 256, 320));
        long b = LoneCallTuner.key(InputTensor.of(new float[3 * 320 * 256], 1, 3, 320, 256));
        long c = LoneCallTuner.key(InputTensor.of(new float[3 * 256 * 320], 1, 3, 256, 320));
        assertThat(a).isNotEqualTo(b).isEqualTo(c);
    }
}
