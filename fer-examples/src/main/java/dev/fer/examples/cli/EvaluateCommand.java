package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.eval.EvaluationReport;
import dev.fer.eval.Evaluator;
import dev.fer.eval.LabeledDataset;
import dev.fer.examples.draw.ConfusionMatrixChart;
import dev.fer.draw.Palette;
import dev.fer.image.Images;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code evaluate DATASET_DIR [--cropped] [--json OUT.json]}: accuracy of the pipeline on a folder-per-label
 * dataset, printed as the per-class table, optionally saved as JSON with a confusion-matrix picture.
 */
@Command(name = "evaluate", abbreviateSynopsis = true,
        description = {"accuracy on a labelled dataset, confusion matrix", "",
                "Evaluates the pipeline on DATASET_DIR/<label>/<image>, or on a flat DATASET_DIR with a labels.csv "
                        + "(file,label) beside the images (labels: angry, contempt, disgust, fear, happy, neutral, "
                        + "sad, surprise). Images: " + Images.SUPPORTED_FORMATS + ". By default each image is a photo: the top face is classified and "
                        + "images without a face count as misses. With --cropped each image is already a face crop."})
public final class EvaluateCommand extends BaseCommand {
    @Mixin
    PipelineArgs pipelineArgs;

    @Option(names = "--cropped", description = "the images are face crops: classify each whole image, no detection")
    boolean cropped;

    @Option(names = "--json", paramLabel = "OUT.json", description = "write the numbers as JSON, and a "
            + "confusion-matrix picture OUT.png")
    String jsonArg;

    @Parameters(paramLabel = "DATASET_DIR", arity = "1", description = "the dataset folder")
    String dirArg;

    @Override
    protected int execute(PrintStream out, PrintStream err) throws Exception {
        Path dir = existingDirectory(dirArg);
        PipelineOptions options = pipelineArgs.options();
        if (options.classifier().isEmpty()) {
            throw new UsageException("evaluate needs an emotion classifier; --classifier none only detects faces");
        }
        Path json = jsonArg == null ? null : outputFile(jsonArg);
        if (json != null) {
            OutputPaths.requireNotInput("--json", json, List.of(dir));
            OutputPaths.requireNotInput("--json", sibling(json, "png"), List.of(dir));
        }
        LabeledDataset dataset;
        try {
            dataset = LabeledDataset.scan(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Evaluator.Mode mode = cropped ? Evaluator.Mode.CROPPED : Evaluator.Mode.FULL_PHOTO;
        EvaluationReport report;
        Set<Emotion> modelClasses;
        try (EmotionPipeline pipeline = options.build()) {
            Progress progress = new Progress("images", dataset.samples().size(), err, Progress.isTerminal());
            modelClasses = pipeline.classifier().orElseThrow().classes();
            try {
                report = Evaluator.evaluate(pipeline, dataset, mode, (done, sample) -> progress.update(done));
            } finally {
                progress.finish();
            }
        }
        out.printf("%s: %d images, %s%n", dir, report.n(), mode == Evaluator.Mode.CROPPED ? "cropped faces"
                : "full photos (top face)");
        out.print(report.toTable());
        if (json != null) {
            List<Emotion> rows = Palette.ordered(report.support().keySet());
            EnumSet<Emotion> cols = EnumSet.copyOf(modelClasses);
            cols.addAll(report.support().keySet());
            List<Emotion> columns = Palette.ordered(cols);
            Files.writeString(json, toJson(report, rows, columns) + System.lineSeparator(), StandardCharsets.UTF_8);
            Path png = sibling(json, "png");
            AnalyzeCommand.writePicture(ConfusionMatrixChart.render(report, rows, columns,
                    "Confusion matrix: " + dir.toAbsolutePath().normalize().getFileName()), png);
            out.println("wrote " + json + " and " + png);
        }
        return OK;
    }

    /**
     * The report as JSON: n, no_face, overall, macro, per_class, confusion, unsupported_classes.
     *
     * @param report the report
     * @param rows true labels (rows of the confusion matrix)
     * @param columns predicted classes (columns)
     * @return the JSON text
     */
    static String toJson(EvaluationReport report, List<Emotion> rows, List<Emotion> columns) {
        ObjectNode o = JsonOutput.object();
        o.put("n", report.n());
        o.put("no_face", report.noFace());
        o.set("overall", JsonOutput.number(report.overall(), 6));
        o.set("macro", JsonOutput.number(report.macro(), 6));
        ObjectNode perClass = o.putObject("per_class");
        for (Emotion e : rows) {
            perClass.set(e.jsonName(), JsonOutput.number(report.accuracy(e), 6));
        }
        ObjectNode confusion = o.putObject("confusion");
        for (Emotion t : rows) {
            ObjectNode row = confusion.putObject(t.jsonName());
            for (Emotion p : columns) {
                row.put(p.jsonName(), report.count(t, p));
            }
        }
        ArrayNode unsupported = o.putArray("unsupported_classes");
        for (Emotion e : Palette.ordered(report.unsupportedClasses())) {
            unsupported.add(e.jsonName());
        }
        return JsonOutput.write(o);
    }
}
