package dev.fer.bench;

import dev.fer.image.FerImage;
import dev.fer.image.Images;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Image decoding from encoded bytes in memory into 8-bit BGR pixels: {@code fer} is {@link Images#decode(byte[])}
 * (javax.imageio underneath, pixels identical to OpenCV's on these files: {@code SharedImageParityTest}),
 * {@code opencv} is {@code cv::imdecode(IMREAD_COLOR)} into a reused Mat. Both run on the calling thread.
 * The shared photos cover a baseline JPEG of 1 MP, larger JPEGs and a PNG.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(2)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ImageDecodeBenchmark {
    /** A shared image, relative to {@code images/}. */
    @Param({"single/obama.jpg", "multi/pexels_group_meeting.jpeg", "multi/two_people.jpg", "single/astronaut.png"})
    public String image;

    byte[] data;
    Mat encoded;
    Mat decoded;

    /** Reads the file once; the benchmarks decode the bytes in memory. */
    @Setup(Level.Trial)
    public void setup() {
        try {
            data = Files.readAllBytes(Assets.sharedDir().resolve("images").resolve(image));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        encoded = new Mat(1, data.length, opencv_core.CV_8U);
        encoded.data().put(data, 0, data.length);
        decoded = new Mat();
    }

    /** Frees the native memory. */
    @TearDown(Level.Trial)
    public void tearDown() {
        encoded.close();
        decoded.close();
    }

    /**
     * fer-java: {@code Images.decode}.
     *
     * @return the pixels
     */
    @Benchmark
    public FerImage fer() {
        return Images.decode(data);
    }

    /**
     * OpenCV: {@code imdecode(IMREAD_COLOR)}.
     *
     * @return the pixels
     */
    @Benchmark
    public Mat opencv() {
        opencv_imgcodecs.imdecode(encoded, opencv_imgcodecs.IMREAD_COLOR, decoded);
        return decoded;
    }
}
