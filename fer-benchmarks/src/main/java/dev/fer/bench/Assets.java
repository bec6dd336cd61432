package dev.fer.bench;

import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.model.ModelRepository;
import dev.fer.onnx.DetectorOptions;
import dev.fer.onnx.OnnxFaceDetector;
import dev.fer.result.Detection;
import java.util.List;
import dev.fer.preprocess.IntRect;
import dev.fer.preprocess.Crop;
import dev.fer.preprocess.Resize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;

/**
 * The shared models and images the benchmarks run on. The shared folder comes from the {@code fer.shared.dir}
 * system property, the {@code FER_SHARED_DIR} environment variable, or {@code ../shared} / {@code shared} /
 * {@code ../../shared} relative to the working directory. Models are resolved by catalog id from its
 * {@code models/} folder as an offline mirror, so every file is checked against its SHA-256 like in production.
 * Thread-safe.
 */
public final class Assets {
    /** The single-face frame: a 4:3 crop of the top of {@code single/obama.jpg}, resized to 640×480. */
    public static final String SINGLE = "single";
    /** The five-face group photo {@code multi/pexels_group_meeting.jpeg}, 1280×853. */
    public static final String GROUP = "group";

    private static volatile ModelRepository repository;

    private Assets() {
    }

    /**
     * The shared folder.
     *
     * @return an existing directory with {@code models/} and {@code images/}
     * @throws IllegalStateException when it cannot be found
     */
    public static Path sharedDir() {
        String prop = System.getProperty("fer.shared.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("FER_SHARED_DIR");
        }
        Path[] candidates = prop != null && !prop.isBlank()
                ? new Path[] {Paths.get(prop)}
                : new Path[] {Paths.get("../shared"), Paths.get("shared"), Paths.get("../../shared")};
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("models")) && Files.isDirectory(p.resolve("images"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("The shared models and images were not found at "
                + Arrays.toString(candidates) + " (working directory " + Paths.get("").toAbsolutePath()
                + "). Run from the repository root next to ../shared, or pass -Dfer.shared.dir=/path/to/shared.");
    }

    /**
     * An offline repository with {@code shared/models} as its mirror and a cache under the temp directory.
     *
     * @return the repository
     */
    public static ModelRepository repository() {
        ModelRepository r = repository;
        if (r == null) {
            synchronized (Assets.class) {
                r = repository;
                if (r == null) {
                    Path home = Paths.get(System.getProperty("java.io.tmpdir"), "fer-bench-home-"
                            + System.getProperty("user.name", "user"));
                    r = ModelRepository.builder().home(home).mirror(sharedDir().resolve("models").toString())
                            .offline(true).build();
                    repository = r;
                }
            }
        }
        return r;
    }

    /**
     * The verified local file of a catalog model.
     *
     * @param id catalog id
     * @return the file
     */
    public static Path model(String id) {
        return repository().resolve(id).path();
    }

    /**
     * A benchmark image by name.
     *
     * @param name {@link #SINGLE} or {@link #GROUP}
     * @return the image, BGR
     */
    public static FerImage image(String name) {
        return switch (name) {
            case SINGLE -> singleFaceFrame();
            case GROUP -> Images.read(sharedDir().resolve("images/multi/pexels_group_meeting.jpeg"));
            default -> throw new IllegalArgumentException("Unknown benchmark image '" + name + "'; use "
                    + SINGLE + " or " + GROUP + ".");
        };
    }

    /** Score threshold of YuNet in the benchmarked pipeline (0.9 misses faces in the group photo). */
    public static final float YUNET_SCORE = 0.6f;

    /**
     * The faces YuNet (yunet-2023mar, score 0.6) finds in an image, by descending score: the inputs of the
     * face-level benchmarks.
     *
     * @param image the image
     * @return the detections in image pixels
     */
    public static List<Detection> faces(FerImage image) {
        try (OnnxFaceDetector d = OnnxFaceDetector.create("yunet-2023mar", DetectorOptions.builder()
                .repository(repository()).scoreThreshold(YUNET_SCORE).build())) {
            return d.detect(image);
        }
    }

    /**
     * A 640×480 BGR frame with one face: the top 4:3 part of the 910×1137 Obama portrait, resized.
     *
     * @return the frame
     */
    public static FerImage singleFaceFrame() {
        FerImage portrait = Images.read(sharedDir().resolve("images/single/obama.jpg"));
        int w = portrait.width();
        int h = w * 3 / 4;
        FerImage top = Crop.crop(portrait, new IntRect(0, 0, w, h));
        return Resize.bilinear(top, 640, 480);
    }
}
