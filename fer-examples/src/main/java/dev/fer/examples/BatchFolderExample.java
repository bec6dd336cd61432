package dev.fer.examples;

import dev.fer.EmotionPipeline;
import dev.fer.image.Images;
import dev.fer.result.AnalysisResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Copy me: analyses every image ({@link Images#SUPPORTED_FORMATS}) in a folder on all cores with one shared
 * pipeline (pipelines are thread-safe) and prints one line per image, in sorted order. Usage:
 * {@code BatchFolderExample DIR}.
 */
public final class BatchFolderExample {
    private BatchFolderExample() {
    }

    /**
     * Runs the example.
     *
     * @param args the folder
     * @throws Exception when the folder cannot be listed
     */
    public static void main(String[] args) throws Exception {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Path.of(args[0]))) {
            files = walk.filter(Files::isRegularFile).filter(Images::hasImageExtension).sorted().toList();
        }
        int cores = Runtime.getRuntime().availableProcessors();
        // One runtime thread per model: the parallelism comes from the worker threads.
        try (EmotionPipeline pipeline = EmotionPipeline.builder().threads(1).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(cores);
            List<Future<AnalysisResult>> results = new ArrayList<>();
            for (Path file : files) {
                results.add(pool.submit(() -> pipeline.analyze(file)));
            }
            for (int i = 0; i < files.size(); i++) {
                try {
                    AnalysisResult r = results.get(i).get();
                    System.out.println(files.get(i) + ": " + r.faces().size() + " face(s) "
                            + r.faces().stream().map(f -> f.dominant().orElseThrow().jsonName()).toList());
                } catch (java.util.concurrent.ExecutionException e) {
                    System.err.println(files.get(i) + ": skipped, " + e.getCause().getMessage());
                }
            }
            pool.shutdown();
        }
    }
}
