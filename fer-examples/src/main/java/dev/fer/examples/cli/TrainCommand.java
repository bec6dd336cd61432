package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.eval.LabeledDataset;
import dev.fer.onnx.HeadModel;
import dev.fer.model.ModelRepository;
import dev.fer.train.DatasetException;
import dev.fer.train.FeatureSet;
import dev.fer.train.HeadFitter;
import dev.fer.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code train DIR [--cropped] [--backbone ID[,ID...]] [--head logistic|svm|knn] [--balanced] [--flip] --out FILE}:
 * fits an emotion head on the embeddings of your labeled faces and writes it as one head file, which
 * {@code --classifier FILE} (any command) and {@code FittedHead.load} use.
 */
@Command(name = "train", abbreviateSynopsis = true,
        description = {"fit an emotion head on your own labeled faces", "",
                "Extracts CNN embeddings of DIR/<label>/* (or a flat folder with labels.csv: file,label), fits a "
                        + "head (any subset of the 8 emotions, contempt included) and writes it to --out. Without "
                        + "--cropped each image is a photo: its top face is detected and aligned; images without a "
                        + "face are counted and left out. Nothing is written when fitting fails."})
public final class TrainCommand extends BaseCommand {
    @Mixin
    TrainingArgs training;

    @Option(names = "--out", paramLabel = "FILE", description = "the head file to write (required)")
    String outArg;

    @Parameters(paramLabel = "DIR", arity = "1", description = "the labeled faces")
    String dirArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path dir = existingDirectory(dirArg);
        if (outArg == null) {
            throw new UsageException("train needs --out FILE, the head file to write");
        }
        Path file = outputFile(outArg);
        TrainingOptions options = training.options();
        List<LabeledDataset.Sample> samples = training.scan(dir);
        Set<Emotion> classes = samples.stream().map(LabeledDataset.Sample::label).collect(Collectors.toSet());
        if (classes.size() < 2) {
            throw new UsageException("Training needs images of at least two classes; " + dir + " has only "
                    + classes.stream().map(Emotion::jsonName).toList() + ".");
        }
        try (HeadFitter fitter = HeadFitter.create(options, training.execution(),
                ModelRepository.fromEnvironment())) {
            FeatureSet set = extract(fitter, samples, dir, err);
            out.printf(Locale.ROOT, "%s: %d images (%s), %s%n", dir, set.items().size(),
                    options.cropped() ? "cropped faces" : "photos, top face", counts(set.counts()));
            if (!set.noFaceFiles().isEmpty()) {
                out.printf(Locale.ROOT, "no face found in %d of %d images (left out of fitting): %s%n",
                        set.noFaceFiles().size(), set.items().size(), set.noFaceFiles().stream().limit(5)
                                .map(Path::toString).collect(Collectors.joining(", ")));
            }
            long start = System.nanoTime();
            HeadModel head;
            try {
                head = fitter.fit(set);
            } catch (DatasetException e) {
                throw new UsageException(e.getMessage());
            }
            double fitSeconds = (System.nanoTime() - start) / 1e9;
            head.write(file);
            out.printf(Locale.ROOT, "fitted a %s head on %s examples of %d values in %.1f s (%s)%n",
                    head.kind().key(), head.provenance().get("examples"), head.dimension(), fitSeconds,
                    options.describe());
            out.printf(Locale.ROOT, "wrote %s (%d bytes)%n", file, Files.size(file));
        }
        return OK;
    }

    /**
     * Extracts the embeddings with a progress line on stderr.
     *
     * @param fitter the fitter
     * @param samples the images
     * @param dir the data set folder
     * @param err where progress goes
     * @return the feature set
     */
    static FeatureSet extract(HeadFitter fitter, List<LabeledDataset.Sample> samples, Path dir, PrintStream err) {
        Progress progress = new Progress("images", samples.size(), err, Progress.isTerminal());
        try {
            return fitter.extract(samples, dir, (done, total) -> progress.update(done));
        } finally {
            progress.finish();
        }
    }

    /**
     * Counts per class as text.
     *
     * @param counts class to count
     * @return for example {@code happy 12, sad 9}
     */
    static String counts(Map<Emotion, Integer> counts) {
        return counts.entrySet().stream().map(e -> e.getKey().jsonName() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }
}
