package dev.fer.examples.cli;

import dev.fer.image.Images;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;

/**
 * Checks that keep a command from destroying a user's file: an output path is refused when, after resolving
 * symbolic links (and hard links, through {@link Files#isSameFile}), it is one of the inputs, or an image file inside
 * an input folder that the command reads. Use it for every output option before anything is written:
 *
 * <pre>{@code
 * OutputPaths.requireNotInput("--out", outVideo, List.of(inputVideo));
 * }</pre>
 *
 * <p>Stateless and thread-safe.
 */
public final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Refuses an output that would overwrite an input.
     *
     * @param option the option that names the output, for example {@code --csv}; used in the message
     * @param output the output path as given
     * @param inputs the input files and folders of the command; for a folder, the image files under it count
     * @throws UsageException when the output is an input, or an existing image file under an input folder
     */
    public static void requireNotInput(String option, Path output, Collection<Path> inputs) {
        Optional<Path> clash = clash(output, inputs);
        if (clash.isPresent()) {
            Path in = clash.get();
            throw new UsageException(option + " " + output + (Files.isDirectory(in)
                    ? " is an image inside the input folder " + in : " is the input " + in
                            + (in.toString().equals(output.toString()) ? "" : " (after resolving links)"))
                    + "; writing it would destroy the input. Name another output file.");
        }
    }

    /**
     * The input an output would overwrite, if any.
     *
     * @param output the output path
     * @param inputs input files and folders
     * @return the input it clashes with, or empty
     */
    public static Optional<Path> clash(Path output, Collection<Path> inputs) {
        if (!Files.exists(output)) {
            // Nothing there yet (following links): it cannot be an input.
            return Optional.empty();
        }
        Path real = realPath(output);
        for (Path in : inputs) {
            if (!Files.exists(in)) {
                continue;
            }
            if (Files.isDirectory(in)) {
                if (real.startsWith(realPath(in)) && Files.isRegularFile(real) && Images.hasImageExtension(real)) {
                    return Optional.of(in);
                }
            } else if (same(output, in)) {
                return Optional.of(in);
            }
        }
        return Optional.empty();
    }

    private static boolean same(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return realPath(a).equals(realPath(b));
        }
    }

    private static Path realPath(Path p) {
        try {
            return p.toRealPath();
        } catch (IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }
}
