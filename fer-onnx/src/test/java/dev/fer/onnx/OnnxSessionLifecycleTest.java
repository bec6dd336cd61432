package dev.fer.onnx;

import static dev.fer.onnx.TestModels.X;
import static dev.fer.onnx.TestModels.Y;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.fer.model.ModelContract;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnnxSessionLifecycleTest {
    private static final int K = 512;
    private static final int M = 64;

    private static OnnxSession dense() {
        return OnnxSession.open(TestModels.dense(K, M), ModelContract.ANY, ExecutionOptions.defaults(), "dense");
    }

    private static float[] input(int seed) {
        float[] x = new float[K];
        for (int i = 0; i < K; i++) {
            x[i] = ((i * 13 + seed * 7) % 29 - 14) * 0.05f;
        }
        return x;
    }

    @Test
    void close_twiceIsFine() {
        OnnxSession s = OnnxSession.open(TestModels.affine(), ModelContract.ANY, ExecutionOptions.defaults(), "aff");
        s.close();
        assertThatCode(s::close).doesNotThrowAnyException();
        assertThat(s.isClosed()).isTrue();
        assertThat(s.provenance().provider()).as("provenance survives close").isEqualTo("CPU");
    }

    @Test
    void run_afterCloseThrowsIllegalStateException() {
        OnnxSession s = OnnxSession.open(TestModels.affine(), ModelContract.ANY, ExecutionOptions.defaults(), "aff");
        s.close();
        assertThatThrownBy(() -> s.runToArray(Map.of("x", InputTensor.of(X, 1, 4)), "y"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("OnnxSession aff is closed");
    }

    @Test
    void close_waitsForTheCallInFlight() throws Exception {
        OnnxSession s = OnnxSession.open(TestModels.affine(), ModelContract.ANY, ExecutionOptions.defaults(), "aff");
        CountDownLatch inReader = new CountDownLatch(1);
        AtomicBoolean readerFinished = new AtomicBoolean();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Float> call = pool.submit(() -> s.run("x", InputTensor.of(X, 1, 4), out -> {
                inReader.countDown();
                sleep(300);
                float v = out.floats("y").get(0);
                readerFinished.set(true);
                return v;
            }));
            assertThat(inReader.await(10, TimeUnit.SECONDS)).isTrue();

            s.close();

            assertThat(readerFinished).as("close returned only after the running call finished").isTrue();
            assertThat(call.get()).isEqualTo(Y[0]);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @SuppressWarnings("try") // closes the session inside its own try-with-resources on purpose
    void close_fromInsideAReaderIsRefused() {
        try (OnnxSession s = OnnxSession.open(TestModels.affine(), ModelContract.ANY, ExecutionOptions.defaults(),
                "aff")) {
            assertThatThrownBy(() -> s.run("x", InputTensor.of(X, 1, 4), out -> {
                s.close();
                return null;
            })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside one of its own OutputReaders");
            assertThat(s.isClosed()).isFalse();
        }
    }

    @Test
    void close_whileEightThreadsRunNeverCrashesAndEveryCallCompletesOrIsRefused() throws Exception {
        OnnxSession s = dense();
        float[] x = input(1);
        float[] expected = TestModels.denseReference(x, K, M);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch started = new CountDownLatch(threads);
        AtomicInteger completed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    started.countDown();
                    while (true) {
                        try {
                            float[] y = s.runToArray(Map.of("x", InputTensor.of(x, 1, K)), "y");
                            for (int j = 0; j < M; j++) {
                                assertThat(y[j]).isCloseTo(expected[j], within(1e-4f));
                            }
                            completed.incrementAndGet();
                        } catch (IllegalStateException e) {
                            assertThat(e).hasMessage("OnnxSession dense is closed");
                            refused.incrementAndGet();
                            return null;
                        }
                    }
                }));
            }
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            while (completed.get() < 50) {
                Thread.sleep(5);
            }

            s.close();

            for (Future<?> f : futures) {
                f.get(30, TimeUnit.SECONDS);
            }
            assertThat(refused).hasValue(threads);
            assertThat(completed.get()).isGreaterThanOrEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void run_sixteenThreadsGiveTheSameResultsAsOneThread() throws Exception {
        int threads = 16;
        int inputs = 8;
        try (OnnxSession s = dense()) {
            float[][] single = new float[inputs][];
            for (int i = 0; i < inputs; i++) {
                single[i] = s.runToArray(Map.of("x", InputTensor.of(input(i), 1, K)), "y");
                assertThat(single[i]).containsExactly(TestModels.denseReference(input(i), K, M), within(1e-4f));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Integer>> futures = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int seed = t;
                    futures.add(pool.submit(() -> {
                        int checked = 0;
                        for (int r = 0; r < 25; r++) {
                            int i = (seed + r) % inputs;
                            float[] y = s.run("x", InputTensor.of(TestModels.direct(input(i)), 1, K),
                                    out -> {
                                        float[] a = new float[M];
                                        out.floats("y").get(a);
                                        return a;
                                    });
                            assertThat(y).containsExactly(single[i]);
                            checked++;
                        }
                        return checked;
                    }));
                }
                int total = 0;
                for (Future<Integer> f : futures) {
                    total += f.get(30, TimeUnit.SECONDS);
                }
                assertThat(total).isEqualTo(threads * 25);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
