package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.draw.Palette;
import dev.fer.eval.EvaluationReport;
import dev.fer.eval.LabeledDataset;
import dev.fer.examples.draw.ConfusionMatrixChart;
import dev.fer.model.ModelRepository;
import dev.fer.train.CrossValidationResult;
import dev.fer.train.DatasetException;
import dev.fer.train.FeatureSet;
import dev.fer.train.GroupedFolds;
import dev.fer.train.HeadFitter;
import dev.fer.train.TrainingOptions;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code crossval DIR [--cropped] --folds K --group-by REGEX [training options] [--json OUT.json]}: grouped K-fold
 * cross-validation of a head on your labeled faces, printed as the paper's per-class table; the JSON has the keys
 * of {@code evaluate --json}.
 */
@Command(name = "crossval", abbreviateSynopsis = true,
        description = {"cross-validate a head on your own faces, folds grouped by subject", "",
                "Extracts the embeddings of DIR once, then for each of K folds fits a head on the other folds and "
                        + "tests it on this one. The subject of an image is the first capture group of --group-by "
                        + "found in its file name (CK+: '^(S\\d+)_'), and no subject is ever on both sides. Images "
                        + "without a face count as misses. Results are summed over folds."})
public final class CrossvalCommand extends BaseCommand {
    @Mixin
    TrainingArgs training;

    @Option(names = "--folds", paramLabel = "K", converter = Numbers.Positive.class,
            description = "number of folds, at least 2 (default 10)")
    Integer folds;

    @Option(names = "--group-by", paramLabel = "REGEX",
            description = "regular expression whose first capture group, found in a file name, is the subject "
                    + "(required)")
    String groupBy;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the numbers as JSON (the keys of "
            + "'evaluate --json'), and a confusion-matrix picture OUT.png")
    String jsonArg;

    @Parameters(paramLabel = "DIR", arity = "1", description = "the labeled faces")
    String dirArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path dir = existingDirectory(dirArg);
        int k = folds == null ? 10 : folds;
        if (k < 2) {
            throw new UsageException("--folds must be at least 2, got " + k);
        }
        if (groupBy == null) {
            throw new UsageException("crossval needs --group-by REGEX, whose first capture group in a file name is "
                    + "the subject (CK+: '^(S\\d+)_')");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(groupBy);
        } catch (PatternSyntaxException e) {
            throw new UsageException("--group-by '" + groupBy + "' is not a regular expression: "
                    + oneLine(e.getDescription()));
        }
        if (pattern.matcher("").groupCount() < 1) {
            throw new UsageException("--group-by '" + groupBy + "' has no capture group; put the subject in "
                    + "parentheses, for example '^(S\\d+)_'");
        }
        Path json = jsonArg == null ? null : outputFile(jsonArg);
        TrainingOptions options = training.options();
        List<LabeledDataset.Sample> samples = training.scan(dir);
        try {
            // Check the grouping before spending minutes on embeddings.
            GroupedFolds.assign(samples.stream().map(LabeledDataset.Sample::file).toList(),
                    samples.stream().map(LabeledDataset.Sample::label).toList(), k, pattern);
        } catch (DatasetException e) {
            throw new UsageException(e.getMessage());
        }
        long start = System.nanoTime();
        CrossValidationResult cv;
        FeatureSet set;
        double extractSeconds;
        try (HeadFitter fitter = HeadFitter.create(options, training.execution(),
                ModelRepository.fromEnvironment())) {
            set = TrainCommand.extract(fitter, samples, dir, err);
            extractSeconds = (System.nanoTime() - start) / 1e9;
            try {
                cv = fitter.crossValidate(set, k, groupBy);
            } catch (DatasetException e) {
                throw new UsageException(e.getMessage());
            }
        }
        double totalSeconds = (System.nanoTime() - start) / 1e9;
        EvaluationReport report = cv.report();
        out.printf(Locale.ROOT, "%s: %d images (%s), %d folds grouped by '%s' (%d groups), %s%n", dir, report.n(),
                options.cropped() ? "cropped faces" : "photos, top face", k, groupBy,
                cv.folds().stream().mapToInt(f -> f.testGroups().size()).sum(), options.describe());
        out.print(report.toTable());
        out.printf(Locale.ROOT, "%ntime: %.1f s (embeddings %.1f s, once; fitting %.1f s summed over folds)%n",
                totalSeconds, extractSeconds, cv.fitting().toNanos() / 1e9);
        if (json != null) {
            List<Emotion> rows = Palette.ordered(report.support().keySet());
            EnumSet<Emotion> cols = EnumSet.copyOf(report.support().keySet());
            cols.addAll(EnumSet.complementOf(EnumSet.copyOf(report.unsupportedClasses().isEmpty()
                    ? EnumSet.noneOf(Emotion.class) : report.unsupportedClasses())));
            List<Emotion> columns = Palette.ordered(cols);
            Files.writeString(json, EvaluateCommand.toJson(report, rows, columns) + System.lineSeparator(),
                    StandardCharsets.UTF_8);
            Path png = sibling(json, "png");
            AnalyzeCommand.writePicture(ConfusionMatrixChart.render(report, rows, columns,
                    "Cross-validation: " + dir.toAbsolutePath().normalize().getFileName()), png);
            out.println("wrote " + json + " and " + png);
        }
        return OK;
    }
}
