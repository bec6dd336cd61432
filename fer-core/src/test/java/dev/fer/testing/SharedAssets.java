package dev.fer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates ../shared (models, images, reference outputs) for tests. Tests that need it fail, never skip, when it
 * is missing: the location comes from the {@code fer.shared.dir} system property (set by the parent POM) or the
 * {@code FER_SHARED_DIR} environment variable, falling back to {@code ../shared} and {@code ../../shared}.
 */
public final class SharedAssets {
    private SharedAssets() {
    }

    /**
     * The shared folder.
     *
     * @return an existing directory
     * @throws AssertionError when it cannot be found
     */
    public static Path root() {
        String prop = System.getProperty("fer.shared.dir");
        if (prop == null || prop.isBlank()) {
            prop = System.getenv("FER_SHARED_DIR");
        }
        Path[] candidates = prop != null && !prop.isBlank()
                ? new Path[] {Paths.get(prop)}
                : new Path[] {Paths.get("../shared"), Paths.get("../../shared")};
        for (Path p : candidates) {
            if (Files.isDirectory(p.resolve("models")) && Files.isDirectory(p.resolve("images"))) {
                return p.toAbsolutePath().normalize();
            }
        }
        throw new AssertionError("The shared test assets (models/, images/, reference/) were not found at "
                + java.util.Arrays.toString(candidates) + ". Clone the project beside ../shared or set "
                + "-Dfer.shared.dir=/path/to/shared.");
    }

    /**
     * The mirror folder of real models.
     *
     * @return {@code root()/models}
     */
    public static Path models() {
        return require(root().resolve("models"));
    }

    /**
     * A shared image, for example {@code "single/obama.jpg"}.
     *
     * @param relative path under images/
     * @return the file
     */
    public static Path image(String relative) {
        return require(root().resolve("images").resolve(relative));
    }

    /**
     * A file under reference/.
     *
     * @param relative path under reference/
     * @return the file
     */
    public static Path reference(String relative) {
        return require(root().resolve("reference").resolve(relative));
    }

    /**
     * The shared test video.
     *
     * @return video/faces_640x480.mp4
     */
    public static Path video() {
        return require(root().resolve("video").resolve("faces_640x480.mp4"));
    }

    /**
     * Reads a shared file as UTF-8 text.
     *
     * @param file a file
     * @return its content
     */
    public static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path require(Path p) {
        if (!Files.exists(p)) {
            throw new AssertionError("Shared test asset missing: " + p);
        }
        return p;
    }
}
