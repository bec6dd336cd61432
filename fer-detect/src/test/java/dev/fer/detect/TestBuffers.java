package dev.fer.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.fer.geometry.BoundingBox;
import dev.fer.geometry.Landmarks;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Optional;

/** Direct native-order buffers, like ONNX Runtime's output views, and assertion helpers. */
final class TestBuffers {
    static final float EPS = 1e-4f;

    private TestBuffers() {
    }

    /** A direct buffer holding the values, position 0, limit = capacity = length. */
    static FloatBuffer direct(float[] values) {
        FloatBuffer b = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        b.put(values);
        b.rewind();
        return b;
    }

    static void assertBox(BoundingBox box, float x1, float y1, float x2, float y2) {
        assertThat(box.x1()).as("x1").isCloseTo(x1, within(EPS));
        assertThat(box.y1()).as("y1").isCloseTo(y1, within(EPS));
        assertThat(box.x2()).as("x2").isCloseTo(x2, within(EPS));
        assertThat(box.y2()).as("y2").isCloseTo(y2, within(EPS));
    }

    static void assertLandmarks(Landmarks lm, float... xy) {
        assertThat(lm).isNotNull();
        for (int k = 0; k < Landmarks.COUNT; k++) {
            assertThat(lm.get(k).x()).as("landmark %d x", k).isCloseTo(xy[2 * k], within(EPS));
            assertThat(lm.get(k).y()).as("landmark %d y", k).isCloseTo(xy[2 * k + 1], within(EPS));
        }
    }

    static void assertLandmarks(Optional<Landmarks> lm, float... xy) {
        assertThat(lm).isPresent();
        assertLandmarks(lm.get(), xy);
    }

    static FaceCandidate candidate(float x1, float y1, float x2, float y2, float score) {
        return new FaceCandidate(new BoundingBox(x1, y1, x2, y2), score, null);
    }
}
