package dev.fer.examples.cli;

import dev.fer.Emotion;
import dev.fer.EmotionPipeline;
import dev.fer.eval.EvaluationReport;
import dev.fer.eval.Evaluator;
import dev.fer.eval.LabeledDataset;
import dev.fer.examples.draw.ConfusionMatrixChart;
import dev.fer.examples.draw.Palette;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code evaluate DATASET_DIR [--cropped] [--json OUT.json]}: accuracy of the pipeline on a folder-per-label
 * dataset, printed as the per-class table, optionally saved as JSON with a confusion-matrix picture.
 */
public final class EvaluateCommand extends Command {
    @Override
    public String name() {
        return "evaluate";
    }

    @Override
    public String summary() {
        return "accuracy on a folder-per-label dataset, confusion matrix";
    }

    @Override
    protected CommandLine commandLine() {
        return PipelineOptions.declare(new CommandLine(name(), "Evaluates the pipeline on DATASET_DIR/<label>/*.jpg "
                + "(labels: angry, contempt, disgust, fear, happy, neutral, sad, surprise). By default each image is "
                + "a photo: the top face is classified and images without a face count as misses. With --cropped each "
                + "image is already a face crop.")
                .flag("cropped", "the images are face crops: classify each whole image, no detection")
                .option("json", "OUT.json", "write the numbers as JSON, and a confusion-matrix picture OUT.png"))
                .positionals("DATASET_DIR", 1, 1);
    }

    @Override
    protected int execute(CommandLine.Parsed args, PrintStream out, PrintStream err) throws Exception {
        Path dir = existingDirectory(args.positionals().get(0));
        PipelineOptions options = PipelineOptions.from(args);
        if (options.classifier().isEmpty()) {
            throw new UsageException("evaluate needs an emotion classifier; --classifier none only detects faces");
        }
        Path json = args.value("json").map(Command::outputFile).orElse(null);
        LabeledDataset dataset;
        try {
            dataset = LabeledDataset.scan(dir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Evaluator.Mode mode = args.has("cropped") ? Evaluator.Mode.CROPPED : Evaluator.Mode.FULL_PHOTO;
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
        JsonWriter w = new JsonWriter().beginObject();
        w.name("n").value(report.n());
        w.name("no_face").value(report.noFace());
        w.name("overall").value(report.overall(), 6);
        w.name("macro").value(report.macro(), 6);
        w.name("per_class").beginObject();
        for (Emotion e : rows) {
            w.name(e.jsonName()).value(report.accuracy(e), 6);
        }
        w.endObject();
        w.name("confusion").beginObject();
        for (Emotion t : rows) {
            w.name(t.jsonName()).beginObject();
            for (Emotion p : columns) {
                w.name(p.jsonName()).value(report.count(t, p));
            }
            w.endObject();
        }
        w.endObject();
        w.name("unsupported_classes").beginArray();
        for (Emotion e : Palette.ordered(report.unsupportedClasses())) {
            w.value(e.jsonName());
        }
        w.endArray();
        return w.endObject().toString();
    }
}
