package dev.fer.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SsdPriorsTest {
    private static final float EPS = 1e-7f;

    private static void assertPrior(SsdPriors p, int i, double cx, double cy, double w, double h) {
        assertThat(p.cx(i)).as("cx of prior %d", i).isCloseTo((float) cx, within(EPS));
        assertThat(p.cy(i)).as("cy of prior %d", i).isCloseTo((float) cy, within(EPS));
        assertThat(p.width(i)).as("w of prior %d", i).isCloseTo((float) w, within(EPS));
        assertThat(p.height(i)).as("h of prior %d", i).isCloseTo((float) h, within(EPS));
    }

    @Test
    void ultraFace320x240_has4420Priors() {
        // 40x30x3 + 20x15x2 + 10x8x2 + 5x4x3 = 3600 + 600 + 160 + 60
        assertThat(SsdPriors.ultraFace(320, 240).count()).isEqualTo(4420);
    }

    @Test
    void ultraFace640x480_has17640Priors() {
        // 80x60x3 + 40x30x2 + 20x15x2 + 10x8x3 = 14400 + 2400 + 600 + 240
        assertThat(SsdPriors.ultraFace(640, 480).count()).isEqualTo(17640);
    }

    @Test
    void ultraFace_firstLevelPriorsAreOrderedByRowColumnMinBox() {
        SsdPriors p = SsdPriors.ultraFace(320, 240);
        assertPrior(p, 0, 0.5 / 40, 0.5 / 30, 10 / 320.0, 10 / 240.0);
        assertPrior(p, 1, 0.5 / 40, 0.5 / 30, 16 / 320.0, 16 / 240.0);
        assertPrior(p, 2, 0.5 / 40, 0.5 / 30, 24 / 320.0, 24 / 240.0);
        assertPrior(p, 3, 1.5 / 40, 0.5 / 30, 10 / 320.0, 10 / 240.0);
        // row 1, column 0 starts after the 40 cells of row 0
        assertPrior(p, 120, 0.5 / 40, 1.5 / 30, 10 / 320.0, 10 / 240.0);
    }

    @Test
    void ultraFace_20x15MapPriorIsExact() {
        // level 1 starts at 3600; row 14, column 19, min box 48: 3600 + (14*20 + 19)*2 + 1
        assertPrior(SsdPriors.ultraFace(320, 240), 4199, 19.5 / 20, 14.5 / 15, 0.15, 0.2);
    }

    @Test
    void ultraFace_10x8MapCentresUseFeatureMapSizeNotStride() {
        SsdPriors p = SsdPriors.ultraFace(320, 240);
        // level 2 starts at 4200; row 7, column 9, min box 96: 4200 + (7*10 + 9)*2 + 1 = 4359
        assertPrior(p, 4359, 9.5 / 10, 7.5 / 8, 96 / 320.0, 96 / 240.0);
        // the wrong formula (j + 0.5) * stride / height would give 7.5 * 32 / 240 = 1.0
        assertThat(p.cy(4359)).isEqualTo(0.9375f);
        assertPrior(p, 4200, 0.05, 0.0625, 64 / 320.0, 64 / 240.0);
    }

    @Test
    void ultraFace_5x4MapPriorIsClampedToOne() {
        SsdPriors p = SsdPriors.ultraFace(320, 240);
        // the last prior: level 3 (from 4360), row 3, column 4, min box 256; 256/240 > 1 is clamped
        assertPrior(p, 4419, 4.5 / 5, 3.5 / 4, 0.8, 1.0);
    }

    @Test
    void retinaFace640_has16800Priors() {
        // 80x80x2 + 40x40x2 + 20x20x2
        assertThat(SsdPriors.retinaFace(640, 640).count()).isEqualTo(16800);
    }

    @Test
    void retinaFace_priorsUseStepCentresAndAreNotClamped() {
        SsdPriors p = SsdPriors.retinaFace(640, 640);
        assertPrior(p, 0, 4 / 640.0, 4 / 640.0, 16 / 640.0, 16 / 640.0);
        assertPrior(p, 1, 4 / 640.0, 4 / 640.0, 32 / 640.0, 32 / 640.0);
        assertPrior(p, 2, 12 / 640.0, 4 / 640.0, 16 / 640.0, 16 / 640.0);
        assertPrior(p, 160, 4 / 640.0, 12 / 640.0, 16 / 640.0, 16 / 640.0);
        assertPrior(p, 12800, 8 / 640.0, 8 / 640.0, 64 / 640.0, 64 / 640.0);
        // row 10, column 20 of the 40x40 map, min size 128
        assertPrior(p, 12800 + (10 * 40 + 20) * 2 + 1, 20.5 * 16 / 640, 10.5 * 16 / 640, 0.2, 0.2);
        assertPrior(p, 16799, 19.5 * 32 / 640, 19.5 * 32 / 640, 0.8, 0.8);
    }

    @Test
    void priors_areComputedOnceAndCached() {
        assertThat(SsdPriors.ultraFace(320, 240)).isSameAs(SsdPriors.ultraFace(320, 240));
        assertThat(SsdPriors.retinaFace(640, 640)).isSameAs(SsdPriors.retinaFace(640, 640));
        assertThat(SsdPriors.ultraFace(640, 640)).isNotSameAs(SsdPriors.retinaFace(640, 640));
    }

    @Test
    void toArray_returnsACopy() {
        SsdPriors p = SsdPriors.ultraFace(320, 240);
        float[] a = p.toArray();
        assertThat(a).hasSize(4 * 4420);
        a[0] = 42f;
        assertThat(p.cx(0)).isEqualTo(0.0125f);
    }

    @Test
    void priors_rejectNonPositiveSizeAndBadIndex() {
        assertThatThrownBy(() -> SsdPriors.ultraFace(0, 240)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Prior input size must be positive, got 0x240.");
        assertThatThrownBy(() -> SsdPriors.ultraFace(320, 240).cx(4420))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("[0, 4420)");
    }
}
