package dev.fer.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.InferenceException;
import dev.fer.image.FerImage;
import dev.fer.track.SmoothingConfig;
import dev.fer.track.TrackedFace;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamRunnerTest {
    private SquaresModel.Detector detector;
    private EmotionPipeline pipeline;

    @BeforeEach
    void setUp() {
        detector = new SquaresModel.Detector();
        pipeline = EmotionPipeline.builder().detector(detector).classifier(new SquaresModel.Classifier()).build();
    }

    @AfterEach
    void tearDown() {
        pipeline.close();
        assertThat(streamThreads()).as("threads of the run after close").isEmpty();
    }

    private static List<String> streamThreads() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("fer-stream-") && t.isAlive()) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** Frame i: a red square moving right 2 px a frame, a green one moving down 1 px a frame. */
    private static FerImage moving(int i) {
        return SquaresModel.frame(200, 150, new int[] {10 + 2 * (i % 60), 20, 24, 220, 30},
                new int[] {150, 10 + (i % 60), 30, 30, 200});
    }

    private static Iterator<FerImage> frames(int n) {
        List<FerImage> list = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            list.add(moving(i));
        }
        return list.iterator();
    }

    @Test
    void fourWorkers_deliverEveryFrameInOrder_withStableTrackIds_evenWhenFramesFinishOutOfOrder() {
        Random rnd = new Random(1);
        long[] delays = new long[120];
        for (int i = 0; i < delays.length; i++) {
            delays[i] = rnd.nextInt(3);
        }
        detector.hook = n -> sleep(delays[n % delays.length]);
        StreamRunner runner = StreamRunner.builder(pipeline).workers(4).build();
        List<FrameResult> results = new ArrayList<>();
        StreamReport report = runner.run(FrameSource.ofImages(frames(60), 20), results::add);
        assertThat(results).extracting(FrameResult::index).containsExactlyElementsOf(range(60));
        for (FrameResult r : results) {
            assertThat(r.faces()).hasSize(2);
            // the red square is where frame i put it: results belong to their frames
            TrackedFace red = r.faces().stream().filter(f -> f.face().dominant().orElseThrow() == Emotion.HAPPY)
                    .findFirst().orElseThrow();
            assertThat(red.face().detection().box().x1()).isEqualTo(10 + 2 * r.index());
            assertThat(red.trackId()).isEqualTo(r.faces().get(0) == red ? r.faces().get(0).trackId() : red.trackId());
            assertThat(r.seconds()).isEqualTo(r.index() / 20.0);
            assertThat(r.detected()).isTrue();
        }
        assertThat(results).allSatisfy(r -> assertThat(r.faces()).extracting(TrackedFace::trackId)
                .containsExactlyInAnyOrder(1, 2));
        assertThat(report.stats()).isEqualTo(new StreamStats(60, 60, 0, 0));
        assertThat(report.tracks()).hasSize(2);
        assertThat(report.tracks().get(0).frames()).isEqualTo(60);
        assertThat(report.tracks().get(0).lastSeen()).isEqualTo(Duration.ofNanos(Math.round(59 * 1e9 / 20)));
        assertThat(report.tracks()).extracting(t -> t.dominant().orElseThrow())
                .containsExactlyInAnyOrder(Emotion.HAPPY, Emotion.SAD);
        assertThat(report.tracks().get(0).emotionShare().values().stream().mapToDouble(d -> d).sum()).isEqualTo(1.0);
    }

    @Test
    void latestFrame_dropsStaleFramesAndCountsThem_whileAnalysisIsSlowerThanTheSource() throws Exception {
        CountDownLatch allRead = new CountDownLatch(1);
        CountDownLatch analysing = new CountDownLatch(1);
        detector.hook = n -> {
            if (n == 0) {
                analysing.countDown();
                await(allRead);
            }
        };
        List<FerImage> images = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            images.add(moving(i));
        }
        Iterator<FerImage> it = images.iterator();
        FrameSource source = FrameSource.fromSupplier(() -> {
            if (!it.hasNext()) {
                allRead.countDown();
                return null;
            }
            FerImage next = it.next();
            if (next == images.get(2)) {
                await(analysing); // frame 0 is in analysis before the flood starts
            }
            return next;
        });
        StreamRunner runner = StreamRunner.builder(pipeline).workers(1).policy(FramePolicy.LATEST_FRAME).build();
        assertThat(runner.queueCapacity()).isEqualTo(1);
        List<FrameResult> results = new ArrayList<>();
        StreamReport report = runner.run(source, results::add);
        // frame 0 was in analysis and frame 1 queued when the rest arrived: each new frame replaced the queued one
        assertThat(results).extracting(FrameResult::index).containsExactly(0L, 99L);
        assertThat(report.stats()).isEqualTo(new StreamStats(100, 2, 98, 0));
    }

    @Test
    void everyFrame_dropsNothing_evenWithOneSlowWorker() {
        detector.hook = n -> sleep(1);
        StreamRunner runner = StreamRunner.builder(pipeline).workers(1).queueCapacity(1).build();
        AtomicInteger count = new AtomicInteger();
        StreamReport report = runner.run(FrameSource.ofImages(frames(30), 30), r -> count.incrementAndGet());
        assertThat(count.get()).isEqualTo(30);
        assertThat(report.stats().framesDropped()).isZero();
    }

    @Test
    void closeFromAnotherThread_duringARun_endsTheConsumerAndEveryThread_andStopsReading() throws Exception {
        AtomicLong reads = new AtomicLong();
        FrameSource endless = FrameSource.fromSupplier(() -> moving((int) reads.getAndIncrement()));
        StreamRunner runner = StreamRunner.builder(pipeline).workers(2).build();
        CountDownLatch twenty = new CountDownLatch(20);
        List<Long> seen = Collections.synchronizedList(new ArrayList<>());
        StreamRun run = runner.start(endless);
        try {
            Thread consumer = new Thread(() -> {
                while (run.hasNext()) {
                    seen.add(run.next().index());
                    twenty.countDown();
                }
            });
            consumer.start();
            assertThat(twenty.await(60, TimeUnit.SECONDS)).isTrue();
            run.close();
            assertThat(streamThreads()).isEmpty();
            long readAtClose = reads.get();
            consumer.join(60_000);
            assertThat(consumer.isAlive()).isFalse();
            assertThat(run.hasNext()).isFalse();
            assertThat(reads.get()).as("frames read after close").isEqualTo(readAtClose);
            assertThat(run.isClosed()).isTrue();
        } finally {
            run.close();
        }
        assertThat(seen).isSortedAccordingTo(Long::compare);
        assertThat(seen.size()).isGreaterThanOrEqualTo(20);
    }

    @Test
    void closeFromTheConsumer_midStream_isSafe_andIdempotent() {
        StreamRunner runner = StreamRunner.builder(pipeline).workers(3).build();
        StreamRun run = runner.start(FrameSource.ofImages(frames(500), 25));
        for (int i = 0; i < 5; i++) {
            assertThat(run.next().index()).isEqualTo(i);
        }
        run.close();
        run.close();
        assertThat(run.hasNext()).isFalse();
        assertThat(run.stats().framesRead()).isLessThan(500);
        assertThatThrownBy(run::next).isInstanceOf(java.util.NoSuchElementException.class)
                .hasMessage("The stream has ended (closed).");
    }

    @Test
    void callbackException_stopsTheRunAndSurfacesAsATypedError() {
        StreamRunner runner = StreamRunner.builder(pipeline).workers(2).build();
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> runner.run(FrameSource.ofImages(frames(100), 25), r -> {
            seen.add(r.index());
            if (r.index() == 7) {
                throw new IllegalStateException("disk full");
            }
        })).isInstanceOf(StreamCallbackException.class)
                .hasMessage("The result callback threw IllegalStateException (disk full) on frame 7; the stream was "
                        + "stopped. Handle errors inside the callback to keep the stream running.")
                .hasCauseInstanceOf(IllegalStateException.class)
                .satisfies(e -> assertThat(((StreamCallbackException) e).frameIndex()).isEqualTo(7));
        assertThat(seen).hasSize(8);
    }

    @Test
    void framesOfChangingSize_areAnalysedAtTheirOwnSize_andEndTheTracks() {
        List<FerImage> images = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            images.add(i < 6 ? moving(i) : SquaresModel.frame(120, 90, new int[] {10 + 2 * i, 20, 24, 220, 30}));
        }
        List<FrameResult> results = new ArrayList<>();
        StreamReport report = StreamRunner.builder(pipeline).build()
                .run(FrameSource.ofImages(images.iterator(), 10), results::add);
        assertThat(results).extracting(FrameResult::width).containsExactly(200, 200, 200, 200, 200, 200, 120, 120,
                120, 120, 120, 120);
        assertThat(results.get(6).faces()).singleElement()
                .satisfies(f -> assertThat(f.trackId()).isEqualTo(3));
        assertThat(report.stats().sceneCuts()).isEqualTo(1);
        assertThat(report.tracks()).extracting(t -> t.lastFrame()).containsExactly(5L, 5L, 11L);
    }

    @Test
    void emptySource_givesNoResults_andAnEmptyReport() {
        StreamReport report = StreamRunner.builder(pipeline).build()
                .run(FrameSource.ofImages(Collections.emptyIterator(), 25), r -> {
                    throw new AssertionError("no frames expected");
                });
        assertThat(report.stats()).isEqualTo(new StreamStats(0, 0, 0, 0));
        assertThat(report.tracks()).isEmpty();
    }

    @Test
    void sourceFailure_deliversTheFramesBefore_thenThrowsFrameSourceException() {
        AtomicInteger n = new AtomicInteger();
        FrameSource broken = () -> {
            int i = n.getAndIncrement();
            if (i == 5) {
                throw new IllegalStateException("bad packet");
            }
            return Optional.of(new VideoFrame(moving(i), Duration.ofMillis(40L * i)));
        };
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> StreamRunner.builder(pipeline).workers(2).build().run(broken,
                r -> seen.add(r.index())))
                .isInstanceOf(FrameSourceException.class)
                .hasMessage("Reading frame 5 from the source failed after 5 frames: "
                        + "java.lang.IllegalStateException: bad packet.")
                .satisfies(e -> assertThat(((FrameSourceException) e).framesRead()).isEqualTo(5));
        assertThat(seen).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @Test
    void analysisFailure_deliversTheFramesBefore_thenThrowsInferenceException() {
        detector.hook = n -> {
            if (n == 3) {
                throw new IllegalStateException("GPU lost");
            }
        };
        List<Long> seen = new ArrayList<>();
        assertThatThrownBy(() -> StreamRunner.builder(pipeline).workers(1).build()
                .run(FrameSource.ofImages(frames(20), 25), r -> seen.add(r.index())))
                .isInstanceOf(InferenceException.class)
                .hasMessage("Analysing frame 3 of the stream failed: java.lang.IllegalStateException: GPU lost. "
                        + "The run was stopped.");
        assertThat(seen).containsExactly(0L, 1L, 2L);
    }

    @Test
    void detectEveryK_runsTheDetectorOnKeyframesOnly_andPredictsTheBoxesBetween() {
        List<FrameResult> results = new ArrayList<>();
        StreamRunner.builder(pipeline).workers(3).detectEvery(4).build()
                .run(FrameSource.ofImages(frames(40), 25), results::add);
        assertThat(detector.calls.get()).isEqualTo(10);
        assertThat(results).extracting(FrameResult::index).containsExactlyElementsOf(range(40));
        for (FrameResult r : results) {
            assertThat(r.detected()).isEqualTo(r.index() % 4 == 0);
            assertThat(r.faces()).extracting(TrackedFace::trackId).containsExactlyInAnyOrder(1, 2);
            int redId = results.get(0).faces().stream().filter(f -> f.face().detection().box().x1() == 10)
                    .findFirst().orElseThrow().trackId();
            TrackedFace red = r.faces().stream().filter(f -> f.trackId() == redId).findFirst().orElseThrow();
            if (r.index() >= 4) { // constant velocity is known after the second keyframe
                assertThat(red.face().detection().box().x1()).as("predicted x of frame %d", r.index())
                        .isEqualTo(10 + 2 * r.index());
            }
            assertThat(red.face().dominant()).contains(Emotion.HAPPY);
        }
    }

    @Test
    void smoothingOff_givesTheRawEmotions() {
        List<FrameResult> results = new ArrayList<>();
        StreamRunner.builder(pipeline).smoothing(SmoothingConfig.off()).build()
                .run(FrameSource.ofImages(frames(10), 25), results::add);
        for (FrameResult r : results) {
            for (TrackedFace f : r.faces()) {
                assertThat(f.smoothed()).isEqualTo(f.face().emotions());
                assertThat(f.smoothedDominant()).isEqualTo(f.face().dominant());
            }
        }
    }

    @Test
    void frameQueue_feedsALiveRun_andFramesOfferedAfterCloseAreIgnoredAndCounted() throws Exception {
        FrameQueue queue = new FrameQueue(4);
        StreamRunner runner = StreamRunner.builder(pipeline).workers(2).policy(FramePolicy.LATEST_FRAME).build();
        List<Long> seen = new ArrayList<>();
        try (StreamRun run = runner.start(queue)) {
            Thread camera = new Thread(() -> {
                for (int i = 0; i < 30; i++) {
                    queue.offer(moving(i));
                }
                queue.end();
            });
            camera.start();
            while (run.hasNext()) {
                seen.add(run.next().index());
            }
            camera.join();
            assertThat(run.stats().framesRead() + queue.dropped()).isEqualTo(30);
        }
        assertThat(seen).isNotEmpty().isSortedAccordingTo(Long::compare);
        assertThat(queue.offer(moving(0))).as("offer after end").isFalse();
        queue.close();
        assertThat(queue.offer(moving(1))).as("offer after close").isFalse();
        assertThat(queue.rejected()).isEqualTo(2);
        assertThat(queue.next()).isEmpty();
    }

    @Test
    void closingARun_thatWaitsOnAnIdleFrameQueue_returnsAndEndsItsThreads() {
        FrameQueue queue = new FrameQueue(2);
        StreamRun run = StreamRunner.builder(pipeline).build().start(queue);
        queue.offer(moving(0));
        assertThat(run.next().index()).isZero();
        run.close(); // the reader is blocked in queue.next(): close interrupts it
        assertThat(streamThreads()).isEmpty();
        assertThat(queue.offer(moving(1))).as("the queue itself stays open until closed").isTrue();
        queue.close();
    }

    @Test
    void builder_rejectsOutOfRangeSettingsWithASentence() {
        assertThatThrownBy(() -> StreamRunner.builder(pipeline).workers(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("workers must be between 1 and 64, got 0.");
        assertThatThrownBy(() -> StreamRunner.builder(pipeline).detectEvery(0).build())
                .hasMessage("detectEvery must be at least 1 (1: detect on every frame), got 0.");
    }

    private static List<Long> range(int n) {
        List<Long> l = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
