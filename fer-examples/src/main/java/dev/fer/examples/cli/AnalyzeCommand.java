package dev.fer.examples.cli;

import dev.fer.EmotionPipeline;
import dev.fer.draw.Annotator;
import dev.fer.image.FerImage;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Locale;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code analyze [--json] [--annotate OUT.png] IMAGE...}: detects faces and their emotions in each image and prints
 * a summary, or one JSON object per image per line.
 */
@Command(name = "analyze", abbreviateSynopsis = true,
        description = {"faces and emotions in images (text, JSON lines, annotated picture)", "",
                "Detects every face in each image and classifies its emotion. Prints a summary per image, or with "
                        + "--json one JSON object per image per line."})
public final class AnalyzeCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--json", description = "print one JSON object per image per line instead of text")
    boolean json;

    @Option(names = "--annotate", paramLabel = "OUT.png", description = "write the picture with boxes, landmarks "
            + "and emotion charts; with several images OUT is a folder")
    String annotateArg;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "image files")
    List<String> imageArgs;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws IOException {
        List<Path> images = new ArrayList<>();
        for (String a : imageArgs) {
            images.add(existingFile(a));
        }
        PipelineOptions options = pipelineArgs.options();
        Path annotate = annotateArg == null ? null : Path.of(annotateArg);
        boolean folder = annotate != null && images.size() > 1;
        if (folder) {
            if (Files.exists(annotate) && !Files.isDirectory(annotate)) {
                throw new UsageException("--annotate " + annotate + " is a file; with several images it names a "
                        + "folder");
            }
            Path parent = annotate.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UsageException("the folder of --annotate " + annotate + " does not exist (" + parent
                        + "); create it first");
            }
            Files.createDirectories(annotate);
        } else if (annotate != null) {
            annotate = outputFile(annotate.toString());
            OutputPaths.requireNotInput("--annotate", annotate, images);
        }
        Map<Path, Path> targets = folder ? pictureNames(annotate, images) : Map.of();
        int failed = 0;
        try (EmotionPipeline pipeline = options.build()) {
            for (int i = 0; i < images.size(); i++) {
                Path file = images.get(i);
                String shown = imageArgs.get(i);
                try {
                    long t0 = System.nanoTime();
                    FerImage image = Images.read(file);
                    long decode = System.nanoTime() - t0;
                    AnalysisResult r = pipeline.analyze(image);
                    r = r.withTimings(r.timings().withDecode(decode));
                    out.print(json ? Results.toJson(shown, r) + System.lineSeparator() : Results.toText(shown, r));
                    if (annotate != null) {
                        Path target = folder ? targets.get(file) : annotate;
                        writePicture(Annotator.annotate(image, r), target);
                        if (!json) {
                            out.println("  annotated picture: " + target);
                        }
                    }
                } catch (RuntimeException | IOException e) {
                    // One bad file does not stop the others; the run still ends with status 1.
                    failed++;
                    err.println(PROGRAM + " analyze: " + describe(e));
                }
            }
        }
        return failed == 0 ? OK : FAILED;
    }

    /**
     * One picture per image inside the folder: {@code NAME.png}, made unique with {@code -2}, {@code -3} ... when
     * two inputs share a name or the name is one of the inputs.
     */
    private static Map<Path, Path> pictureNames(Path folder, List<Path> images) {
        Map<Path, Path> targets = new HashMap<>();
        Set<String> used = new HashSet<>();
        for (Path file : images) {
            if (targets.containsKey(file)) {
                continue;
            }
            String base = baseName(file);
            Path target = folder.resolve(base + ".png");
            for (int n = 2; !used.add(target.getFileName().toString())
                    || OutputPaths.clash(target, images).isPresent(); n++) {
                target = folder.resolve(base + "-" + n + ".png");
            }
            targets.put(file, target);
        }
        return targets;
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
