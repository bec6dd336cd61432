package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.draw.Palette;
import dev.fer.geometry.BoundingBox;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import dev.fer.result.FaceAnalysis;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code batch DIR --csv OUT.csv}: analyses every image under a folder, recursively, on all cores (one shared
 * pipeline, a pool of worker threads), and writes one CSV row per face, in sorted path order.
 */
@Command(name = "batch", abbreviateSynopsis = true,
        description = {"every image under a folder, on all cores, to a CSV file", "",
                "Analyses every image under DIR (recursively) with one shared pipeline on a pool of worker threads. "
                        + "Writes one CSV row per face (image, face, box, score, each emotion, dominant) and one row "
                        + "with an empty face column for images without a face, sorted by path. Unreadable files are "
                        + "reported on stderr and skipped. Images: " + Images.SUPPORTED_FORMATS + "."})
public final class BatchCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--csv", paramLabel = "OUT.csv", description = "where to write the rows (default: standard "
            + "output)")
    String csvArg;

    @Option(names = "--workers", paramLabel = "N", converter = Numbers.Positive.class,
            description = "worker threads (default: one per core); --threads then defaults to 1")
    Integer workersArg;

    @Parameters(paramLabel = "DIR", arity = "1", description = "the folder")
    String dirArg;

    /** One file's outcome. */
    private record Outcome(String image, AnalysisResult result, String error) {
    }

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path dir = existingDirectory(dirArg);
        int workers = workersArg != null ? workersArg : Runtime.getRuntime().availableProcessors();
        // Parallelism comes from the workers: one runtime thread per model avoids oversubscribing the cores.
        PipelineOptions options = pipelineArgs.options().withDefaultThreads(1);
        Path csv = csvArg == null ? null : outputFile(csvArg);
        if (csv != null) {
            OutputPaths.requireNotInput("--csv", csv, List.of(dir));
        }
        Listing listing = listImages(dir);
        List<Path> files = listing.images();
        for (Listing.Skip skip : listing.skipped()) {
            err.println(PROGRAM + " batch: skipped " + skip.entry() + ": " + skip.reason());
        }
        if (listing.notImages() > 0) {
            err.println(PROGRAM + " batch: ignored " + listing.notImages() + " file" + (listing.notImages() == 1 ? ""
                    : "s") + " in other formats (images: " + Images.SUPPORTED_FORMATS + ")");
        }
        if (files.isEmpty()) {
            err.println(PROGRAM + " batch: no image files (" + Images.SUPPORTED_FORMATS + ") under " + dir);
        }

        List<Outcome> outcomes = new ArrayList<>(files.size());
        List<Emotion> classes;
        Progress progress;
        try (EmotionPipeline pipeline = options.build()) {
            progress = new Progress("images", files.size(), err, Progress.isTerminal());
            classes = pipeline.classifier().map(c -> Palette.ordered(c.classes())).orElse(List.of());
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "fer-batch");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<Outcome>> futures = new ArrayList<>(files.size());
                for (Path file : files) {
                    String shown = relative(dir, file);
                    Progress bar = progress;
                    futures.add(pool.submit(() -> {
                        try {
                            return new Outcome(shown, pipeline.analyze(file), null);
                        } catch (RuntimeException e) {
                            return new Outcome(shown, null, describe(e));
                        } finally {
                            bar.step();
                        }
                    }));
                }
                for (Future<Outcome> f : futures) {
                    try {
                        outcomes.add(f.get());
                    } catch (ExecutionException e) {
                        throw new IllegalStateException(describe(e.getCause()), e.getCause());
                    }
                }
            } finally {
                pool.shutdownNow();
                progress.finish();
            }
        }

        int faces = 0;
        int noFace = 0;
        int skipped = 0;
        Writer target = csv == null ? new OutputStreamWriter(out, StandardCharsets.UTF_8)
                : Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
        try (BufferedWriter w = new BufferedWriter(target)) {
            List<String> header = new ArrayList<>(List.of("image", "face", "x1", "y1", "x2", "y2", "score"));
            classes.forEach(e -> header.add(e.jsonName()));
            header.add("dominant");
            w.write(Csv.row(header));
            w.newLine();
            for (Outcome o : outcomes) {
                if (o.error() != null) {
                    skipped++;
                    continue;
                }
                List<FaceAnalysis> list = o.result().faces();
                if (list.isEmpty()) {
                    noFace++;
                    List<String> row = new ArrayList<>();
                    row.add(o.image());
                    for (int i = 1; i < header.size(); i++) {
                        row.add("");
                    }
                    w.write(Csv.row(row));
                    w.newLine();
                }
                for (int i = 0; i < list.size(); i++) {
                    faces++;
                    w.write(Csv.row(faceRow(o.image(), i, list.get(i), classes)));
                    w.newLine();
                }
            }
            w.flush();
        }
        for (Outcome o : outcomes) {
            if (o.error() != null) {
                err.println(PROGRAM + " batch: skipped " + o.image() + ": " + o.error());
            }
        }
        PrintStream report = csv == null ? err : out;
        int ignored = listing.skipped().size() + listing.notImages();
        report.printf(Locale.ROOT, "%d images: %d faces, %d without a face, %d skipped%s; %.1f images/s%s%n",
                outcomes.size() - skipped, faces, noFace, skipped, ignored == 0 ? "" : "; " + ignored + " other "
                        + (ignored == 1 ? "entry" : "entries") + " not analysed (see above)",
                files.size() / Math.max(1e-9, progress.elapsedSeconds()), csv == null ? "" : "; wrote " + csv);
        return files.isEmpty() || skipped < files.size() ? OK : FAILED;
    }

    private static List<String> faceRow(String image, int index, FaceAnalysis f, List<Emotion> classes) {
        BoundingBox b = f.detection().box();
        List<String> row = new ArrayList<>(List.of(image, Integer.toString(index), Csv.num(b.x1(), 2),
                Csv.num(b.y1(), 2), Csv.num(b.x2(), 2), Csv.num(b.y2(), 2), Csv.num(f.detection().score(), 4)));
        for (Emotion e : classes) {
            row.add(f.emotions().map(s -> Csv.num(s.probability(e), 6)).orElse(""));
        }
        row.add(f.dominant().map(Emotion::jsonName).orElse(""));
        return row;
    }

    /**
     * What a folder walk found.
     *
     * @param images image files, sorted by their path relative to the folder
     * @param skipped entries that could not be looked at (unreadable folders, link loops, special files, folders
     *     with an image's name), with the reason
     * @param notImages regular files whose names are not of a supported image format
     */
    record Listing(List<Path> images, List<Skip> skipped, int notImages) {
        /**
         * One entry left out.
         *
         * @param entry its path relative to the folder
         * @param reason why, one line
         */
        record Skip(String entry, String reason) {
        }
    }

    /**
     * Image files under a folder, recursively (following links), hidden entries skipped, sorted by their path
     * relative to the folder. Entries that cannot be read are reported in the listing, never silently dropped, and
     * never stop the walk.
     *
     * @param dir the folder
     * @return the listing
     * @throws IOException when the folder itself cannot be walked
     */
    static Listing listImages(Path dir) throws IOException {
        List<Path> images = new ArrayList<>();
        List<Listing.Skip> skipped = new ArrayList<>();
        int[] notImages = {0};
        Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                        if (!d.equals(dir) && d.getFileName().toString().startsWith(".")) {
                            return FileVisitResult.SKIP_SUBTREE;
                        }
                        if (!d.equals(dir) && Images.hasImageExtension(d)) {
                            skipped.add(new Listing.Skip(relative(dir, d), "a folder, not an image file (its "
                                    + "contents are still read)"));
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                        if (f.getFileName().toString().startsWith(".")) {
                            return FileVisitResult.CONTINUE;
                        }
                        if (!attrs.isRegularFile()) {
                            if (attrs.isSymbolicLink()) {
                                skipped.add(new Listing.Skip(relative(dir, f), "a link to nothing"));
                            } else {
                                skipped.add(new Listing.Skip(relative(dir, f), "not a regular file (a pipe, "
                                        + "socket or device)"));
                            }
                        } else if (Images.hasImageExtension(f)) {
                            images.add(f);
                        } else {
                            notImages[0]++;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
                        if (f.equals(dir)) {
                            throw e;
                        }
                        String why = e instanceof FileSystemLoopException ? "a link that loops back to a folder "
                                + "above it" : e instanceof AccessDeniedException ? "permission denied"
                                : describe(e);
                        skipped.add(new Listing.Skip(relative(dir, f), why));
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path d, IOException e) {
                        if (e != null) {
                            skipped.add(new Listing.Skip(relative(dir, d), "cannot be read to the end: "
                                    + describe(e)));
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
        images.sort((a, b) -> relative(dir, a).compareTo(relative(dir, b)));
        skipped.sort((a, b) -> a.entry().compareTo(b.entry()));
        return new Listing(List.copyOf(images), List.copyOf(skipped), notImages[0]);
    }

    private static String relative(Path dir, Path file) {
        return dir.relativize(file).toString().replace('\\', '/');
    }
}
