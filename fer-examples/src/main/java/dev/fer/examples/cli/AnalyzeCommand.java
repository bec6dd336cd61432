package dev.fer.examples.cli;

import dev.fer.EmotionPipeline;
import dev.fer.examples.draw.Annotator;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * {@code analyze [--json] [--annotate OUT.png] IMAGE...}: detects faces and their emotions in each image and prints
 * a summary, or one JSON object per image per line.
 */
public final class AnalyzeCommand extends Command {
    @Override
    public String name() {
        return "analyze";
    }

    @Override
    public String summary() {
        return "faces and emotions in images (text, JSON lines, annotated picture)";
    }

    @Override
    protected CommandLine commandLine() {
        return PipelineOptions.declare(new CommandLine(name(), "Detects every face in each image and classifies its "
                + "emotion. Prints a summary per image, or with --json one JSON object per image per line.")
                .flag("json", "print one JSON object per image per line instead of text")
                .option("annotate", "OUT.png", "write the picture with boxes, landmarks and emotion charts; with "
                        + "several images OUT is a folder"))
                .positionals("IMAGE...", 1, Integer.MAX_VALUE);
    }

    @Override
    protected int execute(CommandLine.Parsed args, PrintStream out, PrintStream err) throws IOException {
        List<Path> images = new ArrayList<>();
        for (String a : args.positionals()) {
            images.add(existingFile(a));
        }
        PipelineOptions options = PipelineOptions.from(args);
        Path annotate = args.value("annotate").map(Path::of).orElse(null);
        if (annotate != null && images.size() > 1) {
            Files.createDirectories(annotate);
        } else if (annotate != null) {
            annotate = outputFile(annotate.toString());
        }
        boolean json = args.has("json");
        try (EmotionPipeline pipeline = options.build()) {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                String shown = args.positionals().get(i);
                long t0 = System.nanoTime();
                FerImage image = Images.read(file);
                long decode = System.nanoTime() - t0;
                AnalysisResult r = pipeline.analyze(image);
                r = r.withTimings(r.timings().withDecode(decode));
                out.print(json ? Results.toJson(shown, r) + System.lineSeparator() : Results.toText(shown, r));
                if (annotate != null) {
                    Path target = images.size() > 1 ? annotate.resolve(baseName(file) + ".png") : annotate;
                    writePicture(Annotator.annotate(image, r), target);
                    if (!json) {
                        out.println("  annotated picture: " + target);
                    }
                }
            }
        }
        return OK;
    }

    private static String baseName(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /**
     * Writes a picture in the format its extension names (png, jpg, bmp), PNG otherwise.
     *
     * @param picture the picture
     * @param target the file
     * @throws IOException when it cannot be written
     */
    static void writePicture(BufferedImage picture, Path target) throws IOException {
        String n = target.getFileName().toString().toLowerCase(Locale.ROOT);
        String format = n.endsWith(".jpg") || n.endsWith(".jpeg") ? "jpg" : n.endsWith(".bmp") ? "bmp" : "png";
        if (!ImageIO.write(picture, format, target.toFile())) {
            throw new IOException("no " + format + " writer available for " + target);
        }
    }
}
