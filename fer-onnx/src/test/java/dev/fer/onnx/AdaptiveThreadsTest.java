package dev.fer.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The adaptive-threads rule of {@link ExecutionOptions.Builder#adaptiveThreads(boolean)}: a lone caller opens the
 * single-threaded twin session only to measure which session is faster after its first calls; overlapping callers
 * run on the twin; the outputs are the same either way.
 */
class AdaptiveThreadsTest {
    private static final int K = 64;
    private static final int M = 16;

    private static OnnxSession open(boolean adaptive) {
        ExecutionOptions exec = ExecutionOptions.builder().intraOpThreads(2).adaptiveThreads(adaptive).build();
        return OnnxSession.open(TestModels.dense(K, M), dev.fer.model.ModelContract.ANY, exec, "dense");
    }

    private static float[] run(OnnxSession s, float[] x) {
        return s.runToArray(Map.of(s.inputNames().get(0), InputTensor.of(x, 1, K)), s.outputNames().get(0));
    }

    @Test
    void loneCaller_tunesAfterItsFirstCalls_withTheSameOutputsOnBothSessions() {
        try (OnnxSession s = open(true)) {
            float[] x = TestModels.pattern(K, 0.5f);
            InputTensor in = InputTensor.of(x, 1, K);
            for (int i = 0; i < LoneCallTuner.START; i++) {
                assertThat(run(s, x)).containsExactly(TestModels.denseReference(x, K, M), within(1e-6f));
            }
            // A program that makes a few calls never pays for the second session.
            assertThat(s.twinOpened()).isFalse();
            assertThat(s.loneCallsNarrow(in)).isNull();
            for (int i = 0; i < 2 * (LoneCallTuner.WARMUP + LoneCallTuner.TIMED); i++) {
                assertThat(run(s, x)).containsExactly(TestModels.denseReference(x, K, M), within(1e-6f));
            }
            assertThat(s.twinOpened()).isTrue();
            assertThat(s.loneCallsNarrow(in)).as("decided after the trial").isNotNull();
            // Another shape of the same model has a trial of its own.
            assertThat(s.loneCallsNarrow(InputTensor.of(new float[2 * K], 2, K))).isNull();
            for (int i = 0; i < 5; i++) {
                assertThat(run(s, x)).containsExactly(TestModels.denseReference(x, K, M), within(1e-6f));
            }
        }
    }

    @Test
    void overlappingCallers_runOnTheTwinWithTheSameOutputs() throws Exception {
        assertThat(overlap(true)).isTrue();
    }

    @Test
    void adaptiveOff_keepsOneSessionUnderOverlap() throws Exception {
        assertThat(overlap(false)).isFalse();
    }

    /**
     * Four callers whose output readers wait for each other, so their runs certainly overlap (the model is too small
     * for timing to guarantee it); returns whether the twin was opened.
     */
    private static boolean overlap(boolean adaptive) throws Exception {
        float[] x = TestModels.pattern(K, 0.25f);
        float[] expected = TestModels.denseReference(x, K, M);
        int callers = 4;
        CyclicBarrier insideRun = new CyclicBarrier(callers);
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try (OnnxSession s = open(adaptive)) {
            List<Future<Void>> done = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        float[] y = s.run(Map.of(s.inputNames().get(0), InputTensor.of(x, 1, K)), out -> {
                            float[] a = new float[M];
                            out.floats(s.outputNames().get(0)).get(a);
                            try {
                                insideRun.await(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                throw new IllegalStateException("the callers did not meet inside run", e);
                            }
                            return a;
                        });
                        assertThat(y).containsExactly(expected, within(1e-6f));
                    }
                    return null;
                }));
            }
            for (Future<Void> f : done) {
                f.get();
            }
            return s.twinOpened();
        } finally {
            pool.shutdownNow();
        }
    }
}
